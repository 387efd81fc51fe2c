"""Every activation teaches in both languages: no missing text anywhere."""

from __future__ import annotations

import json

import pytest

from actviewer.core import catalog
from actviewer.core.texts import LANGUAGES, Texts, facts
from actviewer.resources import resource_path

SMOOTHNESS = {"smooth", "c1", "kink", "jump"}
SATURATES = {"none", "left", "right", "both"}


def load(name):
    return json.loads(resource_path("texts", f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("spec", catalog.ACTIVATIONS, ids=lambda s: s.id)
def test_every_activation_has_facts(spec):
    fact = facts(spec.id)
    assert fact.formula.strip() and fact.derivative.strip() and fact.range.strip()
    assert fact.smoothness in SMOOTHNESS and fact.saturates in SATURATES
    assert "$" not in fact.formula + fact.derivative and "\\" not in fact.formula + fact.derivative, (
        "no raw LaTeX"
    )
    if spec.breakpoints(spec.defaults()):
        assert fact.smoothness != "smooth", "declared breakpoints contradict 'smooth'"


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("spec", catalog.ACTIVATIONS, ids=lambda s: s.id)
def test_every_activation_has_complete_learn_texts(language, spec):
    own = load(language)["activations"][spec.id]
    required = ("use", "dead") if language == "en" else ("what", "use", "dead")
    for key in required:
        assert key in own, f"{language}: {spec.id} lacks {key!r}"
    text = Texts(language).activation(spec)
    assert text.name and text.what and len(text.use.split()) >= 12
    if language == "vi":
        assert text.what != spec.summary and text.use != load("en")["activations"][spec.id]["use"]


def test_every_family_and_parameter_is_translated():
    vi = load("vi")
    for family in catalog.FAMILIES:
        assert vi["families"].get(family), family
    for spec in catalog.ACTIVATIONS:
        for param in spec.params:
            entry = vi["params"].get(f"{spec.id}.{param.name}")
            assert entry and entry.get("label") and entry.get("help"), f"{spec.id}.{param.name}"


def test_vietnamese_is_written_with_its_diacritics():
    vi = Texts("vi")
    text = vi.activation(catalog.get("relu"))
    assert "hàm kích hoạt" in text.what and "ReLU chết" in text.use
    assert vi.family("ReLU family") == "Họ ReLU"
    assert (
        vi.param_label(catalog.get("leaky_relu"), catalog.get("leaky_relu").param("negative_slope"))
        == "độ dốc âm"
    )


def test_english_falls_back_to_the_catalog_and_unknown_languages_to_english():
    spec = catalog.get("sigmoid")
    assert Texts("en").activation(spec).what == spec.summary
    assert Texts("xx").language == "en"
