"""The Qt-free library shared by the window, the CLI, the tests and the benchmarks.

Nothing under this package imports Qt; only ``compute`` (and what it imports)
loads torch, so the catalog and validation are cheap to import.
"""
