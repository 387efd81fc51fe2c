"""actviewer: explore neural-network activation functions with PyTorch."""

__version__ = "0.1.0"
