"""Views: one module per view, listed here and loaded by :mod:`.registry`; the window hosts them all.

This module imports no Qt, so the command line can offer the view ids.
"""

BUILT_IN: dict[str, str] = {
    "curve": "actviewer.gui.views.curve:CurveView",
    "matrix": "actviewer.gui.views.matrix:MatrixView",
    "distribution": "actviewer.gui.views.distribution:DistributionView",
    "stack": "actviewer.gui.views.stack:StackView",
    "compare": "actviewer.gui.views.compare:CompareView",
    "sweep": "actviewer.gui.views.sweep:SweepView",
    "precision": "actviewer.gui.views.precision:PrecisionView",
    "layers": "actviewer.gui.views.layers:LayersView",
}
"""View id -> the class that implements it, in tab order."""
