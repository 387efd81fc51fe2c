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
