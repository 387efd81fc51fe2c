"""Animated GIFs: one rendered figure per frame, encoded by Pillow.

Qt's image plugins read GIF but cannot write it. Frames share one adaptive
palette per frame (curves are few flat colours, so 256 colours are plenty),
and the file is written atomically like every other export.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PySide6.QtGui import QImage

from ...core.arguments import DEFAULT_GIF_WIDTH
from ...core.atomic import check_writable, write_bytes_atomic
from ...core.errors import InputError
from .render import MakeFigure, render_image

FRAME_MS = 500
"""Long enough to read each frame's parameter value aloud in class."""


def _pillow(image: QImage) -> Image.Image:
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    data = bytes(rgba.constBits())
    stride = rgba.bytesPerLine()
    return Image.frombuffer("RGBA", (rgba.width(), rgba.height()), data, "raw", "RGBA", stride, 1)


def gif_bytes(images: list[QImage], frame_ms: int = FRAME_MS) -> bytes:
    """``images`` as a looping GIF in memory."""
    if not images:
        raise InputError("an animation needs at least one frame")
    frames = [
        _pillow(image).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        for image in images
    ]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=frame_ms,
        loop=0,
        optimize=False,
    )
    return buffer.getvalue()


def render_frame(make: MakeFigure, frame: int, width: int) -> QImage:
    """Frame ``frame`` of an animated figure (``make(frame=k, ...)``) at ``width`` pixels."""
    return render_image(lambda **options: make(frame=frame, **options), width)


def write_gif(
    make: MakeFigure,
    path: str | os.PathLike[str],
    frames: int,
    width: int = DEFAULT_GIF_WIDTH,
    progress: Callable[[float], None] | None = None,
) -> Path:
    """Render ``make(frame=k)`` for k = 0..frames-1 at ``width`` pixels and write them as one GIF
    (the command line; the window renders a frame per event-loop turn, ``gui.export_controller``).

    ``progress`` hears the fraction rendered after each frame and may raise
    :class:`~actviewer.core.atomic.Cancelled`; nothing is written then.
    """
    check_writable(path)
    images = []
    for k in range(frames):
        images.append(render_frame(make, k, width))
        if progress is not None:
            progress((k + 1) / frames)
    return write_bytes_atomic(path, gif_bytes(images))
