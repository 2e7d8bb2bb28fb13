"""multipage: one st.navigation app, its pages sharing session state but not their widgets' state.

AppTest runs st.navigation and st.switch_page (a page switch is a rerun with another page), and
the clean-up of widget state at the end of each run. It has no browser: no URL bar, no
st.page_link clicks and no widget bound to the URL writing it (AppTest's query params only change
through st.query_params or st.switch_page). Those claims are proven in tests/browser/test_multipage.py."""

from streamlit.testing.v1 import AppTest

from apptest_helpers import check, full_runs, not_judged, predict, texts, timeline
from rerunlab.lessonkit import SECTIONS

NAMES = {"name_plain": "Ada", "name_page": "Bea", "name_session": "Cy"}


def button(at, label):
    return next(b for b in at.button if b.label == label)


def on_page(at) -> str:
    captions = [c.value for c in at.caption if c.value.startswith("The demo app, on its page")]
    assert len(captions) == 1, captions
    return captions[0].removeprefix("The demo app, on its page **").removesuffix("**:")


def to_summary(at):
    return button(at, "Go to Summary (st.switch_page)").click().run()


def to_order(at):
    return button(at, "Back to Order (st.switch_page)").click().run()


def type_names(at):
    for key, name in NAMES.items():
        at.text_input(key=key).input(name).run()
    return at


def field_values(at) -> dict[str, str]:
    return {key: at.text_input(key=key).value for key in NAMES}


def two_pages(tmp_path, first: str, second: str) -> AppTest:
    """A two-page st.navigation app of files, so that AppTest.switch_page() can switch: with
    run(), it sends the values of the widgets shown, as the browser does for the menu or an
    st.page_link (st.switch_page sends none)."""
    (tmp_path / "entry.py").write_text(
        "import streamlit as st\n"
        'st.navigation([st.Page("first.py", default=True), st.Page("second.py")]).run()\n'
    )
    (tmp_path / "first.py").write_text("import streamlit as st\n" + first)
    (tmp_path / "second.py").write_text("import streamlit as st\n" + second)
    return AppTest.from_file(str(tmp_path / "entry.py")).run()


def test_the_lesson_opens_on_the_order_page(open_lesson):
    at = open_lesson("multipage")
    assert not at.exception
    assert on_page(at) == "Order"
    assert [h.value for h in at.header] == [f"{i} · {t}" for i, t in enumerate(SECTIONS.values(), start=1)]
    assert full_runs(at) == 1
    assert field_values(at) == {key: "" for key in NAMES}


def test_mp1_mp6_mp12_switch_page_reruns_the_entrypoint_with_the_new_page(open_lesson):
    """Fails if a page switch ran the page without the entrypoint around it (no lesson
    sections), if st.switch_page let the click's run go on, or made one run of it all."""
    at = to_summary(open_lesson("multipage"))
    assert not at.exception
    assert on_page(at) == "Summary"
    # The frame (the entrypoint's lesson) ran again around the new page: all six sections.
    assert [h.value for h in at.header] == [f"{i} · {t}" for i, t in enumerate(SECTIONS.values(), start=1)]
    assert at.radio(key="size").value == "small"
    # The Order page's widgets must NOT be drawn on Summary.
    assert not [t for t in at.text_input if t.key in NAMES]
    # Two runs: the click's, cut short by st.switch_page, then the Summary page's.
    assert full_runs(at) == 3
    newest, cut_short = timeline(at)[:2]
    assert "page switch to *Summary*" in newest
    assert "cut short by a rerun request" in cut_short
    assert "switch_to_summary" in cut_short


def test_mp2_a_value_in_session_state_is_on_every_page(open_lesson):
    """Fails if each page had a session state of its own, or a page switch emptied it
    (Summary would show 0 coffees)."""
    at = open_lesson("multipage")
    button(at, "Add a coffee").click().run()
    button(at, "Add a coffee").click().run()
    assert "`st.session_state.coffees`: **2**" in texts(at)
    at = to_summary(at)
    assert on_page(at) == "Summary"
    assert "`st.session_state.coffees`: **2**" in texts(at)
    at = to_order(at)
    assert "`st.session_state.coffees`: **2**" in texts(at)


