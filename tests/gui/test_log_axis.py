"""The log axis labels decades, not every minor tick (labels printed on top of each other before)."""

from __future__ import annotations

import math

import pytest

from actviewer.gui.figures.log_axis import MAX_DECADE_LABELS, DecadeAxis, decade_tick_values


def values(low: float, high: float) -> list[list[float]]:
    return [[round(10**v, 12) for v in level] for _, level in decade_tick_values(low, high)]


def test_a_long_range_gets_decades_only_and_at_most_eight_of_them():
    (decades,) = values(-7.2, 0.1)
    assert decades == [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0]
    ((_, thinned),) = decade_tick_values(-30, 5)
    assert len(thinned) <= MAX_DECADE_LABELS and 0.0 in thinned
    assert all(float(v).is_integer() for v in thinned)


def test_a_short_range_adds_two_and_five_and_a_narrow_one_even_steps():
    decades, minor = values(-2.0, 0.5)
    assert decades == [0.01, 0.1, 1.0] and minor == [0.02, 0.05, 0.2, 0.5, 2.0]
    (even,) = values(math.log10(1.1), math.log10(2.6))
    assert even == [1.5, 2.0, 2.5]


def test_the_axis_uses_them_in_log_mode(qapp):
    axis = DecadeAxis("left")
    axis.setLogMode(False, True)
    levels = axis.tickValues(-4.0, 0.0, 200)
    assert [v for _, level in levels for v in level][:5] == pytest.approx([-4, -3, -2, -1, 0])
    labels = axis.tickStrings([-7.0, -4.0, -3.0, 0.0, 0.30103, 4.0, 5.30103], 1.0, 1.0)
    assert labels == ["1e-7", "1e-4", "0.001", "1", "2", "1e4", "2e5"]


def test_ticks_closer_than_three_digits_get_the_decimals_they_need(qapp):
    """A loss at step 0 spans a hair: its ticks read "0.694, 0.694, 0.694" (seen in the training tab)."""
    axis = DecadeAxis("left")
    axis.setLogMode(False, True)
    ticks = [math.log10(v) for v in (0.6935, 0.694, 0.6945)]
    labels = axis.tickStrings(ticks, 1.0, 1.0)
    assert len(set(labels)) == 3 and [float(t) for t in labels] == pytest.approx([0.6935, 0.694, 0.6945])
