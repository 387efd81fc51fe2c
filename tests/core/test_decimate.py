from __future__ import annotations

import numpy as np

from actviewer.core.decimate import peak_envelope


def test_short_curves_come_back_unchanged():
    x = np.linspace(0, 1, 50)
    xs, ys = peak_envelope(x, x**2, bins=100)
    assert xs is x and np.array_equal(ys, x**2)


def test_envelope_keeps_every_bins_extremes_and_only_original_samples():
    rng = np.random.default_rng(0)
    x = np.linspace(-5, 5, 1_000_003)
    y = np.sin(x) + 0.1 * rng.standard_normal(x.size)
    y[123_457] = 50.0  # a one-sample spike must survive
    xs, ys = peak_envelope(x, y, bins=1000)
    assert len(xs) <= 2 * 1001 + 2
    assert ys.max() == 50.0 and ys.min() == y.min()
    assert xs[0] == x[0] and xs[-1] == x[-1]
    assert np.all(np.diff(xs) > 0)
    positions = np.searchsorted(x, xs)
    np.testing.assert_array_equal(y[positions], ys)


def test_nan_samples_do_not_hide_the_finite_extremes():
    x = np.arange(10_000, dtype=float)
    y = np.ones_like(x)
    y[::7] = np.nan
    y[5001] = -3.0
    _, ys = peak_envelope(x, y, bins=10)
    assert np.nanmin(ys) == -3.0