def test_mp3_mp4_mp5_a_switch_that_sends_the_values_keeps_only_persist_state_session(tmp_path):
    """Fails if a keyed widget's state outlived the first run that didn't draw it (its key still
    there, its value back on return), if a switch that sends the values deleted it before that
    run, or if persist_state="page" outlived the switch or persist_state="session" didn't."""
    fields = "".join(
        f'st.text_input("{key}", key="{key}"{scope})\n'
        for key, scope in [
            ("name_plain", ""),
            ("name_page", ', persist_state="page"'),
            ("name_session", ', persist_state="session"'),
        ]
    )
    at = two_pages(tmp_path, fields, "st.write(f\"read: {st.session_state.get('name_plain')}\")\n")
    at = type_names(at)
    at.switch_page("second.py").run()
    assert [m.value for m in at.markdown] == ["read: Ada"]  # not deleted by the switch ...
    assert "name_plain" not in at.session_state  # ... but at the end of the run that didn't draw it
    assert "name_page" not in at.session_state
    assert at.session_state["name_session"] == "Cy"
    at.run()
    assert [m.value for m in at.markdown] == ["read: None"]
    at.switch_page("first.py").run()
    # Must NOT come back: the plain keyed widget's value, and the "page"-scoped one.
    assert field_values(at) == {"name_plain": "", "name_page": "", "name_session": "Cy"}


def test_mp5_persist_state_page_keeps_a_hidden_value_on_its_page(open_lesson):
    """Fails if persist_state="page" lost its value while a toggle hid it on its own page (as
    the key-only field does), or if the key-only field kept its value too."""
    at = type_names(open_lesson("multipage"))
    at.toggle(key="show_names").set_value(False).run()
    at.run()  # a second run without the fields: the plain one's state is deleted by now
    assert "name_plain" not in at.session_state
    at.toggle(key="show_names").set_value(True).run()
    assert field_values(at) == {"name_plain": "", "name_page": "Bea", "name_session": "Cy"}


def test_mp17_switch_page_drops_every_widget_state_the_entrypoint_s_too(open_lesson):
    """st.switch_page's rerun carries no widget values: the entrypoint's note comes back empty,
    while the exercise, kept in plain session state, survives.

    Fails if st.switch_page kept the widgets the entrypoint draws on every page (as the menu
    and st.page_link do), or if the exercise lost its prediction with them."""
    at = predict(open_lesson("multipage"), "switch-page", 2)
    at.text_input(key="entry_note").input("hello").run()
    assert at.text_input(key="entry_note").value == "hello"
    at = to_summary(at)
    assert on_page(at) == "Summary"
    assert at.text_input(key="entry_note").value == ""  # must NOT be "hello"
    assert "You predicted **2**." in texts(at)  # plain session state: kept
    at.text_input(key="entry_note").input("again").run()
    at = to_order(at)
    assert at.text_input(key="entry_note").value == ""
    assert "You predicted **2**." in texts(at)


def test_mp12_predict_two_runs_for_switch_page(open_lesson):
    """Fails if the click and st.switch_page made one run between them, or the exercise missed
    the run st.switch_page cut short: 2 would be marked wrong."""
    at = predict(open_lesson("multipage"), "switch-page", 2)
    at = to_summary(at)
    assert check(at, "switch-page").startswith("Right")


def test_mp6_mp7_switch_page_clears_the_query_parameters_unless_given():
    """Fails if st.switch_page kept the URL's parameters, dropped the ones given in
    query_params=, or let the click's run go on to the end of the first page."""

    def app():
        import streamlit as st

        def first():
            if st.button("switch"):
                st.switch_page(SECOND)
            if st.button("switch with query_params"):
                st.switch_page(SECOND, query_params={"size": "large"})
            st.write("first page ran to the end")

        def second():
            st.write(f"second page: {st.query_params.to_dict()}")

        SECOND = st.Page(second, url_path="second")
        page = st.navigation([st.Page(first, default=True), SECOND])
        if st.button("set a parameter"):
            st.query_params["x"] = "1"
        page.run()

    at = AppTest.from_function(app).run()
    button(at, "set a parameter").click().run()
    assert at.query_params == {"x": "1"}
    button(at, "switch").click().run()
    assert [m.value for m in at.markdown] == ["second page: {}"]  # cleared; must NOT reach the end
    assert at.query_params == {}
    at = AppTest.from_function(app).run()
    button(at, "switch with query_params").click().run()
    assert [m.value for m in at.markdown] == ["second page: {'size': 'large'}"]


