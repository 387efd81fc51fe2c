"""File > Export and Copy Image: what the view on screen shows, as a figure or its data.

Small files are written at once. A data file expected to be large is written
by an :class:`~.export_job.ExportJob` off the GUI thread; an animation renders
one frame per event-loop turn (:class:`FrameExport`), so the window keeps
painting and Cancel is heard between frames. Both show progress and Cancel,
and a cancelled or failed export leaves the old file as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from .. import formats
from ..core.atomic import Cancelled, check_writable, write_bytes_atomic
from ..core.errors import InputError
from .export_job import ExportJob
from .figures.style import themed
from .settings import SettingsStore

BACKGROUND_EXPORT_BYTES = 20_000_000
"""Data files expected to be larger are written off the GUI thread, with progress and Cancel."""


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.0f} MB" if size >= 1e6 else f"{size / 1e3:,.0f} kB"


class ExportHost(Protocol):
    """What export asks of the window."""

    settings: SettingsStore

    def current_result(self) -> Any: ...
    def current_view(self) -> Any: ...
    def current_view_id(self) -> str: ...
    def show_error_dialog(self, title: str, message: str) -> None: ...
    def show_message(self, text: str) -> None: ...


class FrameExport(QObject):
    """An animation written one frame per event-loop turn: the GUI thread renders (figures are Qt
    scenes) but never for longer than one frame at a time."""

    progressed = Signal(int)  # permille rendered
    finished = Signal(str)
    failed = Signal(object)

    def __init__(
        self,
        result: Any,
        path: Path,
        width: int | None,
        parent: QObject | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__(parent)
        check_writable(path)  # before any dialog is shown: a folder that cannot be written is said at once
        self.path = path
        self._make = formats.figure_of(result)
        if theme is not None:
            self._make = themed(self._make, theme)
        self._frames = int(result.frame_count())
        self._width = width
        self._images: list[QImage] | None = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        """Stop before the next frame; nothing is written. Said once, whether or not the timer runs."""
        if self._images is not None:
            self._end()
            self.failed.emit(Cancelled())

    def _end(self) -> None:
        self._timer.stop()
        self._images = None  # the frames (megabytes each) go now, not with the window

    def _next(self) -> None:
        from .figures.animation import DEFAULT_GIF_WIDTH, gif_bytes, render_frame

        images = self._images
        if images is None:
            return
        try:
            images.append(render_frame(self._make, len(images), self._width or DEFAULT_GIF_WIDTH))
            self.progressed.emit(round(1000 * len(images) / self._frames))
            if len(images) < self._frames:
                return
            self._end()
            write_bytes_atomic(self.path, gif_bytes(images))
        except Exception as err:  # sent whole, as the export job does
            self._end()
            self.failed.emit(err)
            return
        self.finished.emit(str(self.path))


class ExportController(QObject):
    finished = Signal(str)  # the path written
    failed = Signal(str)  # why ("cancelled" when the user cancelled)

    def __init__(self, host: ExportHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.widget = parent
        self.job: ExportJob | FrameExport | None = None
        self.progress: QProgressDialog | None = None

    def default_path(self, result: Any) -> Path:
        """Where the Export dialog proposes to write ``result``: the last folder and format used,
        and a name with the activation and the view, so the Deep stack's ``relu-stack.png``
        never replaces the Curve's ``relu-curve.png``."""
        qsettings = self.host.settings.qsettings
        folder = Path(str(qsettings.value("export/folder", str(Path.home()))))
        if not folder.is_dir():
            folder = Path.home()
        suffix = str(qsettings.value("export/suffix", ".png"))
        if suffix not in formats.formats_for(type(result)):
            suffix = ".png"
        activation = getattr(result.request, "activation", None)
        view_id = self.host.current_view_id()
        return folder / f"{f'{activation}-{view_id}' if activation else view_id}{suffix}"

    def open_dialog(self) -> None:
        result = self.host.current_result()
        if result is None:
            return
        from .export_dialog import ExportDialog

        dialog = ExportDialog(self.default_path(result), formats.formats_for(type(result)), self.widget)
        if dialog.exec() == ExportDialog.DialogCode.Accepted:
            self.export_to(dialog.chosen_path(), **dialog.options())

    def export_to(self, path: str | Path, **options: Any) -> bool:
        """Write what the view on screen shows to ``path`` (format by suffix); a dialog reports failure.

        Small files are written at once. A data file expected to be large, and an animation, are
        written while the window runs, with a progress dialog and Cancel: this returns True when
        started, and ``finished`` or ``failed`` follows.
        """
        result = self.host.current_result()
        if result is None:
            return False
        try:
            size = formats.estimated_bytes(result, path)
            if size > BACKGROUND_EXPORT_BYTES:
                check_writable(path)
                job: ExportJob | FrameExport = ExportJob(result, path, self)
                label = self.tr("Writing %s (about %s)…") % (Path(path).name, _megabytes(size))
                self._run(job, label)
                return True
            if formats.renders_frames(result, path):
                formats.check_options(formats.format_for(path, type(result)), options, type(result))
                job = FrameExport(result, Path(path), options.get("width"), self, options.get("theme"))
                self._run(job, self.tr("Rendering the frames of %s…") % Path(path).name)
                return True
            formats.write(result, path, make=self._as_on_screen(result), **options)
        except (InputError, OSError) as err:
            self._report(err)
            return False
        self._exported(str(path))
        return True

    def _run(self, job: ExportJob | FrameExport, label: str) -> None:
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, 1000, self.widget)
        dialog.setWindowTitle(self.tr("Export"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        job.progressed.connect(dialog.setValue)
        dialog.canceled.connect(job.cancel)
        job.finished.connect(lambda written: self._ended(dialog, written, None))
        job.failed.connect(lambda error: self._ended(dialog, None, error))
        self.job, self.progress = job, dialog
        dialog.show()
        job.start()

    def _ended(self, dialog: QProgressDialog, written: str | None, error: Exception | None) -> None:
        dialog.close()
        dialog.deleteLater()
        self.widget.activateWindow()  # keys go back to the window (seen lost under a bare X server)
        job, self.job = self.job, None
        if job is not None:
            job.deleteLater()
        if written is not None:
            self._exported(written)
        elif error is not None:
            self._report(error, job.path if job is not None else None)

    def _report(self, error: Exception, path: Path | None = None) -> None:
        if isinstance(error, Cancelled):
            if path is not None:
                self.host.show_message(self.tr("Export cancelled; %s is unchanged") % path)
            self.failed.emit("cancelled")
            return
        message = (
            str(error) if isinstance(error, (InputError, OSError)) else f"{type(error).__name__}: {error}"
        )
        self.host.show_error_dialog(self.tr("Export failed"), message)
        self.failed.emit(message)

    def _exported(self, path: str) -> None:
        qsettings = self.host.settings.qsettings
        qsettings.setValue("export/folder", str(Path(path).expanduser().parent))
        qsettings.setValue("export/suffix", Path(path).suffix.lower())
        self.host.show_message(self.tr("Exported %s") % path)
        self.finished.emit(path)

    def _as_on_screen(self, result: Any) -> Any:
        """The figure factory with the view's axes as the user left them (a wheel zoom too): the
        PNG once refitted y and differed from the screen. None: the result's own drawer."""
        ranges = self.host.current_view().screen_ranges()
        if not ranges:
            return None
        make = formats.figure_of(result)

        def made(**options: Any) -> Any:
            canvas = make(**options)
            plots = [item for item in canvas.body.items if isinstance(item, pg.PlotItem)]
            for plot, (x_range, y_range) in zip(plots, ranges):
                plot.vb.disableAutoRange()
                plot.setRange(xRange=x_range, yRange=y_range, padding=0)
            return canvas

        return made

    def copy_image(self) -> None:
        from .figures.render import render_image

        result = self.host.current_result()
        if result is not None:
            QApplication.clipboard().setImage(
                render_image(self._as_on_screen(result) or formats.figure_of(result))
            )
            self.host.show_message(self.tr("Figure copied to the clipboard"))

    def cancel(self, wait_s: float) -> None:
        """Closing: an export in flight stops (its temporary file removed) and is given ``wait_s``."""
        job = self.job
        if job is not None:
            job.cancel()
            if isinstance(job, ExportJob):
                job.wait(wait_s)
