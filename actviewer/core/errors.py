"""The one exception type that carries a message meant for the user.

The CLI prints it as one line and exits 2; the window shows it inline. Anything
else that escapes is a bug, and is reported as such.
"""

from __future__ import annotations


class InputError(ValueError):
    """A value the user gave (or a file they loaded) cannot be used.

    The message names the problem and what is allowed, in one sentence.
    """