def test_mp11_mp13_a_switch_that_sends_widget_values_keeps_the_entrypoint_s_widget_only(tmp_path):
    """AppTest.switch_page() then run() sends the widget values the page shows, as the browser
    does for the menu or an st.page_link. The entrypoint's widget keeps its value; the page's
    widget with the same key on the other page is another widget and starts at its default.

    Fails if a widget's identity ignored its page (the second page's field would get "Ada"),
    or if a page switch dropped the entrypoint's widget although its value was sent."""
    (tmp_path / "entry.py").write_text(
        "import streamlit as st\n"
        'page = st.navigation([st.Page("first.py", default=True), st.Page("second.py")])\n'
        'st.text_input("Note", key="note")\n'
        "page.run()\n"
    )
    for name in ("first.py", "second.py"):  # the same widget, the same key, on both pages
        (tmp_path / name).write_text('import streamlit as st\nst.text_input("Name", key="name")\n')
    at = AppTest.from_file(str(tmp_path / "entry.py")).run()
    at.text_input(key="note").input("hi").run()
    at.text_input(key="name").input("Ada").run()
    at.switch_page("second.py").run()
    assert not at.exception
    assert at.text_input(key="note").value == "hi"  # the entrypoint's widget: kept [MP11]
    assert at.text_input(key="name").value == ""  # must NOT be "Ada": another widget [MP13]


def test_mp8_mp14_switch_page_refuses_to_clear_a_bound_parameter():
    """Fails if the bound radio ignored the URL's value, or if st.switch_page cleared the
    bound parameter and switched instead of raising StreamlitAPIException."""

    def app():
        import streamlit as st

        def first():
            st.radio("Size", ["small", "large"], key="size", bind="query-params")
            if st.button("switch"):
                st.switch_page(SECOND)

        def second():
            st.write("second page")

        SECOND = st.Page(second, url_path="second")
        st.navigation([st.Page(first, default=True), SECOND]).run()

    at = AppTest.from_function(app)
    at.query_params["size"] = "large"  # the URL the page was opened with
    at.run()
    assert at.radio(key="size").value == "large"  # taken from the URL
    button(at, "switch").click().run()
    assert "Cannot clear query parameters - the following are bound to widgets: 'size'" in (
        at.exception[0].message
    )
    assert "second page" not in [m.value for m in at.markdown]  # must NOT have switched


def test_mp15_a_value_copied_in_on_change_is_there_on_the_other_page(tmp_path):
    """After a switch that sends the values (as the menu does), the other page reads the
    widget's key in its first run only.

    Fails if the key stayed readable there (no need to copy it), or if the copy on_change
    made were deleted with the widget's state."""
    first = (
        "def keep():\n"
        "    st.session_state.kept_name = st.session_state.name\n"
        'st.text_input("Name", key="name", on_change=keep)\n'
    )
    second = "st.write(f\"kept: {st.session_state.get('kept_name')}, key: {st.session_state.get('name')}\")\n"
    at = two_pages(tmp_path, first, second)
    at.text_input(key="name").input("Ada").run()
    at.switch_page("second.py").run()
    assert [m.value for m in at.markdown] == ["kept: Ada, key: Ada"]  # the key: not yet deleted
    at.run()
    assert [m.value for m in at.markdown] == ["kept: Ada, key: None"]  # the key: gone, the copy kept
    assert "name" not in at.session_state


SESSION_ONLY = 'only Name (persist_state="session")'


def test_mp16_after_a_round_trip_only_the_session_field_shows_its_name(open_lesson):
    """Fails if the key-only or the "page" field came back with its name after the round trip,
    or if the exercise judged anything but the fields as last drawn."""
    at = predict(open_lesson("multipage"), "round-trip", SESSION_ONLY)
    at = to_order(to_summary(type_names(at)))
    assert field_values(at) == {"name_plain": "", "name_page": "", "name_session": "Cy"}
    assert check(at, "round-trip").startswith(f"Right: the fields with a name: {SESSION_ONLY}.")


