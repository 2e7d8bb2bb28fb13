"""session-state: the FAQ's counter survives reruns in st.session_state."""

import logging
import re
import time
import tomllib
from types import SimpleNamespace

import pytest
from streamlit import config
from streamlit.elements.lib import policies
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options
from streamlit.web.server import server as server_module

from apptest_helpers import APPS_DIR, check, full_runs, not_judged, predict, texts


def count_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Count as seen"))


def faq_button(at, label):
    return next(b for b in at.button if b.label == label)


def test_ss1_a_rerun_starts_the_script_with_none_of_the_last_runs_variables():
    """A rerun executes the script in a new module, so the previous run's variables are gone.

    Fails if a rerun kept the last run's variables (the script re-executed in the same namespace)."""

    def script():
        import streamlit as st

        st.write("left over" if "earlier" in globals() else "from scratch")
        earlier = "set in this run"  # noqa: F841 (looked for in the next run)

    at = AppTest.from_function(script).run()
    at.run()
    # Must NOT happen: a variable of the previous run still defined.
    assert at.markdown[0].value == "from scratch"


def test_ss2_the_counter_survives_reruns_and_decrements(open_lesson):
    """The FAQ's counter keeps its value through five reruns, up and down.

    Fails if session state were emptied between runs (the count back to 0 after a click)."""
    at = open_lesson("session-state")
    assert not at.exception
    assert at.session_state["count"] == 0
    for _ in range(3):
        faq_button(at, "Increment").click().run()  # looked up anew: each run rebuilds the page
    faq_button(at, "Decrement").click().run()
    # Must NOT happen: the counter being reset to 0 by a rerun.
    assert at.session_state["count"] == 2
    assert "Count = " in texts(at)
    assert full_runs(at) == 5


def test_ss2_item_and_attribute_access_are_the_same_entry():
    """`st.session_state['count']` and `st.session_state.count` read and write one entry.

    Fails if attribute access were a separate store from item access (the page showing 41 or 1)."""

    def script():
        import streamlit as st

        st.session_state["count"] = 41
        st.session_state.count += 1
        st.write(f"{st.session_state['count']}")

    at = AppTest.from_function(script).run()
    assert at.markdown[0].value == "42"
    assert at.session_state["count"] == 42


def server_session_storage(monkeypatch, ttl: int | None = None):
    """The store of disconnected sessions that `streamlit run`'s server builds, with
    `server.disconnectedSessionTTL` set to ttl (None: its default). The Runtime is stubbed out
    (one per process), so nothing starts."""
    built = []
    monkeypatch.setattr(server_module, "Runtime", lambda runtime_config: built.append(runtime_config))
    options = {} if ttl is None else {"server.disconnectedSessionTTL": ttl}
    with patch_config_options(options):
        server_module.Server("app.py", is_hello=False)
    return built[0].session_storage


def test_ss3_the_server_keeps_a_disconnected_session_for_the_ttl_default_120_s(open_lesson, monkeypatch):
    """The server's store of disconnected sessions is built with `server.disconnectedSessionTTL`
    (120 s by default), finds a session within the TTL and has forgotten it after.

    Fails if the default TTL were not 120 s, if the server built its store with another TTL, or if
    a disconnected session were kept past its TTL."""
    assert config.get_config_options()["server.disconnectedSessionTTL"].default_val == 120
    at = open_lesson("session-state")
    assert "This server keeps them for **120 s**" in texts(at)  # read live from the option
    assert server_session_storage(monkeypatch)._cache.ttl == 120

    storage = server_session_storage(monkeypatch, ttl=1)
    disconnected = SimpleNamespace(session=SimpleNamespace(id="a-session"))
    saved = time.monotonic()
    storage.save(disconnected)
    assert storage.get("a-session") is disconnected  # a reconnect within the TTL finds it
    time.sleep(max(0.0, saved + 1.1 - time.monotonic()))
    # Must NOT happen: the session still there after the TTL.
    assert storage.get("a-session") is None


