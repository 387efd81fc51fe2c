"""Learn texts and translated catalog labels, from ``resources/texts``.

English names, labels and one-line summaries are the catalog's own; the
resource files add what the catalog does not say (when to use it, its dead
region, formulas and properties) and every text in Vietnamese. A missing
Vietnamese text falls back to English, and a test fails on any gap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..resources import resource_path
from .catalog import ActivationSpec
from .params import ParamSpec

LANGUAGES: dict[str, str] = {"en": "English", "vi": "Tiếng Việt"}
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Facts:
    formula: str
    derivative: str
    range: str
    zero_centred: bool | None
    monotonic: bool | None
    smoothness: str
    saturates: str
    """None or "" where it is not known (a custom activation's properties are not analysed)."""


@dataclass(frozen=True)
class LearnText:
    name: str
    what: str
    use: str
    dead: str


@cache
def _load(name: str) -> dict[str, Any]:
    with open(resource_path("texts", f"{name}.json"), encoding="utf-8") as handle:
        return json.load(handle)


def facts(activation_id: str) -> Facts:
    known = _load("facts").get(activation_id)
    if known is not None:
        return Facts(**known)
    from . import catalog

    spec = catalog.get(activation_id)  # a custom activation: its formula, the rest unknown
    return Facts(f"f(x) = {spec.formula or '?'}", "f′(x), f″(x): by autograd", "—", None, None, "", "")


class Texts:
    """Every user-visible text about the catalog, in one language."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._own = _load(self.language)
        self._english = _load("en")

    def activation(self, spec: ActivationSpec) -> LearnText:
        if spec.id not in self._english["activations"]:  # the user's own activation
            custom = self._own.get("custom", self._english["custom"])
            return LearnText(
                name=spec.name, what=f"{custom['what']} f(x) = {spec.formula}", use=custom["use"], dead="—"
            )
        english = self._english["activations"][spec.id]
        own = self._own.get("activations", {}).get(spec.id, {})
        return LearnText(
            name=own.get("name", spec.name),
            what=own.get("what", spec.summary),
            use=own.get("use", english["use"]),
            dead=own.get("dead", english["dead"]),
        )

    def view(self, view_id: str) -> tuple[str, list[str]] | None:
        """A view's own Learn text (title, paragraphs), in this language where it is translated."""
        text = self._own.get("views", {}).get(view_id) or self._english.get("views", {}).get(view_id)
        if not isinstance(text, dict):
            return None
        return str(text.get("title", "")), [str(p) for p in text.get("paragraphs", [])]

    def family(self, family: str) -> str:
        return self._own.get("families", {}).get(family, family)

    def _param(self, spec: ActivationSpec, param: ParamSpec) -> dict[str, str]:
        return self._own.get("params", {}).get(f"{spec.id}.{param.name}", {})

    def param_label(self, spec: ActivationSpec, param: ParamSpec) -> str:
        return self._param(spec, param).get("label", param.label)

    def param_help(self, spec: ActivationSpec, param: ParamSpec) -> str:
        return self._param(spec, param).get("help", param.help)
