"""Views: one module per view, each named by the feature it hosts (``actviewer.core.features``);
:mod:`.registry` loads the ones the features name, in the features' order."""