def test_ss3_the_server_keeps_at_most_128_disconnected_sessions(monkeypatch):
    """The store the server builds keeps 128 disconnected sessions, dropping the oldest.

    Fails if the server kept more than 128 disconnected sessions (an unbounded store, or another
    maxsize), or dropped one other than the oldest."""
    storage = server_session_storage(monkeypatch)
    assert isinstance(storage, MemorySessionStorage)
    for number in range(129):
        storage.save(SimpleNamespace(session=SimpleNamespace(id=f"session-{number}")))
    assert storage.get("session-128") is not None
    assert storage.get("session-1") is not None
    # Must NOT happen: a 129th disconnected session kept alongside the other 128.
    assert storage.get("session-0") is None


def test_ss4_code_above_the_button_sees_the_old_value_during_that_run(open_lesson):
    """The line above the FAQ's buttons shows the count before the click's `+= 1`.

    Fails if the top of the script already saw the incremented count (as if the click were applied
    before the run)."""
    at = open_lesson("session-state")
    faq_button(at, "Increment").click().run()
    assert at.session_state["count"] == 1
    assert count_line(at) == "Count as seen at the top of this run: **0**"
    assert "Count = " in texts(at)


def test_ss5_ss10_without_the_init_guard_the_value_resets(open_lesson):
    """The unguarded `= 0` resets its value every run; the guarded one counts.

    Fails if an assignment at the top of the script ran only once (the unguarded value counting
    up), or if the guard let the value reset."""
    at = open_lesson("session-state")
    for _ in range(2):
        at.button(key="add_unguarded").click().run()
        at.button(key="add_guarded").click().run()
    assert at.session_state["unguarded"] == 0  # reset by the next run's assignment
    assert at.session_state["guarded"] == 2


def test_ss6_ss7_a_widget_and_its_key_in_session_state_are_one(open_lesson):
    """Typing in the keyed box shows in `st.session_state.nickname`; a callback setting the key
    changes the box.

    Fails if a keyed widget's value were not in session state under its key, or if a callback
    could not set it (an error, or the box keeping "Grace")."""
    at = open_lesson("session-state")
    at.text_input(key="nickname").input("Grace").run()
    assert at.session_state["nickname"] == "Grace"
    assert "`st.session_state.nickname` is **'Grace'**" in texts(at)
    at.button(key="set_nick").click().run()  # its callback sets the key before the widget is drawn
    # Must NOT happen: an error for setting the key from the callback.
    assert not at.exception
    assert at.text_input(key="nickname").value == "Ada"


def test_ss8_the_lesson_shows_the_refusal_for_a_button_and_a_file_uploader(open_lesson):
    """The lesson's demo shows Streamlit's refusal for a button and a file uploader.

    Fails if Streamlit accepted a preset for either (fewer than two refusals shown)."""
    at = open_lesson("session-state")
    at.button(key="try_preset").click().run()
    assert not at.exception  # the lesson catches Streamlit's refusals and shows them
    refusals = [e.value for e in at.error]
    assert len(refusals) == 2
    for key, refusal in zip(("pressed_for_me", "uploaded_for_me"), refusals, strict=True):
        assert f"`st.session_state['{key}']` is read-only and cannot be assigned" in refusal
        assert key not in at.session_state


def preset_then_draw(kind: str, value) -> None:
    """An AppTest script: sets the key "w" through session state, then draws one kind of widget."""
    import altair as alt
    import pandas as pd
    import streamlit as st

    table = pd.DataFrame({"a": [1, 2]})
    draw = {
        "st.button": lambda: st.button("b", key="w"),
        "st.form_submit_button": lambda: st.form("f").form_submit_button("s", key="w"),
        "st.download_button": lambda: st.download_button("d", b"x", key="w"),
        "st.link_button": lambda: st.link_button("l", "https://streamlit.io", key="w"),
        "st.menu_button": lambda: st.menu_button("m", ["x"], key="w"),
        "st.file_uploader": lambda: st.file_uploader("u", key="w"),
        "st.camera_input": lambda: st.camera_input("c", key="w"),
        "st.audio_input": lambda: st.audio_input("a", key="w"),
        "st.data_editor": lambda: st.data_editor(table, key="w"),
        "st.form": lambda: st.form("w"),
        "chart selection": lambda: st.altair_chart(
            alt.Chart(table).mark_point().encode(x="a").add_params(alt.selection_point()),
            on_select="rerun",
            key="w",
        ),
        "ButtonColumn": lambda: st.dataframe(
            table, column_config={"a": st.column_config.ButtonColumn(key="w")}
        ),
        # Must-NOT cases: ordinary input widgets take a preset value.
        "st.text_input": lambda: st.text_input("t", key="w"),
        "st.checkbox": lambda: st.checkbox("c", key="w"),
    }[kind]
    st.session_state.w = value
    draw()
    st.write("accepted")


