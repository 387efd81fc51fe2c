"""actviewer: explore neural-network activation functions with PyTorch.

In Python (a notebook, a script): ``import actviewer as av``, then ``av.curve("gelu")``,
``av.compare(...)``, ``av.sweep(...)``, ``av.precision(...)``, ``av.dist(...)``, ``av.stack(...)``,
``av.critical(...)`` or ``av.run(feature_id, ...)`` (see :mod:`actviewer.api`). They are loaded on
first use, so ``import actviewer`` stays as light as the window's start-up needs.
"""

from typing import Any

__version__ = "0.1.0"

API = ("curve", "compare", "sweep", "precision", "dist", "stack", "critical", "run", "Result")


def __getattr__(name: str) -> Any:
    if name in API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'actviewer' has no attribute {name!r}")


def __dir__() -> list[str]:
    return [*globals(), *API]
