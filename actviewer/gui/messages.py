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
    elif key == "custom.range":
        text = QCoreApplication.translate(
            "Messages", "%(name)s: the minimum (%(minimum)s) must be below the maximum (%(maximum)s)"
        )
    elif key == "custom.default":
        text = QCoreApplication.translate(
            "Messages", "%(name)s: the default %(default)s lies outside %(minimum)s..%(maximum)s"
        )
    elif key == "custom.name_length":
        text = QCoreApplication.translate("Messages", "the name must be 1 to %(max)s characters")
    elif key == "custom.name_letter":
        text = QCoreApplication.translate("Messages", "the name '%(name)s' must start with a letter")
    elif key == "custom.builtin":
        text = QCoreApplication.translate("Messages", "'%(name)s' is already a built-in name; choose another")
    elif key == "custom.duplicate":
        text = QCoreApplication.translate("Messages", "two parameters have the same name")
    elif key == "device.failed":
        text = QCoreApplication.translate(
            "Messages", "%(activation)s failed on %(device)s with %(dtype)s: %(reason)s"
        )
    else:
        return str(error)
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
    }


def formula_reason(error: FormulaError) -> str:
    """Why the formula is refused, in the interface language (its position is shown apart)."""
    if error.inner is not None:
        return user_message(error.inner)
    template = formula_texts().get(error.formula_key)
    return fill(template, error.values) if template is not None else error.reason
