"""Views: one module per view, listed in :mod:`.registry`; the window hosts whatever it lists."""