def test_round_trip_refuses_a_wrong_field(open_lesson):
    at = predict(open_lesson("multipage"), "round-trip", 'only Name (persist_state="page")')
    at = to_order(to_summary(type_names(at)))
    verdict = check(at, "round-trip")
    assert verdict.startswith(
        f'The fields with a name: {SESSION_ONLY}, not only Name (persist_state="page").'
    )


def test_round_trip_judges_nothing_before_the_way_back(open_lesson):
    """Fails if a half-done round trip were judged from the fields as last drawn."""
    at = predict(open_lesson("multipage"), "round-trip", "more than one")
    at = type_names(at)  # no round trip yet: all three show their name
    assert not_judged(at, "round-trip").startswith("Not yet: type the three names, go to *Summary*")
    at = to_summary(at)  # there, not back: still not the action
    assert not_judged(at, "round-trip").startswith("Not yet: type the three names")


def tags_line(at) -> str:
    lines = [m.value for m in at.markdown if m.value.startswith("`get_all('tag')`")]
    assert len(lines) == 1, lines
    return lines[0]


def test_mp18_mp19_a_repeated_parameter_read_as_a_list_and_as_its_last_value(open_lesson):
    """The server's side: the query string the browser sends, parsed (the browser test opens
    such a URL).

    Fails if get_all() kept one value of a repeated parameter, or if ["tag"] gave the first
    value or the whole list rather than the last one."""
    at = open_lesson("multipage")
    assert tags_line(at) == "`get_all('tag')`: `[]` · `['tag']`: `None`"
    at.query_params["tag"] = ["a", "b"]  # ?tag=a&tag=b
    at.run()
    assert tags_line(at) == "`get_all('tag')`: `['a', 'b']` · `['tag']`: `b`"


def test_mp19_a_missing_parameter_raises_key_error():
    """Fails if st.query_params["missing"] returned None or "" as .get() does, instead of raising
    KeyError."""
    source = (
        "import streamlit as st\n"
        "try:\n"
        '    st.write(repr(st.query_params["missing"]))\n'
        "except KeyError:\n"
        '    st.write("KeyError")\n'
        'st.write(repr(st.query_params.get("missing")))\n'
    )
    at = AppTest.from_string(source).run()
    assert [m.value for m in at.markdown] == ["KeyError", "None"]


def test_mp20_mp22_mp23_writing_from_dict_and_clear_change_the_query_string(open_lesson):
    """What the script sends the browser (the browser test sees the address bar change).

    Fails if assigning a list kept one value, if from_dict() merged rather than replaced the
    parameters, or if clear() left any."""
    at = open_lesson("multipage")
    at.query_params["other"] = "1"
    at.run()
    button(at, "Add a tag").click().run()
    assert at.query_params == {"other": "1", "tag": "t1"}
    button(at, "Add a tag").click().run()
    assert at.query_params == {"other": "1", "tag": ["t1", "t2"]}
    button(at, "from_dict").click().run()
    assert at.query_params == {"tag": "new"}  # "other" must NOT be kept
    at.query_params["other"] = "1"
    button(at, "clear()").click().run()
    assert at.query_params == {}


def test_mp24_the_exercise_sees_the_line_without_the_new_tag(open_lesson):
    """AppTest runs only when told: MP21 (writing starts no run) is proven in the browser.

    Fails if the exercise judged a later run that redrew the line (after another click) rather
    than the click's, or judged the list with the new tag right."""
    at = predict(open_lesson("multipage"), "add-tag", "the list with the new tag")
    button(at, "Add a tag").click().run()
    assert tags_line(at) == "`get_all('tag')`: `[]` · `['tag']`: `None`"  # drawn before the write
    button(at, "Add a coffee").click().run()  # a later run draws ['t1']: not the click's
    assert tags_line(at) == "`get_all('tag')`: `['t1']` · `['tag']`: `t1`"
    verdict = check(at, "add-tag")
    assert verdict.startswith("It shows the list without it, not the list with the new tag. The click's run")
    assert "MP24" in verdict


def test_the_add_tag_exercise_judges_nothing_before_the_click(open_lesson):
    at = predict(open_lesson("multipage"), "add-tag", "the list without it")
    button(at, "Add a coffee").click().run()
    assert not_judged(at, "add-tag").startswith("Not yet: click Add a tag")
