"""Messages from the core in the interface language.

The core raises :class:`~actviewer.core.errors.InputError` with an English
sentence (what the CLI prints) and, for the messages a window user meets, a
``key`` and the values in it. Here each key has its sentence as a ``tr()``
string, so Vietnamese comes from the same ``.ts`` file as every other label.
A message without a key is shown as the core wrote it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from ..core.errors import InputError
from ..core.formula import FormulaError, fill


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


def _check_values(args: dict[str, object]) -> None:
    checks = {
        "min_val must be less than max_val": QCoreApplication.translate(
            "Messages", "min_val must be less than max_val"
        ),
        "lower must not exceed upper": QCoreApplication.translate("Messages", "lower must not exceed upper"),
    }
    args["check"] = checks.get(str(args.get("check")), str(args.get("check")))


def _param_values(args: dict[str, object]) -> None:
    args["allowed"] = _allowed(args)
    args["value"] = str(args.get("value"))  # as the user wrote it, like the English message


def _memory_values(args: dict[str, object]) -> None:
    samples = args.get("samples", 0)
    args["samples"] = f"{samples:,}" if isinstance(samples, int) else str(samples)


Prepare = Callable[[dict[str, object]], None]


def message_table() -> dict[str, tuple[str, Prepare | None]]:
    """Each message key the core raises: its sentence (translated now, in the current language) and
    what the values need before they go in. One table: a new key is one entry."""
    return {
        "domain.order": (
            QCoreApplication.translate("Messages", "x min (%(x_min)s) must be less than x max (%(x_max)s)"),
            None,
        ),
        "domain.narrow": (
            QCoreApplication.translate(
                "Messages", "the x range must be at least %(narrowest)s wide, got %(width)s"
            ),
            None,
        ),
        "check": ("%(activation)s: %(check)s", _check_values),
        "param": (
            QCoreApplication.translate(
                "Messages", "%(name)s=%(value)s is not allowed: it must be %(allowed)s"
            ),
            _param_values,
        ),
        "device.missing": (
            QCoreApplication.translate(
                "Messages", "device %(device)s is not available here; available: %(available)s"
            ),
            None,
        ),
        "device.memory": (
            QCoreApplication.translate(
                "Messages", "%(device)s ran out of memory for %(samples)s samples; try fewer samples"
            ),
            _memory_values,
        ),
        "custom.range": (
            QCoreApplication.translate(
                "Messages", "%(name)s: the minimum (%(minimum)s) must be below the maximum (%(maximum)s)"
            ),
            None,
        ),
        "custom.default": (
            QCoreApplication.translate(
                "Messages", "%(name)s: the default %(default)s lies outside %(minimum)s..%(maximum)s"
            ),
            None,
        ),
        "custom.name_length": (
            QCoreApplication.translate("Messages", "the name must be 1 to %(max)s characters"),
            None,
        ),
        "custom.name_letter": (
            QCoreApplication.translate("Messages", "the name '%(name)s' must start with a letter"),
            None,
        ),
        "custom.builtin": (
            QCoreApplication.translate("Messages", "'%(name)s' is already a built-in name; choose another"),
            None,
        ),
        "custom.duplicate": (
            QCoreApplication.translate("Messages", "two parameters have the same name"),
            None,
        ),
        "device.failed": (
            QCoreApplication.translate(
                "Messages", "%(activation)s failed on %(device)s with %(dtype)s: %(reason)s"
            ),
            None,
        ),
    }


def user_message(error: InputError) -> str:
    """``error`` as the window says it: translated when it carries a key, else its own text."""
    entry = message_table().get(error.key or "")
    if entry is None:
        return str(error)
    text, prepare = entry
    args = dict(error.args_)
    if prepare is not None:
        prepare(args)
    for name, value in args.items():
        text = text.replace(f"%({name})s", _number(value))
    return text


def formula_texts() -> dict[str, str]:
    """Each reason a formula is refused (:data:`actviewer.core.formula.MESSAGES`), translated."""
    return {
        "not_text": QCoreApplication.translate("Messages", "the formula must be text"),
        "too_long": QCoreApplication.translate(
            "Messages", "the formula is %(length)s characters long; at most %(max)s are allowed"
        ),
        "control": QCoreApplication.translate("Messages", "the formula contains a control character"),
        "empty": QCoreApplication.translate("Messages", "the formula is empty"),
        "nested_brackets": QCoreApplication.translate(
            "Messages", "the formula nests %(depth)s levels deep; at most %(max)s are allowed"
        ),
        "too_many_params": QCoreApplication.translate("Messages", "at most %(max)s parameters are allowed"),
        "syntax": QCoreApplication.translate("Messages", "this is not a formula: %(detail)s"),
        "not_formula": QCoreApplication.translate("Messages", "this is not a formula"),
        "nested_operations": QCoreApplication.translate(
            "Messages", "the formula nests more than %(max)s operations deep"
        ),
        "comparison": QCoreApplication.translate(
            "Messages", "comparisons are allowed only as the first argument of where(cond, a, b)"
        ),
        "attribute": QCoreApplication.translate("Messages", "attribute access (a.b) is not allowed"),
        "subscript": QCoreApplication.translate("Messages", "subscripts (a[i]) are not allowed"),
        "operator": QCoreApplication.translate("Messages", "only + - * / ** are allowed between terms"),
        "expression": QCoreApplication.translate("Messages", "%(kind)s expressions are not allowed"),
        "not_number": QCoreApplication.translate(
            "Messages", "%(value)s is not a number; text is allowed only as gelu's approximate"
        ),
        "constant": QCoreApplication.translate(
            "Messages", "constants must be finite and at most %(max)s in size"
        ),
        "function_name": QCoreApplication.translate(
            "Messages", "%(name)s is a function: write %(name)s(...)"
        ),
        "unknown_name": QCoreApplication.translate(
            "Messages", "unknown name '%(name)s' (use %(known)s, pi, e or a function)"
        ),
        "method": QCoreApplication.translate(
            "Messages", "attribute access (.%(name)s) is not allowed; write e.g. exp(x)"
        ),
        "call": QCoreApplication.translate("Messages", "only the listed functions can be called, by name"),
        "unknown_function": QCoreApplication.translate("Messages", "unknown function '%(name)s'"),
        "starred": QCoreApplication.translate("Messages", "* and ** arguments are not allowed"),
        "keywords": QCoreApplication.translate("Messages", "%(name)s takes no keyword arguments"),
        "arity": QCoreApplication.translate("Messages", "%(name)s takes %(count)s argument(s), got %(got)s"),
        "one_input": QCoreApplication.translate(
            "Messages", "%(name)s takes one positional argument (the input), got %(got)s"
        ),
        "condition": QCoreApplication.translate(
            "Messages", "where's first argument must be one comparison, e.g. x >= 0"
        ),
        "keyword_value": QCoreApplication.translate(
            "Messages", "%(name)s must be a constant or a parameter name"
        ),
        "keyword_number": QCoreApplication.translate("Messages", "%(name)s must be a number"),
        "repeated_keyword": QCoreApplication.translate("Messages", "%(name)s is given twice"),
        "clamp_order": QCoreApplication.translate(
            "Messages", "clamp's lower bound %(low)s is above its upper bound %(high)s"
        ),
    }


def formula_reason(error: FormulaError) -> str:
    """Why the formula is refused, in the interface language (its position is shown apart)."""
    if error.inner is not None:
        return user_message(error.inner)
    template = formula_texts().get(error.formula_key)
    return fill(template, error.values) if template is not None else error.reason
