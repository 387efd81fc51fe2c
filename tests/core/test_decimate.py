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


def test_display_envelope_keeps_each_bins_min_and_max():
    from actviewer.core.compute import envelope

    x = np.linspace(0, 1, 100_000)
    y = np.sin(40 * x)
    y[5_001] = 9.0
    display = envelope(x, [y, np.cos(x), None], bins=500)
    assert display is not None and display.d2y is None
    assert len(display.x) == 1000 and display.y.max() == 9.0 and display.y.min() == y.min()
    odd = envelope(x[:99_997], [y[:99_997], y[:99_997], None], bins=500)
    assert odd.x[-1] == x[99_996] and odd.y.max() == 9.0 and odd.y.min() == y[:99_997].min()
    assert envelope(x[:1000], [y[:1000], y[:1000], None], bins=500) is None


def test_extra_points_put_kinks_and_jumps_exactly_on_the_grid():
    from actviewer.core.compute import compute
    from actviewer.core.request import ComputeRequest

    r = compute(
        ComputeRequest(
            "binary_step", params={"threshold": 0.3}, x_min=-1, x_max=1, samples=8, extra_points=(0.3,)
        )
    )
    i = int(np.searchsorted(r.x, np.float32(0.3)))
    assert r.x[i] == np.float32(0.3) and r.y[i] == 1 and r.y[i - 1] == 0
    assert r.x[i - 1] == np.nextafter(np.float32(0.3), np.float32(-1))
