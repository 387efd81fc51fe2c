"""Declared parameters: the one place that says what a value may be.

A :class:`ParamSpec` is read by the compute core (validation), the CLI
(``--param NAME=VALUE`` parsing and its error messages), the window (which
widget, its range and step) and the docs. Nothing else restates a range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Union

from .errors import InputError

ParamKind = Literal["float", "int", "choice", "bool"]
ParamScope = Literal["any", "curve", "tensor"]
ParamValue = Union[float, int, str, bool]  # noqa: UP007 (a runtime alias on 3.10)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class ParamSpec:
    """One keyword of an activation.

    ``name`` is torch's own keyword, so ``F.leaky_relu(x, **values)`` works.
    ``ui_min``/``ui_max``/``step`` bound a slider; ``minimum``/``maximum`` are
    hard constraints that every entry path enforces. ``torch_arg`` is False for
    our own controls (a seed) that torch never sees.

    ``log_scale`` marks a scale-like parameter (a sharpness, a temperature)
    whose slider moves by equal ratios rather than equal differences, so 0.1
    to 1 gets as much of the slider as 1 to 10; its ``ui_min`` is positive.

    ``scope`` says where a value means something: ``"curve"`` for what only
    shapes the 1-D curve's input (how many classes a softmax curve is drawn
    against), ``"tensor"`` for what only a real tensor has (the softmax
    family's ``dim``, which a curve of one class has no use for), ``"any"``
    otherwise. A view disables the controls its input cannot use, so no
    control sits there looking as if it did something.
    """

    name: str
    kind: ParamKind
    default: ParamValue
    label: str
    help: str = ""
    ui_min: float | None = None
    ui_max: float | None = None
    step: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    choices: tuple[str, ...] = ()
    torch_arg: bool = True
    log_scale: bool = False
    scope: ParamScope = "any"

    def __post_init__(self) -> None:
        if self.log_scale and not (self.ui_min is not None and self.ui_max is not None and self.ui_min > 0):
            raise ValueError(f"{self.name}: a log-scale slider needs 0 < ui_min and a ui_max")

    def allowed(self) -> str:
        """Human description of the accepted values, for error messages."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "true or false"
        what = "an integer" if self.kind == "int" else "a finite number"
        bounds = []
        if self.minimum is not None:
            bounds.append(f"{'>' if self.exclusive_minimum else '>='} {self.minimum:g}")
        if self.maximum is not None:
            bounds.append(f"<= {self.maximum:g}")
        return what + (" " + " and ".join(bounds) if bounds else "")

    def parse(self, text: str) -> ParamValue:
        """Parse the text a user typed (CLI or a stored setting) and validate it."""
        raw = text.strip()
        if self.kind == "bool":
            low = raw.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise self._error(raw)
        if self.kind == "choice":
            return self.validate(raw)
        try:
            number: float | int = int(raw) if self.kind == "int" else float(raw)
        except ValueError:
            raise self._error(raw) from None
        return self.validate(number)

    def validate(self, value: object) -> ParamValue:
        """Coerce ``value`` to this kind or raise :class:`InputError`."""
        if self.kind == "choice":
            if isinstance(value, str) and value in self.choices:
                return value
            raise self._error(value)
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise self._error(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self._error(value)
        if self.kind == "int":
            if isinstance(value, float):
                if not value.is_integer():
                    raise self._error(value)
                value = int(value)
        else:
            value = float(value)
            if not math.isfinite(value):
                raise self._error(value)
        if self.minimum is not None and (
            value < self.minimum or (self.exclusive_minimum and value == self.minimum)
        ):
            raise self._error(value)
        if self.maximum is not None and value > self.maximum:
            raise self._error(value)
        return value

    def _error(self, value: object) -> InputError:
        return InputError(
            f"{self.name}={value!s} is not allowed: it must be {self.allowed()}",
            "param",
            name=self.name,
            value=value,
            kind=self.kind,
            minimum=self.minimum,
            maximum=self.maximum,
            exclusive=self.exclusive_minimum,
            choices=", ".join(self.choices),
        )

    def as_dict(self) -> dict[str, object]:
        """JSON-ready description (``actviewer list --json``)."""
        out: dict[str, object] = {
            "name": self.name,
            "kind": self.kind,
            "default": self.default,
            "label": self.label,
            "help": self.help,
            "allowed": self.allowed(),
            "torch_arg": self.torch_arg,
            "scope": self.scope,
        }
        if self.kind in ("float", "int"):
            out.update(
                ui_min=self.ui_min,
                ui_max=self.ui_max,
                step=self.step,
                minimum=self.minimum,
                maximum=self.maximum,
                exclusive_minimum=self.exclusive_minimum,
                log_scale=self.log_scale,
            )
        if self.kind == "choice":
            out["choices"] = list(self.choices)
        return out
