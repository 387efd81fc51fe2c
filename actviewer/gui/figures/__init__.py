"""One style and one renderer for live plots and export figures, and the figure formats."""
