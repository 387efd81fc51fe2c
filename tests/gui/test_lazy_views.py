"""Views are built when first needed: what the user sees does not change, start-up builds less."""

from __future__ import annotations

from actviewer.core.matrix import MatrixResult
from actviewer.core.network import StackResult
from actviewer.gui.views import registry


def test_start_up_builds_only_the_shown_view_but_every_tab_and_toolbar_action_is_there(qtbot, window):
    assert [v.id for v in window.views.built()] == ["curve"]
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == [cls.title() for cls in registry.views()]
    assert "Deep stack" in titles and "&Pin Curve" in [a.text() for a in window.toolbar.actions()]


def test_a_toolbar_action_builds_its_view_when_first_used(qtbot, window):
    """Pin Curve is on the toolbar before the Compare view exists; using it builds the view, pins
    the curve shown, and the view's own Pin button is the same action."""
    pin = next(a for a in window.toolbar.actions() if a.text() == "&Pin Curve")
    assert pin.shortcut().toString() == "Ctrl+P" and window.views.if_built("compare") is None
    pin.trigger()
    compare = window.views.if_built("compare")
    assert compare is not None and [o.curve.activation for o in compare.overlays] == [window.state.activation]
    assert compare.pin_button.defaultAction() is pin
    assert window.tabs.currentIndex() == window.tab_index("curve")  # pinning does not switch tabs


def test_opening_a_tab_builds_its_view_which_then_draws_and_adds_its_actions(qtbot, window):
    assert window.views.if_built("sweep") is None
    with qtbot.waitSignal(
        window.result_shown, timeout=60_000, check_params_cb=lambda r: isinstance(r, StackResult)
    ):
        window.tabs.setCurrentIndex(window.tab_index("stack"))
    view = window.views.if_built("stack")
    assert view is not None and view.isVisible() and view.last_result is not None
    assert window.tabs.currentWidget().widget() is view
    window.set_state(window.state.__class__(activation="softplus", view="sweep"))
    qtbot.waitUntil(lambda: window.views.if_built("sweep") is not None and window.views["sweep"].last_result)
    menu = [a.text() for a in window.view_menu.actions()]
    sweep_actions = [a.text() for a in window.views["sweep"].actions()]
    assert sweep_actions and all(text in menu for text in sweep_actions)
    assert all(a.isEnabled() for a in window.views["sweep"].actions())
    assert not any(a.isEnabled() for a in window.views["curve"].actions())  # not the shown view


def test_a_view_never_opened_keeps_its_stored_settings(qtbot, make_window, settings_store):
    settings_store.save_json("views/matrix", {"rows": 7, "cols": 3, "seed": 5, "scale": 1.5})
    window = make_window()
    window.save_settings()
    assert window.views.if_built("matrix") is None
    assert settings_store.load_json("views/matrix") == {"rows": 7, "cols": 3, "seed": 5, "scale": 1.5}


def test_a_hidden_views_bad_settings_are_reported_when_it_is_first_opened(qtbot, make_window, settings_store):
    settings_store.save_json("views/matrix", {"rows": 999, "cols": "many"})
    window = make_window()
    assert "matrix" not in window.status.notice.text()
    window.set_state(window.state.__class__(activation="softmax", view="matrix"))
    qtbot.waitUntil(lambda: isinstance(window.views["matrix"].last_result, MatrixResult), timeout=30_000)
    assert "reset to their defaults" in window.status.notice.text() and "rows" in window.status.notice.text()
    assert window.views["matrix"].settings.rows == 4  # the default


def test_unreadable_view_settings_are_reported_for_views_built_now_and_later(
    qtbot, make_window, settings_store
):
    settings_store.qsettings.setValue("views/curve", "not json{")
    settings_store.qsettings.setValue("views/matrix", "not json{")
    window = make_window()
    assert "views/curve is not valid JSON" in window.status.notice.text()
    assert "views/matrix" not in window.status.notice.text()  # not read until the tab is opened
    window.set_state(window.state.__class__(activation="softmax", view="matrix"))
    qtbot.waitUntil(lambda: isinstance(window.views["matrix"].last_result, MatrixResult), timeout=30_000)
    assert "views/matrix is not valid JSON" in window.status.notice.text()
    assert settings_store.problems == []  # each reported once, not again by the next window


def test_the_view_menu_keeps_tab_order_whichever_view_is_built_first(qtbot, make_window, settings_store):
    from actviewer.core.state import ExplorerState

    settings_store.save_state(ExplorerState(activation="softplus", view="sweep"))
    window = make_window()
    assert window.views.if_built("curve") is None
    window.views.build("curve")
    texts = [a.text() for a in window.view_menu.actions() if a.text()]
    curve = [a.text() for a in window.views["curve"].actions()]
    sweep = [a.text() for a in window.views["sweep"].actions()]
    assert curve and sweep
    assert texts.index(curve[-1]) < texts.index(sweep[0])  # Curve's tab comes before Sweep's
