"""Reduce a curve to what a screen or a figure can show: a min/max envelope.

Each bin of consecutive samples keeps its minimum and its maximum, in sample
order, so spikes and jumps survive and a 10-million-point curve draws as the
same picture from a few thousand points.
"""

from __future__ import annotations

import numpy as np


def peak_envelope(x: np.ndarray, y: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)`` reduced to at most about ``2 * bins + 2`` samples of the original.

    Every kept point is an original sample (its own x and y), so the envelope
    never invents a value; a curve that is already short comes back unchanged.
    """
    n = len(x)
    if bins < 1 or n <= 2 * bins + 2:
        return x, y
    per_bin = n // bins
    usable = per_bin * bins
    head = y[:usable].reshape(bins, per_bin)
    finite = np.isfinite(head)
    base = np.arange(bins) * per_bin
    lo = base + np.argmin(np.where(finite, head, np.inf), axis=1)
    hi = base + np.argmax(np.where(finite, head, -np.inf), axis=1)
    pairs = [np.minimum(lo, hi), np.maximum(lo, hi)]
    if usable < n:
        tail = y[usable:]
        tail_finite = np.isfinite(tail)
        t_lo = usable + int(np.argmin(np.where(tail_finite, tail, np.inf)))
        t_hi = usable + int(np.argmax(np.where(tail_finite, tail, -np.inf)))
        pairs = [np.append(pairs[0], min(t_lo, t_hi)), np.append(pairs[1], max(t_lo, t_hi))]
    idx = np.column_stack(pairs).ravel()
    # The last sample is always kept, so the curve reaches the end of the range.
    idx = np.unique(np.concatenate(([0], idx, [n - 1])))
    return x[idx], y[idx]


def worth_reducing(samples: int, bins: int) -> bool:
    """Whether a curve of ``samples`` has enough more than ``bins`` pixels to draw from fewer."""
    return bins >= 1 and samples > 4 * bins


def screen_samples(x: np.ndarray, y: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """The samples of ``(x, y)`` that draw it, ``bins`` pixels wide, as all of them would.

    Per bin of consecutive samples: its first sample; its minimum and maximum where they
    lie inside it (a peak, a spike, a NaN gap); otherwise its last sample, unless the curve
    goes on the same way into the next bin (so a turn or a step at a bin's edge is drawn
    exactly). Between two bins' first samples the points kept reach exactly the lowest and
    highest values of all the samples there.
    A curve that rises or falls through a bin is its first sample only: a smooth curve
    comes back as about one point per bin, where a min/max pair per bin drew a vertical
    stroke in every pixel column, which a wide antialiased pen strokes at 2.5-3x the cost
    (benchmarks/README.md). Every point kept is an original sample, in order; the first
    and last samples are always kept.
    """
    n = len(y)
    if not worth_reducing(n, bins):
        return x, y
    per = n // bins
    usable = per * bins
    block = y[:usable].reshape(bins, per)
    starts = np.arange(bins) * per
    first, last = block[:, 0], block[:, -1]
    low, high = block.min(axis=1), block.max(axis=1)
    # Extremes at the bin's ends are drawn by its end points; False for NaN, whose position is kept.
    ends_hold = (low == np.minimum(first, last)) & (high == np.maximum(first, last))
    rows = np.flatnonzero(~ends_hold)
    inside = block[rows]
    following = np.append(y[starts[1:]], y[usable] if usable < n else np.nan)
    goes_on = np.sign(last - first) == np.sign(following - last)  # rising, falling or flat: False for NaN
    kept = [
        starts,
        starts[rows] + inside.argmin(axis=1),
        starts[rows] + inside.argmax(axis=1),
        (starts + per - 1)[ends_hold & ~goes_on],  # inside extremes already span the rest of a bin
        [n - 1],
    ]
    if usable < n:  # the remainder: one more, shorter bin
        tail = y[usable:]
        kept.append([usable, usable + int(tail.argmin()), usable + int(tail.argmax())])
    idx = np.unique(np.concatenate(kept))
    return x[idx], y[idx]
