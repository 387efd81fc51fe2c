"""What every view declares and answers, so the window can host it without knowing it.

A view is a widget that turns the shared :class:`ExplorerState` (plus its own
viewport and settings) into an immutable request, shows the result the worker
computed for it, draws the same result as an export figure, and saves and
restores its own settings. The host calls only what is declared here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ...core import records
from ...core.catalog import ActivationSpec
from ...core.snippets import Snippet, snippet
from ...core.state import ExplorerState
from ..figures.render import FigureCanvas

ParamLimits = Mapping[str, tuple[float, float]]
RequestT = TypeVar("RequestT")
ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class GlobalAction:
    """An action a view offers in the toolbar and the View menu whatever view is shown.

    Declared on the class (:meth:`View.global_actions`), so the window puts it there from the
    first paint without building the view: building the Compare view for its Pin Curve button
    cost the window ~30 ms of its start-up. The view is built when the action is first triggered.
    """

    slot: str
    """The name of the view's method the action calls."""
    text: str
    shortcut: str = ""
    tooltip: str = ""


class View(QWidget, Generic[RequestT, ResultT]):
    """Base class of the views: ``class StackView(View[StackRequest, StackResult])``, so the type
    checker holds each view's request, result, ``show_result`` and ``figure`` to one pair.
    Subclasses set the class attributes and override the methods."""

    id: ClassVar[str]
    """Stable, saved in settings and used on the command line."""
    request_type: ClassVar[type]
    """The request it builds; its compute function is registered in ``core.dispatch``."""
    result_type: ClassVar[type]
    """The result it shows and draws; data writers register for it in ``core.writers``."""

    request_changed = Signal()
    """Its viewport or own settings changed: the host asks :meth:`build_request` again."""
    notice = Signal(str)
    """A line for the status bar about something it did (the host shows it for a while)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_result: ResultT | None = None
        self.host_state: Callable[[], ExplorerState] | None = None
        """Set by the host: the shared state now, for actions that work from any view (Pin)."""

    # --- declaration -----------------------------------------------------------

    @classmethod
    def title(cls) -> str:
        """The tab title, translated. A class method: the tab is there before the view is built."""
        raise NotImplementedError

    @classmethod
    def accepts(cls, spec: ActivationSpec) -> bool:
        """Whether it can show ``spec``; the window disables its tab otherwise."""
        return True

    @classmethod
    def param_limits(cls, spec: ActivationSpec) -> ParamLimits:
        """Ranges it imposes on numeric parameters, narrower than the declaration's."""
        return {}

    @classmethod
    def unused_params(cls, spec: ActivationSpec) -> frozenset[str]:
        """Parameters its input has no use for (see ``ParamSpec.scope``); their controls are disabled."""
        return frozenset()

    def actions(self) -> list[QAction]:
        """Actions for the View menu, enabled while this view is shown."""
        return []

    @classmethod
    def global_actions(cls) -> list[GlobalAction]:
        """Actions for the toolbar and the View menu, enabled whatever view is shown (translated)."""
        return []

    def adopt_global_actions(self, actions: Mapping[str, QAction]) -> None:
        """The window's actions for :meth:`global_actions`, by slot, once the view is built: a view
        may show them in its own widgets too."""

    # --- request ---------------------------------------------------------------

    def set_state(self, state: ExplorerState) -> None:
        """The shared state changed (called before :meth:`build_request`)."""

    def build_request(self, state: ExplorerState) -> RequestT:
        """The request for ``state`` in this view's viewport and settings (the host validates it)."""
        raise NotImplementedError

    def learn_input_code(self, state: ExplorerState) -> str:
        """PyTorch code that builds the ``x`` the Learn panel's snippets apply the activation to."""
        raise NotImplementedError

    def learn_snippet(self, state: ExplorerState) -> Snippet:
        """The activation's code as this view applies it to the ``x`` of :meth:`learn_input_code`."""
        return snippet(state.spec, state.current_params())

    def learn_program(self, state: ExplorerState) -> str | None:
        """A whole program for the Learn panel when the view computes more than f(x) (None: nothing)."""
        return None

    # --- result ----------------------------------------------------------------

    def show_result(self, result: ResultT) -> None:
        """Show ``result`` (of :attr:`result_type`); long-lived items, ``setData`` only."""
        raise NotImplementedError

    def finish_showing(self) -> None:
        """Complete now a result that is being shown over several event-loop turns (before the
        widget is grabbed as a picture). Most views show a result at once: nothing to do."""

    def exported_result(self) -> ResultT | None:
        """What File > Export and Copy Image write: the last result, or more than it when the view
        kept what the user watched (the training tab's predictions, for a GIF)."""
        return self.last_result

    def status_text(self, result: ResultT) -> str:
        """One line for the status bar about ``result``."""
        return ""

    def reset_view(self) -> None:
        """Back to the home view (View > Reset View)."""

    def screen_ranges(self) -> list[tuple[list[float], list[float]]] | None:
        """The (x, y) ranges of the export figure's panels as they are on screen, in the figure's
        panel order, so a PNG shows what the user zoomed to; None: the figure fits its own."""
        return None

    def adopt_devices(self, available: list[str]) -> list[str]:
        """The devices this machine has (once PyTorch answers). A view whose own settings name a
        device (a pinned curve stored on cuda:7) moves what this machine lacks to the CPU and
        returns one line per move for the status bar; the window's own device is the window's."""
        return []

    def hold_ranges(self, hold: bool) -> None:
        """A parameter's slider is held (True) or let go: keep the axes still while it moves
        what is drawn, so the change is seen against fixed axes; fit them again when it ends."""

    @classmethod
    def figure(cls, result: ResultT, *, transparent: bool = False, scale: float = 1.0) -> FigureCanvas:
        """The export figure of ``result``, drawn from the result alone (also used headless)."""
        raise NotImplementedError

    # --- settings --------------------------------------------------------------

    settings_type: ClassVar[type | None] = None
    """A frozen record of the view's own settings (see ``core.records``), held in ``self.settings``:
    saved and restored field by field with no code in the view."""
    settings: Any = None
    display_only: ClassVar[frozenset[str]] = frozenset()
    """Settings fields that change how a result is drawn, not what is computed."""

    def edit_settings(self, **changes: Any) -> None:
        """A widget changed some of ``self.settings``: keep them, show them, and compute again, or
        only draw the last result again when just ``display_only`` fields changed."""
        settings = dataclasses.replace(self.settings, **changes)
        if settings == self.settings:
            return
        self.settings = settings
        self.show_settings()
        if set(changes) <= self.display_only and self.last_result is not None:
            self.show_result(self.last_result)
        else:
            self.request_changed.emit()

    def show_settings(self) -> None:
        """Put ``self.settings`` into the view's widgets (after a restore)."""

    def save_state(self) -> dict[str, Any]:
        """Its own settings as JSON-ready values (the host stores them under the view's id)."""
        return records.to_json(self.settings) if self.settings_type is not None else {}

    def restore_state(self, data: object) -> list[str]:
        """Take back what :meth:`save_state` returned; returns a line per value reset to its default."""
        if self.settings_type is None:
            return []
        self.settings, problems = self.settings_type.from_dict(data)  # type: ignore[attr-defined]
        self.show_settings()
        return problems
