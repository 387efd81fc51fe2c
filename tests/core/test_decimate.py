from __future__ import annotations

import itertools

import numpy as np

from actviewer.core.decimate import peak_envelope, screen_samples


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


def _covers_every_bin_exactly(x, y, xs, ys, bins: int) -> None:
    """Between the first samples of two neighbouring bins, the points kept reach the same lowest
    and highest values as all the samples there: the polyline covers every pixel column as the
    whole curve does, and never leaves it."""
    positions = np.searchsorted(x, xs)
    np.testing.assert_array_equal(y[positions], ys)  # original samples only
    per = len(x) // bins
    edges = [*range(0, per * bins, per), len(x) - 1]
    for a, b in itertools.pairwise(edges):
        part = slice(np.searchsorted(positions, a), np.searchsorted(positions, b, side="right"))
        assert ys[part].min() == y[a : b + 1].min() and ys[part].max() == y[a : b + 1].max(), (a, b)


def test_screen_samples_draw_every_bin_as_all_samples_do_from_about_one_point_a_bin():
    x = np.linspace(-6, 6, 1_000_000)
    for y in (np.tanh(x), np.exp(-(x**2)), np.where(x > 0, x, np.expm1(x)), np.sin(3 * x)):
        xs, ys = screen_samples(x, y, bins=640)
        assert xs[0] == x[0] and xs[-1] == x[-1] and np.all(np.diff(xs) > 0)
        # A min/max pair per bin was 1280 points: smooth curves need about one, and two at a turn.
        assert len(xs) <= 640 + 2 * 12 + 4  # sin(3x) turns 12 times here
        _covers_every_bin_exactly(x, y, xs, ys, bins=640)


def test_screen_samples_keep_spikes_steps_and_gaps():
    rng = np.random.default_rng(0)
    x = np.linspace(-5, 5, 1_000_003)  # a remainder after the last whole bin
    y = np.sin(x) + 0.1 * rng.standard_normal(x.size)
    y[123_457] = 50.0  # a one-sample spike
    xs, ys = screen_samples(x, y, bins=1000)
    assert ys.max() == 50.0 and ys.min() == y.min() and len(xs) <= 3 * 1000 + 4  # noise: first, min, max
    _covers_every_bin_exactly(x, y, xs, ys, bins=1000)

    step = (x > 0.3).astype(float)  # drawn as a rise within the pixel column of the jump
    xs, ys = screen_samples(x, step, bins=1000)
    rise = int(np.flatnonzero(np.diff(ys))[0])
    assert xs[rise] <= 0.3 < xs[rise + 1] and xs[rise + 1] - xs[rise] <= 10 / 1000
    assert len(xs) <= 1000 + 4
    _covers_every_bin_exactly(x, step, xs, ys, bins=1000)

    gap = np.sin(x)
    gap[400_000:400_010] = np.nan  # undefined samples stay undefined: the line breaks there
    _, ys = screen_samples(x, gap, bins=1000)
    assert np.isnan(ys).any() and np.nanmax(ys) == np.nanmax(gap) and np.nanmin(ys) == np.nanmin(gap)


def test_short_curves_are_drawn_from_every_sample():
    x = np.linspace(0, 1, 2000)
    xs, ys = screen_samples(x, x**2, bins=500)
    assert xs is x and np.array_equal(ys, x**2)


def test_display_gives_each_curve_its_own_samples():
    from actviewer.core.compute import envelope

    x = np.linspace(0, 1, 100_000)
    y = np.sin(40 * x)
    y[5_001] = 9.0
    display = envelope(x, [y, np.cos(x), None], bins=500)
    assert display is not None and display.d2y is None
    (xs, ys), (xs_dy, dys) = display.y, display.dy
    assert ys.max() == 9.0 and ys.min() == y.min() and len(xs) != len(xs_dy)
    _covers_every_bin_exactly(x, y, xs, ys, bins=500)
    _covers_every_bin_exactly(x, np.cos(x), xs_dy, dys, bins=500)
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
