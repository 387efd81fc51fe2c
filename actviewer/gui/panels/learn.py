"""The Learn panel: what the selected activation is, its formulas and
properties, when to use it, and its PyTorch code for the current values.

Everything shown comes from the catalog and ``resources/texts``; nothing here
is written per activation.
"""

from __future__ import annotations

import html
from collections.abc import Collection
from typing import Any

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core import texts as core_texts
from ...core.catalog import ActivationSpec, Params
from ...core.snippets import Snippet
from ..figures.style import palette


def _number(value: float) -> str:
    return f"{value:.6g}"


class CodeBox(QWidget):
    """One form of the PyTorch code, with a button that copies it ready to run."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(f"<b>{html.escape(title)}</b>")
        self.editor = QPlainTextEdit()
        self.editor.setReadOnly(True)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setMaximumHeight(84)
        self.copy_button = QPushButton(self.tr("Copy code"))
        self.copy_button.setToolTip(self.tr("Copy runnable code (imports, x and this form) to the clipboard"))
        self.copy_button.clicked.connect(self.copy)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.editor)
        self.runnable = ""

    def set_code(self, shown: str, runnable: str) -> None:
        self.editor.setPlainText(shown)
        self.runnable = runnable

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.runnable)


class LearnPanel(QWidget):
    def __init__(self, texts: core_texts.Texts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.texts = texts
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(self.tr("About this activation"))
        self.functional = CodeBox(self.tr("Functional form"))
        self.module = CodeBox(self.tr("Module form (torch.nn)"))
        self.program = CodeBox(self.tr("This view's computation"))
        self.program.editor.setMaximumHeight(220)
        self.program.setVisible(False)
        self.no_module = QLabel()
        self.no_module.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.browser, 1)
        code_title = self.tr("PyTorch code")
        layout.addWidget(QLabel(f"<b>{html.escape(code_title)}</b>"))
        layout.addWidget(self.functional)
        layout.addWidget(self.module)
        layout.addWidget(self.no_module)
        layout.addWidget(self.program)
        self._spec: ActivationSpec | None = None
        self._params: Params = {}
        self._unused: Collection[str] = ()
        self._dy_at_zero: float | None = None
        self._view_id = ""
        self.snippet: Snippet | None = None

    def show_view(self, view_id: str) -> None:
        """The view on screen: its own Learn text, if it has one, heads the page from the next
        :meth:`show_code` on (the controller calls both)."""
        self._view_id = view_id

    def shows(self, spec: ActivationSpec) -> bool:
        return self._spec is spec

    def show_code(
        self, spec: ActivationSpec, params: Params, grid: str, code: Snippet, unused: Collection[str] = ()
    ) -> None:
        """Texts and code for what is selected now (before it is computed).

        The current view chooses ``grid``, the code that builds the input ``x``, and ``code``, the
        activation applied to it (a curve of one softmax class is more than ``F.softmax(x)``);
        ``unused`` names the parameters that view ignores, left out of the signature shown.
        """
        if spec is not self._spec:
            self._dy_at_zero = None
        params = spec.defaults() | dict(params)
        self._spec, self._params, self._unused = spec, params, unused
        self.snippet = code
        self.functional.set_code(self.snippet.functional, self.snippet.runnable(grid))
        if self.snippet.module is not None:
            self.module.set_code(self.snippet.module, self.snippet.runnable(grid, "module"))
        self.module.setVisible(self.snippet.module is not None)
        self.no_module.setVisible(self.snippet.module is None)
        self.no_module.setText(
            self.tr(
                "There is no torch.nn module for this function; wrap the line above in your own nn.Module."
            )
        )
        self._render()

    def show_program(self, code: str | None) -> None:
        """The whole program behind the current view (the deep stack, say), or hide the box."""
        self.program.setVisible(code is not None)
        if code is not None:
            self.program.set_code(code, code)

    def show_result(self, result: Any, render: bool = True) -> None:
        """Note f'(0) from a result that reports it; re-render now unless a pending update will."""
        reader = getattr(result, "at_zero_for", None)  # every 1-D view's result: curve, compare, sweep…
        at_zero = (
            reader(self._spec.id, self._params) if reader is not None and self._spec is not None else None
        )
        if at_zero is not None and at_zero != self._dy_at_zero:
            self._dy_at_zero = at_zero
            if render:
                self._render()

    def _yes_no(self, value: bool | None) -> str:
        if value is None:
            return "—"  # not analysed (a custom activation)
        return self.tr("yes") if value else self.tr("no")

    def _smoothness(self, kind: str, where: str) -> str:
        if not kind:
            return "—"
        at = self.tr("at x = %s") % where if where else ""
        labels = {
            "smooth": self.tr("smooth everywhere"),
            "c1": self.tr("f′ is continuous; f″ jumps %s") % at,
            "kink": self.tr("has kinks (f′ jumps) %s") % at,
            "jump": self.tr("jumps (f is discontinuous) %s") % at,
        }
        return labels.get(kind, kind).strip()

    def _saturates(self, kind: str) -> str:
        if not kind:
            return "—"
        return {
            "none": self.tr("no"),
            "left": self.tr("yes, for x → −∞"),
            "right": self.tr("yes, for x → +∞"),
            "both": self.tr("yes, on both sides"),
        }.get(kind, kind)

    def _render(self) -> None:
        spec = self._spec
        if spec is None:
            return
        text = self.texts.activation(spec)
        fact = core_texts.facts(spec.id)
        where = ", ".join(_number(b) for b in spec.breakpoints(self._params))
        if spec.vector or any(spec.param(name).scope == "curve" for name in self._unused):
            # A view of whole tensors (it has no use for the curve's own inputs): f'(0) is a Jacobian.
            at_zero = self.tr("depends on every input (see the Jacobian)")
        elif self._dy_at_zero is not None:
            at_zero = _number(self._dy_at_zero)
        else:
            at_zero = "…"
        rows = [
            (self.tr("Output range"), fact.range),
            (self.tr("Zero-centred"), self._yes_no(fact.zero_centred)),
            (self.tr("Monotonic"), self._yes_no(fact.monotonic)),
            (self.tr("Smoothness"), self._smoothness(fact.smoothness, where)),
            (self.tr("Saturates"), self._saturates(fact.saturates)),
            (self.tr("Dead region (zero gradient)"), text.dead or self.tr("none")),
            (self.tr("f′(0) in PyTorch"), at_zero),
        ]
        table = "".join(
            f"<tr><td style='padding:2px 8px 2px 0'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        formula_style = "font-family:'DejaVu Serif',serif; font-size:12pt; margin:4px 0; white-space:pre-wrap"
        heading = {
            "formula": html.escape(self.tr("Formula")),
            "derivative": html.escape(self.tr("Derivative")),
            "properties": html.escape(self.tr("Properties")),
            "use": html.escape(self.tr("When to use it")),
        }
        about_view = self.texts.view(self._view_id)
        view_page = (
            f"<h2 style='margin:0 0 4px 0'>{html.escape(about_view[0])}</h2>"
            + "".join(f"<p>{html.escape(p)}</p>" for p in about_view[1])
            + "<hr/>"
            if about_view is not None
            else ""
        )
        page = view_page + (
            f"<h2 style='margin:0'>{html.escape(text.name)}</h2>"
            f"<p style='color:{palette().muted};margin-top:2px'>{html.escape(self.texts.family(spec.family))} · "
            f"<code>{html.escape(spec.signature(self._params, omit=self._unused))}</code></p>"
            f"<p>{html.escape(text.what)}</p>"
            f'<h3>{heading["formula"]}</h3><p style="{formula_style}">{html.escape(fact.formula)}</p>'
            f'<h3>{heading["derivative"]}</h3><p style="{formula_style}">{html.escape(fact.derivative)}</p>'
            f"<h3>{heading['properties']}</h3><table>{table}</table>"
            f"<h3>{heading['use']}</h3><p>{html.escape(text.use)}</p>"
        )
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(page)
        self.browser.verticalScrollBar().setValue(scroll)