READ_ONLY = [
    "st.button",
    "st.form_submit_button",
    "st.download_button",
    "st.link_button",
    "st.menu_button",
    "st.file_uploader",
    "st.camera_input",
    "st.audio_input",
    "st.data_editor",
    "st.form",
    "chart selection",
    "ButtonColumn",
]


@pytest.mark.parametrize("kind", READ_ONLY)
def test_ss8_session_state_cannot_preset(kind):
    """Each widget kind SS8 lists refuses a value set through its key.

    Fails if one of the listed kinds accepted the preset and was drawn (the list naming a widget
    that can be preset)."""
    at = AppTest.from_function(preset_then_draw, args=(kind, True), default_timeout=15).run()
    assert [e.value for e in at.exception] != []
    assert "`st.session_state['w']` is read-only and cannot be assigned" in at.exception[0].value
    # Must NOT happen: the widget drawn with the preset value.
    assert "accepted" not in texts(at)


@pytest.mark.parametrize(("kind", "value"), [("st.text_input", "preset"), ("st.checkbox", True)])
def test_ss8_ss12_an_input_widget_takes_a_value_set_above_it(kind, value):
    """An ordinary input widget takes a value set through its key above it.

    Fails if input widgets were refused like buttons (SS8's list too short to be true), or if a
    value set above the widget did not reach it."""
    at = AppTest.from_function(preset_then_draw, args=(kind, value), default_timeout=15).run()
    # Must NOT happen: the refusal the read-only widgets get.
    assert not at.exception
    assert "accepted" in texts(at)
    assert at.session_state["w"] == value


def test_ss9_one_click_one_rerun_whatever_session_state_keeps(open_lesson):
    """Three clicks on Increment, three full runs, and the exercise says so.

    Fails if writing session state caused extra reruns (more than one run per click)."""
    at = predict(open_lesson("session-state"), "increment-three", 3)
    for _ in range(3):
        faq_button(at, "Increment").click().run()
    assert check(at, "increment-three").startswith("Right: the timeline shows 3 full script runs")
    assert at.session_state["count"] == 3


def test_ss11_a_new_session_starts_from_zero(open_lesson):
    """A second session of the lesson starts at 0 while the first has counted to 1.

    Fails if session state were shared between sessions (the second session seeing 1)."""
    first = open_lesson("session-state")
    faq_button(first, "Increment").click().run()
    second = open_lesson("session-state")
    # Must NOT happen: the second session seeing the first one's count.
    assert second.session_state["count"] == 0
    assert first.session_state["count"] == 1


def test_ss12_setting_a_widget_key_after_the_widget_is_drawn_raises():
    """Setting a widget's key after the widget is drawn in the run raises.

    Fails if a late assignment were accepted (no error, or the box taking "too late")."""

    def script():
        import streamlit as st

        st.text_input("Nickname", key="nickname")
        st.session_state.nickname = "too late"

    at = AppTest.from_function(script).run()
    assert "`st.session_state['nickname']` cannot be modified after the widget" in at.exception[0].value
    # Must NOT happen: the late value reaching the widget.
    assert at.text_input(key="nickname").value == ""


def test_ss13_predict_the_top_line_shows_the_count_before_the_click(open_lesson):
    """The exercise accepts 0: what the top line showed in the click's run.

    Fails if the exercise judged by the count after the click (1) rather than the top line."""
    at = predict(open_lesson("session-state"), "top-line", 0)
    faq_button(at, "Increment").click().run()
    assert count_line(at) == "Count as seen at the top of this run: **0**"
    assert check(at, "top-line").startswith("Right: the top line shows 0. ")


def test_predicting_the_new_count_on_the_top_line_is_refused(open_lesson):
    at = open_lesson("session-state")
    faq_button(at, "Increment").click().run()  # Count = 1 before the exercise
    at = predict(at, "top-line", 2)
    faq_button(at, "Increment").click().run()
    assert at.session_state["count"] == 2
    # Must NOT be accepted: the top line showed 1, the count before this click.
    assert check(at, "top-line").startswith("The top line shows 1, not 2. ")


