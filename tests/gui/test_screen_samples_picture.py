"""A curve drawn from its screen samples (core.decimate.screen_samples) is the picture of all
its samples: compared pixel by pixel, with the window's pen, in a pyqtgraph plot."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from actviewer.core.decimate import screen_samples

WIDTH, HEIGHT = 640, 300


def _picture(x: np.ndarray, y: np.ndarray, low: float, high: float) -> np.ndarray:
    """RGB pixels of the data area alone: no axes, exactly WIDTH columns for x's range."""
    widget = pg.GraphicsLayoutWidget()
    widget.setBackground("w")
    widget.ci.setContentsMargins(0, 0, 0, 0)
    vb = widget.addViewBox()
    vb.setMouseEnabled(False, False)
    vb.addItem(pg.PlotDataItem(x, y, pen=pg.mkPen("#1f77b4", width=2.5), antialias=True))
    vb.setRange(xRange=(x[0], x[-1]), yRange=(low, high), padding=0)
    widget.resize(WIDTH, HEIGHT)
    widget.show()
    QApplication.processEvents()
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    widget.close()
    raw = np.frombuffer(image.constBits(), np.uint8, image.width() * image.height() * 4)
    return raw.reshape(image.height(), image.width(), 4)[..., :3].astype(int)


X = np.linspace(-6, 6, 200_000)  # ~300 a pixel column; drawing all of them is the slow part
CURVES = {
    "tanh": np.tanh(X),
    "elu": np.where(X > 0, X, np.expm1(X)),
    "sin(40x)": np.sin(40 * X),  # 76 periods: every pixel column turns
    "step at 0.3": (X > 0.3).astype(float),
    "noisy sine": np.sin(X) + 0.05 * np.random.default_rng(0).standard_normal(X.size),
}


@pytest.mark.parametrize("name", CURVES)
def test_the_screen_samples_draw_the_picture_of_every_sample(qapp, name):
    y = CURVES[name]
    low, high = float(y.min()) - 0.1, float(y.max()) + 0.1
    every = _picture(X, y, low, high)
    xs, ys = screen_samples(X, y, WIDTH)
    assert len(xs) <= (3 if name == "noisy sine" else 2) * WIDTH + 4
    drawn = _picture(xs, ys, low, high)
    ink = int((every.sum(axis=2) < 3 * 235).sum())
    # A pixel differs when no pixel beside it (one column either way) matches: a step drawn within
    # its pixel column rather than at its exact x is the same picture.
    nearest = np.min(
        [np.abs(every - np.roll(drawn, shift, axis=1)).max(axis=2) for shift in (-1, 0, 1)], axis=0
    )
    differing = int((nearest > 64).sum())
    assert differing <= 0.01 * ink, f"{name}: {differing} of {ink} inked pixels differ"
