"""Where to sample a curve: the policy shared by the window, the CLI and the benchmark.

Adaptive sampling evaluates the visible x range at about two samples per
pixel, plus each declared kink or jump in view (so corners are drawn
exactly); a fixed grid keeps the user's sample count and asks the worker
for a per-pixel envelope to draw.
"""

from __future__ import annotations

from dataclasses import replace

from .errors import InputError
from .request import MAX_ABS_X, MAX_EXTRA_POINTS, ComputeRequest, min_x_span

ADAPTIVE_MIN_SAMPLES = 200
ADAPTIVE_MAX_SAMPLES = 20_000
SECOND_DERIVATIVE_ALWAYS = 100_000
"""Above this many fixed samples f'' is computed only while it is shown (it costs 3-10x dy)."""


def adaptive_window(
    visible: tuple[float, float], home: tuple[float, float], pixels: int
) -> tuple[float, float, int]:
    """The x range to sample and how many samples, for a plot ``pixels`` wide showing ``visible``.

    A visible range that is empty or outside the allowed x falls back to
    ``home``; one narrower than can be sampled becomes the narrowest range
    around its centre. Every view that samples what it shows uses this.
    """
    lo, hi = max(visible[0], -MAX_ABS_X), min(visible[1], MAX_ABS_X)
    if not lo < hi:
        lo, hi = home
    narrowest = min_x_span(lo, hi)
    if hi - lo < narrowest:  # zoomed in past what can be sampled: the narrowest range around the centre
        centre = min(max((lo + hi) / 2, -MAX_ABS_X + narrowest), MAX_ABS_X - narrowest)
        lo, hi = centre - narrowest / 2, centre + narrowest / 2
    return lo, hi, min(max(2 * pixels, ADAPTIVE_MIN_SAMPLES), ADAPTIVE_MAX_SAMPLES)


def adaptive_request(base: ComputeRequest, visible: tuple[float, float], pixels: int) -> ComputeRequest:
    """``base`` resampled over the ``visible`` range for a plot ``pixels`` wide (see :func:`adaptive_window`)."""
    lo, hi, samples = adaptive_window(visible, (base.x_min, base.x_max), pixels)
    spec = base.spec
    try:
        kinks = tuple(b for b in spec.breakpoints(spec.resolve(base.params)) if lo <= b <= hi)
    except InputError:
        kinks = ()
    return replace(base, x_min=lo, x_max=hi, samples=samples, extra_points=kinks[:MAX_EXTRA_POINTS])


def fixed_request(base: ComputeRequest, pixels: int, second_derivative_shown: bool) -> ComputeRequest:
    """``base``'s own grid, with a drawing envelope of ``pixels`` bins; f'' only when it is cheap or shown."""
    second = base.samples <= SECOND_DERIVATIVE_ALWAYS or second_derivative_shown
    return replace(base, display_bins=pixels, second_derivative=second)