def test_ss14_predict_the_unguarded_value_shows_1_after_three_clicks(open_lesson):
    """Three clicks on the unguarded Add one show 1, and the exercise accepts 1.

    Fails if the unguarded value counted up (3), or the exercise refused what the page showed."""
    at = predict(open_lesson("session-state"), "unguarded-three", 1)
    for _ in range(3):
        at.button(key="add_unguarded").click().run()
    assert "Value: **1**" in texts(at)
    assert check(at, "unguarded-three").startswith("Right: the left column shows 1. ")


def test_predicting_three_for_the_unguarded_value_is_refused(open_lesson):
    at = predict(open_lesson("session-state"), "unguarded-three", 3)
    for _ in range(3):
        at.button(key="add_unguarded").click().run()
    at.button(key="add_guarded").click().run()  # another click: the left column falls back to 0
    assert at.session_state["guarded"] == 1
    # Must NOT be accepted: neither 3 nor the 1 it showed a click ago. The page shows 0.
    assert check(at, "unguarded-three").startswith("The left column shows 0, not 3. ")


def forget_nickname_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("`st.session_state.nickname` is"))


def test_ss15_del_removes_one_entry_and_clear_removes_every_one():
    """`del` (attribute or item) removes one entry, `clear()` removes all of them, keyed widgets'
    included; the init guard then sets the count back to 0.

    Fails if `del` or `clear()` left an entry behind (the count going on from 2, the widget's
    key or the other value still listed), or if a deleted key could still be read."""

    def script():
        import streamlit as st

        def forget(how):
            if how == "attribute":
                del st.session_state.count
            elif how == "item":
                del st.session_state["count"]
            else:
                st.session_state.clear()

        st.write(f"at the top: {sorted(st.session_state.to_dict())}")
        if "count" not in st.session_state:
            st.session_state.count = 0
        st.session_state.setdefault("other", "value")
        for how in ("attribute", "item", "clear"):
            st.button(how, key=how, on_click=forget, args=(how,))
        st.text_input("Name", key="name")
        if st.button("Increment", key="inc"):
            st.session_state.count += 1
        st.write(f"count = {st.session_state.count}")

    at = AppTest.from_function(script).run()
    for how in ("attribute", "item"):
        at.button(key="inc").click().run()
        at.button(key="inc").click().run()
        assert at.markdown[1].value == "count = 2"
        at.button(key=how).click().run()
        # Must NOT happen: the count going on from 2 after its key was deleted.
        assert at.markdown[0].value == "at the top: ['attribute', 'clear', 'inc', 'item', 'name', 'other']"
        assert at.markdown[1].value == "count = 0"
    at.text_input(key="name").input("Grace").run()
    at.button(key="inc").click().run()
    at.button(key="clear").click().run()
    # Must NOT happen: anything left after clear(): your own values, the widgets' keys.
    assert at.markdown[0].value == "at the top: []"
    assert at.markdown[1].value == "count = 0"

    def read_deleted():
        import streamlit as st

        st.session_state.count = 1
        del st.session_state.count
        st.session_state.count  # noqa: B018 (reading it is the point)

    at = AppTest.from_function(read_deleted).run()
    assert 'st.session_state has no attribute "count"' in at.exception[0].value


def test_ss16_ss20_a_deleted_widget_key_reads_its_default_in_that_run(open_lesson):
    """The lesson's Forget button deletes the nickname's key in a callback: the click's run reads
    the text input's default, '', with no error.

    Fails if the deleted key still gave the typed nickname in that run, or if reading it after
    the widget was drawn again raised."""
    at = open_lesson("session-state")
    at.text_input(key="nickname").input("Grace").run()
    assert forget_nickname_line(at) == "`st.session_state.nickname` is **'Grace'**"
    at.button(key="forget_nick").click().run()
    assert not at.exception
    # Must NOT happen: the run after the deletion reading the typed nickname.
    assert forget_nickname_line(at) == "`st.session_state.nickname` is **''**"


