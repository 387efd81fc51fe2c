"""The guided lesson: every step in both languages selects its activation and shows code that
prints exactly what the panel shows; the two-layer view; the tutorial's vocabulary."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

import numpy as np
import pytest
import torch
from PySide6.QtGui import QImage

from actviewer.core.errors import InputError
from actviewer.core.features import view_ids
from actviewer.core.layers import LayersRequest, compute_layers
from actviewer.core.lesson import DEFAULT_LESSON, load_lesson, parse_lesson
from actviewer.gui.panels.picker import ID_ROLE
from actviewer.resources import resource_path


def run_printing(code: str) -> str:
    """Run a snippet as the student would and return what it printed (the test's own exec)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<lesson snippet>", "exec"), {})
    return out.getvalue().rstrip("\n")


@pytest.fixture(params=["en", "vi"])
def lesson_window(request, qtbot, make_window):
    from actviewer.gui.i18n import install_language

    install_language(request.param)
    window = make_window()
    yield window
    install_language("en")


def test_every_step_selects_its_activation_and_prints_what_the_panel_shows(qtbot, lesson_window):
    window = lesson_window
    lesson = load_lesson(DEFAULT_LESSON, view_ids())
    assert window.lessons.open(DEFAULT_LESSON, 0)
    panel = window.lessons.panel
    panel.resize(340, 600)  # narrow, as in a docked panel: long headings wrap to two lines
    next_at = None
    selections = []
    window.picker.tree.selectionModel().selectionChanged.connect(lambda *_: selections.append(1))
    for index, step in enumerate(lesson.steps):
        if index:
            panel.next.click()
        qtbot.waitUntil(lambda: not panel.waiting, timeout=30_000)
        assert window.state.activation == step.activation and window.state.view == step.view
        # The picker's highlight follows (the tree repaints on selectionChanged: once it was blocked
        # and Sigmoid stayed highlighted under Tanh), and Next stays where the mouse clicked it.
        assert window.picker.current_id() == step.activation
        assert [i.data(ID_ROLE) for i in window.picker.tree.selectionModel().selectedIndexes()] == [
            step.activation
        ]
        assert next_at is None or panel.next.mapTo(panel, panel.next.rect().topLeft()) == next_at
        next_at = panel.next.mapTo(panel, panel.next.rect().topLeft())
        for name, value in step.params.items():
            assert window.state.current_params()[name] == value
        assert panel.progress.value() == index + 1
        language = panel.language
        assert step.title[language] in panel.heading.text()
        for box in (panel.functional, panel.module):
            if box.isVisible():
                assert run_printing(box.editor.toPlainText()) == panel.output.text()
    assert not panel.next.isEnabled() and panel.back.isEnabled()
    assert len(selections) >= len({s.activation for s in lesson.steps}) - 1
    panel.back.click()
    assert window.state.activation == lesson.steps[-2].activation
    qtbot.waitUntil(lambda: not window.controller.busy and not panel.waiting, timeout=30_000)


def test_the_last_step_seen_is_remembered(qtbot, make_window, settings_store):
    window = make_window()
    window.lessons.open(DEFAULT_LESSON, 4)
    qtbot.waitUntil(lambda: not window.controller.busy and not window.lessons.panel.waiting, timeout=30_000)
    window.close()
    again = make_window(settings=settings_store)
    again.lessons.open(DEFAULT_LESSON)
    assert again.lessons.panel.index == 4 and again.state.activation == "relu"
    qtbot.waitUntil(lambda: not again.controller.busy and not again.lessons.panel.waiting, timeout=30_000)


def test_lesson_files_are_data_checked_with_clear_messages(tmp_path):
    data = json.loads(resource_path("lessons", "tutorial.json").read_text(encoding="utf-8"))
    views = view_ids()
    for change, message in (
        (lambda d: d["steps"][0].update(activation="nope"), "unknown activation"),
        (lambda d: d["steps"][0].update(view="nowhere"), "unknown view 'nowhere'"),
        (lambda d: d["steps"][1]["title"].pop("vi"), "step 2: title must give a text"),
        (lambda d: d["steps"][5].update(params={"negative_slope": "x"}), "step 6"),
        (lambda d: d.update(example=[]), "example"),
        (lambda d: d.update(schema=2), "schema"),
    ):
        broken = json.loads(json.dumps(data))
        change(broken)
        with pytest.raises(InputError, match=message):
            parse_lesson(broken, views)
    with pytest.raises(InputError, match="unknown lesson 'nope'"):
        load_lesson("nope", views)
    with pytest.raises(InputError, match="unknown lesson"):
        load_lesson("../texts/vi", views)


def test_two_linear_layers_are_a_line_until_an_activation_bends_them():
    result = compute_layers(LayersRequest("relu", hidden=8, seed=3).validated())
    second_differences = np.diff(result.without, 2)
    assert np.abs(second_differences).max() < 1e-12  # affine: no curvature at all
    assert np.abs(np.diff(result.with_activation, 2)).max() > 1e-3  # ReLU kinks
    program = result.request.program()
    scope: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(program, "<layers program>", "exec"), scope)
    np.testing.assert_allclose(
        scope["with_activation"].squeeze(1).numpy(), result.with_activation, rtol=1e-12
    )
    state = torch.random.get_rng_state()
    compute_layers(LayersRequest("tanh", seed=5).validated())
    assert torch.equal(state, torch.random.get_rng_state())  # the user's RNG is untouched
    with pytest.raises(InputError, match="not elementwise"):
        LayersRequest("softmax").validated()
    with pytest.raises(InputError, match="hidden units"):
        LayersRequest("relu", hidden=0).validated()


def test_the_vietnamese_interface_uses_the_tutorials_words():
    texts = json.loads(resource_path("texts", "vi.json").read_text(encoding="utf-8"))
    assert texts["activations"]["binary_step"]["name"] == "Bước nhị phân"
    ts = resource_path("translations", "actviewer_vi.ts").read_text(encoding="utf-8")
    for source, words in (
        ("&amp;Activation", "Hàm kích hoạt"),
        ("Derivative f′(x)", "Đạo hàm"),
        ("Lesson", "Bài học"),
    ):
        start = ts.index(f"<source>{source}</source>")
        translation = ts[start : ts.index("</translation>", start)]
        assert words in translation, source
    assert any(p.get("label") == "ngưỡng" for p in texts["params"].values() if isinstance(p, dict))
    lesson = load_lesson(DEFAULT_LESSON, view_ids())
    vietnamese = " ".join(s.text["vi"] + s.title["vi"] for s in lesson.steps)
    for word in ("hàm kích hoạt", "Đạo hàm", "ngưỡng", "Bước nhị phân"):
        assert word.lower() in vietnamese.lower(), word


@pytest.mark.parametrize(("lang", "step"), [("vi", 1), ("en", 6)])
def test_the_command_line_opens_a_step_and_screenshots_it(tmp_path, lang, step):
    path = tmp_path / "s.png"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "actviewer",
            "gui",
            "--lang",
            lang,
            "--lesson",
            "tutorial",
            "--lesson-step",
            str(step),
            "--screenshot",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**__import__("os").environ, "XDG_CONFIG_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode == 0, out.stderr
    assert QImage(str(path)).width() == 1440
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "actviewer",
            "gui",
            "--lesson",
            "tutorial",
            "--lesson-step",
            "0",
            "--screenshot",
            str(tmp_path / "x.png"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "--lesson-step must be from 1 to 8" in bad.stderr
