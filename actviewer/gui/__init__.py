"""Everything Qt: the window, its panels, the worker thread, exports."""