def test_ss20_predict_the_line_shows_the_empty_default_in_the_forget_run(open_lesson):
    """The forget exercise accepts the empty string the line showed in the click's run.

    Fails if the exercise judged by a later run (where the browser has sent the nickname back)
    rather than by the run the Forget click caused."""
    at = predict(open_lesson("session-state"), "forget-nickname", "'' (an empty string)")
    at.text_input(key="nickname").input("Grace").run()
    at.button(key="forget_nick").click().run()
    at.text_input(key="nickname").input("Linus").run()  # a later run: the line shows 'Linus'
    assert forget_nickname_line(at) == "`st.session_state.nickname` is **'Linus'**"
    assert check(at, "forget-nickname").startswith("Right: the line showed '' (an empty string). ")


def test_predicting_the_typed_nickname_after_forget_is_refused(open_lesson):
    at = predict(open_lesson("session-state"), "forget-nickname", "the nickname you typed")
    at.text_input(key="nickname").input("Grace").run()
    at.button(key="forget_nick").click().run()
    # Must NOT be accepted: the box still shows the nickname, the line in that run did not.
    assert check(at, "forget-nickname").startswith("The line showed '' (an empty string), not the nickname")


def test_forgetting_an_empty_box_is_not_judged(open_lesson):
    at = predict(open_lesson("session-state"), "forget-nickname", "'' (an empty string)")
    at.button(key="forget_nick").click().run()
    # Must NOT happen: a verdict for forgetting a box that held nothing (any answer is free then).
    assert not_judged(at, "forget-nickname").startswith("Type a nickname in the box and press Enter first")


def test_ss17_a_key_set_in_session_state_wins_over_the_default_and_only_the_log_says_so(monkeypatch, request):
    """A slider whose key is set to 80 in each run and given the default 20 shows 80; the page
    shows nothing more, and the server's log gets one warning per process, however many runs.

    Fails if the widget took the default passed to it (20), if the page showed a warning or an
    error, or if the log warned every time instead of once per server process."""
    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    logged = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage())
    policies._LOGGER.addHandler(handler)
    request.addfinalizer(lambda: policies._LOGGER.removeHandler(handler))

    def script():
        import streamlit as st

        st.session_state.volume = 80  # the lesson's words, line for line
        st.slider("Volume", 0, 100, 20, key="volume")

    for _ in range(2):  # two sessions of one server process, two runs each
        at = AppTest.from_function(script).run()
        for _ in range(2):
            assert at.slider(key="volume").value == 80
            # Must NOT happen: anything on the page besides the slider.
            assert [node.type for node in at.main.children.values()] == ["slider"]
            assert not at.exception
            at.run()
    assert logged == [
        'The widget with key "volume" was created with a default value but also had its value set via '
        "the Session State API."
    ]


def unpicklable_values():
    """An AppTest script: keeps a function and a lock in session state, then draws a line."""
    import threading

    import streamlit as st

    st.session_state.setdefault("square", lambda x: x * x)
    st.session_state.setdefault("lock", threading.Lock())
    st.write(f"square(3) = {st.session_state.square(3)}")


def test_ss19_unpicklable_values_are_kept_unless_enforce_serializable_is_on(open_lesson):
    """By default a function and a lock stay in session state from run to run; with
    `runner.enforceSerializableSessionState` on, the run draws its page then shows the error.
    The lessons' config doesn't set the option, and the lesson says it is off.

    Fails if session state refused unpicklable values by default, if the option let them
    through, if it stopped the page being drawn, or if this stack turned it on."""
    at = AppTest.from_function(unpicklable_values).run()
    at.run()
    assert not at.exception
    assert texts(at) == "square(3) = 9"
    with patch_config_options({"runner.enforceSerializableSessionState": True}):
        at = AppTest.from_function(unpicklable_values).run()
    assert texts(at) == "square(3) = 9"  # the page is drawn, then the check runs
    # Must NOT happen: a value pickle can't store passing the check.
    refused = (
        r"^Cannot serialize the value \(of type `<class '(function|_thread\.lock)'>`\) of '(square|lock)'"
    )
    assert re.match(refused, at.exception[0].value)  # the first one checked: a set's order
    settings = tomllib.loads((APPS_DIR / ".streamlit" / "config.toml").read_text())
    assert "enforceSerializableSessionState" not in settings.get("runner", {})
    assert config.get_config_options()["runner.enforceSerializableSessionState"].default_val is False
    pitfalls = [w.value for w in open_lesson("session-state").warning]
    assert any(p.endswith("; on this server it is **off**.") for p in pitfalls)
