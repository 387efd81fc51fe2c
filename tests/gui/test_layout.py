"""Plots stay inside their view: long titles are cut, never widen a plot."""

from __future__ import annotations

import pyqtgraph as pg

from actviewer.gui.figures.style import set_title

LONG = "Output: a title far longer than the plot it names, as a Vietnamese label or a softmax formula can be"


def test_a_long_title_is_elided_to_the_plot_and_kept_whole_in_its_tooltip(qtbot):
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    plot = widget.addPlot()
    set_title(plot, LONG)
    widget.resize(300, 200)
    widget.show()
    qtbot.waitUntil(lambda: plot.titleLabel.text.endswith("…"))
    label = plot.titleLabel
    assert LONG.startswith(label.text[:-1].rstrip()) and label.toolTip() == LONG
    assert label.item.boundingRect().width() <= plot.width()
    assert plot.minimumWidth() < 150  # the title asks for no width of its own
    # Given room again, the whole title comes back.
    widget.resize(1400, 200)
    qtbot.waitUntil(lambda: plot.titleLabel.text == LONG)
    # A short title is shown as it is.
    set_title(plot, "Output f(x)")
    assert plot.titleLabel.text == "Output f(x)"


def test_a_long_rich_text_title_is_cut_in_its_text_never_inside_a_tag(qtbot):
    from actviewer.gui.figures.style import with_note

    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    plot = widget.addPlot()
    title = with_note(
        "Derivative f′(x)", "f′ is undefined at x = 0, 1, 2, 3, 4, 5, 6 (an impulse); 0 elsewhere"
    )
    set_title(plot, title)
    widget.resize(260, 200)
    widget.show()
    qtbot.waitUntil(lambda: plot.titleLabel.text.endswith("…"))
    assert "<" not in plot.titleLabel.text and plot.titleLabel.text.startswith("Derivative f′(x)")
    assert plot.titleLabel.toolTip() == title
