"""The one exception type that carries a message meant for the user.

The CLI prints it as one line and exits 2; the window shows it inline. Anything
else that escapes is a bug, and is reported as such.
"""

from __future__ import annotations


class InputError(ValueError):
    """A value the user gave (or a file they loaded) cannot be used.

    The message names the problem and what is allowed, in one sentence, in
    English (what the CLI prints). Messages the window shows often also carry
    ``key``, a stable id, and ``args``, the values in them, so the GUI can say
    the same in the interface language without the core knowing about Qt.
    """

    def __init__(self, message: str, key: str | None = None, **args: object) -> None:
        super().__init__(message)
        self.key = key
        self.args_ = args
