"""The status bar's lines (a busy label that shows only for slow work, notices that stay a while,
what the view on screen and the device report) and the overlay shown while PyTorch loads."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QStatusBar, QVBoxLayout, QWidget

from .figures.style import palette

BUSY_INDICATOR_DELAY_MS = 250
"""Work shorter than this shows no busy label: flashing it every frame costs a relayout."""
PROBLEMS_SHOWN_MS = 20_000
MAX_NOTICES = 3


class StatusLine(QObject):
    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.device = QLabel()
        self.frame = QLabel()
        self.busy = QLabel(self.tr("Computing…"))
        self.busy.setVisible(False)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_INDICATOR_DELAY_MS)
        self._busy_timer.timeout.connect(lambda: self.busy.setVisible(True))
        self.notice = QLabel()
        self._notices: list[str] = []
        self.notice.setWordWrap(False)
        self.notice.setVisible(False)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(PROBLEMS_SHOWN_MS)
        self._notice_timer.timeout.connect(lambda: self.notice.setVisible(False))
        bar.addWidget(self.busy)
        bar.addWidget(self.notice, 1)
        bar.addPermanentWidget(self.frame)
        self.device.setFrameShape(QLabel.Shape.StyledPanel)
        bar.addPermanentWidget(self.device)

    def announce(self, text: str) -> None:
        """A notice that stays for a while (hovering menus does not clear it) and adds to, rather
        than hides, others still shown; one of the same kind (its first word: "Pinned …") replaces
        the older, and at most MAX_NOTICES are shown, so a run of pins does not pile up."""
        if self.notice.isHidden():
            self._notices = []
        kind = text.split(" ", 1)[0]
        self._notices = [n for n in self._notices if n.split(" ", 1)[0] != kind][-(MAX_NOTICES - 1) :]
        self._notices.append(text)
        self.notice.setText("  ".join(self._notices))
        self.notice.setVisible(True)
        self._notice_timer.start()

    def set_busy(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy.setVisible(False)


class LoadingOverlay(QLabel):
    """Over the tabs until PyTorch has loaded (seconds with a CUDA build): why the plots are empty."""

    def __init__(self, over: QWidget) -> None:
        super().__init__(self.tr("Loading PyTorch…"), over)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        colours = palette()
        veil = QColor(colours.background)
        veil.setAlpha(220)
        self.setStyleSheet(
            f"background: rgba({veil.red()}, {veil.green()}, {veil.blue()}, 220);"
            f" color: {colours.axis}; font-size: 16pt;"
        )
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        over.installEventFilter(self)
        self.note = QLabel(over)
        """How far a long computation is, over the middle of the plots (the last result stays
        visible around it): a 200 x 1024 stack takes 10-30 s, and its first visit drew empty axes."""
        self.note.setStyleSheet(
            "background: rgba(17, 24, 39, 210); color: white; border-radius: 6px; padding: 10px 16px;"
            " font-size: 12pt;"
        )
        self.note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.note.hide()

    def show_progress(self, fraction: float) -> None:
        """``fraction`` of the running job done (0 to 1); below 0 the job ended."""
        if fraction < 0:
            self.note.hide()
            return
        self.note.setText(self.tr("Computing… %s %%") % round(100 * fraction))
        self.note.adjustSize()
        self._centre_note()
        self.note.show()
        self.note.raise_()

    def _centre_note(self) -> None:
        parent = self.note.parentWidget()
        if parent is not None:
            self.note.move(
                (parent.width() - self.note.width()) // 2, (parent.height() - self.note.height()) // 2
            )

    def hide(self) -> None:
        self.note.hide()
        super().hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            if not self.isHidden():
                self.setGeometry(watched.rect())
            self._centre_note()
        return super().eventFilter(watched, event)


class ErrorBanner(QLabel):
    """Above the tabs while the last request failed: what is wrong, and that the plot is older."""

    STYLE = (
        "QLabel { background: #fef2f2; color: #991b1b; border: 1px solid #fca5a5;"
        " border-radius: 4px; padding: 6px; }"
    )

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setStyleSheet(self.STYLE)
        self.setAccessibleName(self.tr("Error message"))
        self.setVisible(False)

    def show_error(self, message: str) -> None:
        self.setText(message + "  " + self.tr("(the plot shows the last valid result)"))
        self.setVisible(True)


class ViewArea(QWidget):
    """The right-hand pane: the error banner above the tabs, and the loading overlay over them."""

    def __init__(self, tabs: QWidget) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.error_banner = ErrorBanner()
        layout.addWidget(self.error_banner)
        layout.addWidget(tabs, 1)
        self.loading = LoadingOverlay(tabs)
