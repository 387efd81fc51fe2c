"""Messages from the core in the interface language.

The core raises :class:`~actviewer.core.errors.InputError` with an English
sentence (what the CLI prints) and, for the messages a window user meets, a
``key`` and the values in it. Here each key has its sentence as a ``tr()``
string, so Vietnamese comes from the same ``.ts`` file as every other label.
A message without a key is shown as the core wrote it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.errors import InputError


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def _allowed(args: dict[str, object]) -> str:
    if args.get("kind") == "choice":
        return QCoreApplication.translate("Messages", "one of %s") % args.get("choices", "")
    if args.get("kind") == "bool":
        return QCoreApplication.translate("Messages", "true or false")
    what = (
        QCoreApplication.translate("Messages", "an integer")
        if args.get("kind") == "int"
        else QCoreApplication.translate("Messages", "a finite number")
    )
    bounds = []
    if args.get("minimum") is not None:
        bounds.append(f"{'>' if args.get('exclusive') else '>='} {_number(args['minimum'])}")
    if args.get("maximum") is not None:
        bounds.append(f"<= {_number(args['maximum'])}")
    joiner = QCoreApplication.translate("Messages", " and ")
    return what + (" " + joiner.join(bounds) if bounds else "")


def user_message(error: InputError) -> str:
    """``error`` as the window says it: translated when it carries a key, else its own text."""
    args = {k: v for k, v in error.args_.items()}
    key = error.key
    if key == "domain.order":
        text = QCoreApplication.translate("Messages", "x min (%(x_min)s) must be less than x max (%(x_max)s)")
    elif key == "domain.narrow":
        text = QCoreApplication.translate(
            "Messages", "the x range must be at least %(narrowest)s wide, got %(width)s"
        )
    elif key == "check":
        checks = {
            "min_val must be less than max_val": QCoreApplication.translate(
                "Messages", "min_val must be less than max_val"
            ),
            "lower must not exceed upper": QCoreApplication.translate(
                "Messages", "lower must not exceed upper"
            ),
        }
        return f"{args.get('activation')}: {checks.get(str(args.get('check')), str(args.get('check')))}"
    elif key == "param":
        text = QCoreApplication.translate(
            "Messages", "%(name)s=%(value)s is not allowed: it must be %(allowed)s"
        )
        args["allowed"] = _allowed(args)
        args["value"] = str(args.get("value"))  # as the user wrote it, like the English message
    elif key == "device.missing":
        text = QCoreApplication.translate(
            "Messages", "device %(device)s is not available here; available: %(available)s"
        )
    elif key == "device.memory":
        text = QCoreApplication.translate(
            "Messages", "%(device)s ran out of memory for %(samples)s samples; try fewer samples"
        )
        args["samples"] = f"{args.get('samples', 0):,}"
    elif key == "device.failed":
        text = QCoreApplication.translate(
            "Messages", "%(activation)s failed on %(device)s with %(dtype)s: %(reason)s"
        )
    else:
        return str(error)
    for name, value in args.items():
        text = text.replace(f"%({name})s", _number(value))
    return text
