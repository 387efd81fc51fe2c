"""Activation > New Activation… (Ctrl+N): a name, a formula in x, its parameters, a live preview.

The formula is parsed on every edit (pure Python, no torch) and an error is
shown under it with a caret at its position; a valid formula is registered as
a hidden preview activation and computed on a worker thread of the dialog's
own, like every other curve. OK is enabled only for a valid activation.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import catalog, custom, formula
from ..core.errors import InputError
from ..core.formula import FormulaError
from ..core.request import ComputeRequest
from ..core.results import ComputeResult
from .figures.style import DERIVATIVE_COLOUR, OUTPUT_COLOUR, curve_pen, palette, style_plot
from .messages import formula_reason, user_message
from .worker import ComputeController

PREVIEW_DELAY_MS = 150
PREVIEW_SAMPLES = 401
ERROR_STYLE = "QLabel { color: #991b1b; }"
WARNING_STYLE = "QLabel { color: #92400e; }"


class CustomActivationDialog(QDialog):
    def __init__(
        self,
        taken_ids: set[str],
        entry: custom.CustomActivation | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit Activation") if entry else self.tr("New Activation"))
        self.taken_ids = taken_ids - ({entry.id} if entry else set())
        self.entry: custom.CustomActivation | None = None
        self.note = ""
        """What the info line says about a valid formula (the autograd note or an unused parameter)."""
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.name = QLineEdit(entry.name if entry else "")
        self.name.setPlaceholderText(self.tr("e.g. My Swish"))
        self.formula = QLineEdit(entry.formula if entry else "x * sigmoid(beta * x)")
        self.formula.setFont(mono)
        self.formula.setToolTip(
            self.tr(
                "A formula in x: numbers, your parameters, + - * / **, pi, e, exp log log1p expm1 sqrt abs "
                "sign sin cos tanh sigmoid softplus erf erfc relu clamp(v, lo, hi) minimum maximum "
                "where(cond, a, b), and the elementwise activations by id (gelu(x, approximate='tanh'))"
            )
        )
        self.params = QTableWidget(0, 4)
        self.params.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Default"), self.tr("Min"), self.tr("Max")]
        )
        self.params.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.params.setMaximumHeight(130)
        defs = entry.params if entry else (custom.ParamDef("beta", 1.0, 0.0, 10.0),)
        for definition in defs:
            self._add_row(definition)
        add = QPushButton(self.tr("Add parameter"))
        remove = QPushButton(self.tr("Remove parameter"))
        add.clicked.connect(lambda: self._add_row(custom.ParamDef(self._free_name(), 1.0, 0.0, 10.0)))
        remove.clicked.connect(self._remove_row)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)
        self.error = QLabel()
        self.error.setFont(mono)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextFormat(Qt.TextFormat.RichText)
        self.error.setAccessibleName(self.tr("Formula error"))
        self.preview = pg.PlotWidget(background=palette().background)
        self.preview.setMinimumHeight(200)
        plot = self.preview.getPlotItem()
        style_plot(plot, self.tr("Preview: f(x) and f′(x)"), "")
        plot.hideButtons()
        self.preview_y = plot.plot(pen=curve_pen(OUTPUT_COLOUR, 2.0))
        self.preview_dy = plot.plot(pen=curve_pen(DERIVATIVE_COLOUR, 1.5, Qt.PenStyle.DashLine))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("f(x) ="), self.formula)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(QLabel(self.tr("Parameters (the slider spans Min to Max)")))
        layout.addWidget(self.params)
        layout.addLayout(buttons_row)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 640)

        self.controller = ComputeController(devices_fn=lambda: [], parent=self)
        self.controller.result_ready.connect(self._show_preview)
        self.controller.failed.connect(
            lambda err: self._show_error(user_message(err) if isinstance(err, InputError) else str(err), None)
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._update)
        self.name.textChanged.connect(lambda _t: self._timer.start())
        self.formula.textChanged.connect(lambda _t: self._timer.start())
        self.params.itemChanged.connect(lambda _i: self._timer.start())
        self._save_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        self._save_shortcut.activated.connect(self.accept)
        self._update()

    # --- the table ------------------------------------------------------------------------------

    def _add_row(self, definition: custom.ParamDef) -> None:
        row = self.params.rowCount()
        self.params.insertRow(row)
        texts = [
            definition.name,
            *(f"{v:g}" for v in (definition.default, definition.minimum, definition.maximum)),
        ]
        for column, text in enumerate(texts):
            self.params.setItem(row, column, QTableWidgetItem(text))

    def _remove_row(self) -> None:
        row = self.params.currentRow() if self.params.currentRow() >= 0 else self.params.rowCount() - 1
        if row >= 0:
            self.params.removeRow(row)
            self._timer.start()

    def _free_name(self) -> str:
        used = {self._cell(r, 0) for r in range(self.params.rowCount())}
        return next(
            n for n in ("a", "b", "c", "k", "alpha", "gamma", "delta", "p1", "p2", "p3") if n not in used
        )

    def _cell(self, row: int, column: int) -> str:
        item = self.params.item(row, column)
        return item.text().strip() if item is not None else ""

    def _definitions(self) -> tuple[custom.ParamDef, ...]:
        defs = []
        for row in range(self.params.rowCount()):
            name = self._cell(row, 0)
            try:
                numbers = [float(self._cell(row, c).replace(",", ".")) for c in (1, 2, 3)]
            except ValueError:
                raise InputError(
                    self.tr("parameter %s: default, min and max must be numbers") % (name or row + 1)
                ) from None
            defs.append(custom.ParamDef(name, *numbers))
        return tuple(defs)

    # --- validation and preview --------------------------------------------------------------------

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            name = self.name.text().strip() or "preview"
            entry = custom.CustomActivation(name, self.formula.text(), self._definitions()).checked()
            if self.name.text().strip() and entry.id in self.taken_ids:
                raise InputError(self.tr("an activation called %s exists already") % entry.id)
            spec = entry.spec(custom.PREVIEW_ID)
        except FormulaError as err:
            self._show_error(formula_reason(err), err.position)
            ok.setEnabled(False)
            return
        except InputError as err:
            self._show_error(user_message(err), None)
            ok.setEnabled(False)
            return
        unused = formula.parse(entry.formula, tuple(p.name for p in entry.params)).unused_params
        self.note = (
            self.tr("The formula does not use %s: a slider for it would change nothing.") % ", ".join(unused)
            if unused
            else self.tr("f′ and f″ come from autograd.")
        )
        self.error.setText(self.note)
        self.error.setStyleSheet(WARNING_STYLE if unused else "QLabel { color: #4b5563; }")
        self.entry = entry if self.name.text().strip() else None
        ok.setEnabled(self.entry is not None)
        catalog.register(spec)
        request = ComputeRequest(custom.PREVIEW_ID, params=spec.defaults(), samples=PREVIEW_SAMPLES)
        self.controller.submit(request)

    def _show_error(self, reason: str, position: int | None) -> None:
        self.preview_y.setData([], [])  # no stale curve under a message that says the formula is wrong
        self.preview_dy.setData([], [])
        self.error.setStyleSheet(ERROR_STYLE)
        if position is None:
            self.error.setText(html.escape(reason))
            return
        text = self.formula.text()
        caret = " " * position + "^"
        self.error.setText(f"<pre style='margin:0'>{html.escape(text)}\n{caret} {html.escape(reason)}</pre>")

    def _show_preview(self, result: ComputeResult) -> None:
        self.preview_y.setData(result.x, result.y)
        self.preview_dy.setData(result.x, result.dy)
        finite = np.isfinite(result.y)
        if not finite.any():  # 9**9**9**9 draws nothing: say why
            self.error.setText(
                self.tr(
                    "The formula is not finite anywhere on x from %s to %s (inf or nan): nothing to draw."
                )
                % (f"{result.x[0]:g}", f"{result.x[-1]:g}")
            )
            self.error.setStyleSheet(WARNING_STYLE)
        elif not finite.all():
            self.error.setText(
                self.note
                + " "
                + self.tr("It is inf or nan at %d of %d points.") % (int((~finite).sum()), len(finite))
            )
            self.error.setStyleSheet(WARNING_STYLE)

    def accept(self) -> None:
        self._update()  # what is typed now, not what the last timer saw
        if self.entry is not None:
            super().accept()

    def done(self, code: int) -> None:
        self._timer.stop()
        self.controller.shutdown()
        catalog.unregister(custom.PREVIEW_ID)
        super().done(code)
