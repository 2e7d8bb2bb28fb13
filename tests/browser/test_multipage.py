"""multipage: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps.

What only a browser does (st.page_link clicks, the URL a bound widget writes, opening a page's
URL) is proven here; what the script does on a page switch is also proven in
tests/apptest/test_multipage.py."""

import re

import pytest
from playwright.sync_api import expect

from student_view import (
    button,
    counter,
    full_runs,
    newest_run,
    open_lesson,
    timeline_entries,
    wait_for_run_to_finish,
)

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)

FIELDS = {
    "Name (key only)": "Ada",
    'Name (persist_state="page")': "Bea",
    'Name (persist_state="session")': "Cy",
}


def field(page, label):
    return page.get_by_role("textbox", name=label, exact=True)


def link(page, name):
    return page.get_by_role("link", name=name, exact=True)


def demo_page(page, title):
    """The demo box's caption: the page the demo app is on."""
    return page.get_by_text(f"The demo app, on its page {title}:", exact=True)


def act(page, runs: int, action) -> int:
    """Does one thing that reruns the script once, waits for that run to finish."""
    action()
    expect(full_runs(page)).to_have_text(str(runs + 1))
    wait_for_run_to_finish(page)
    return runs + 1


def type_names(page, runs: int) -> int:
    for label, name in FIELDS.items():
        field(page, label).fill(name)
        runs = act(page, runs, lambda label=label: field(page, label).press("Enter"))
    return runs


def coffees(page, n: int):
    return page.get_by_text(f"st.session_state.coffees: {n}", exact=True)


NOTE = "A note (drawn by the entrypoint, on every page)"


def size_radio(page, size):
    return page.get_by_test_id("stRadio").get_by_text(size, exact=True)


def test_smoke_a_page_link_switches_pages_in_one_run(page):
    open_lesson(page, "multipage")
    expect(demo_page(page, "Order")).to_be_visible()
    link(page, "Go to Summary (st.page_link)").click()
    expect(demo_page(page, "Summary")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/multipage/summary$"))
    expect(full_runs(page)).to_have_text("2")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_mp1_mp12_a_page_link_or_the_menu_is_one_run_of_the_entrypoint(page):
    """Fails if a page link or the menu ran the page without the entrypoint (no lesson around
    it), or took two runs as st.switch_page does."""
    open_lesson(page, "multipage")
    runs = act(page, 1, lambda: link(page, "Go to Summary (st.page_link)").click())
    expect(demo_page(page, "Summary")).to_be_visible()
    expect(newest_run(page)).to_contain_text("page switch to Summary")
    # The frame ran around the page: the lesson's heading and sections are still there.
    expect(page.get_by_role("heading", name="Session state across pages")).to_be_visible()
    expect(page.get_by_role("heading", name="6 · Further reading")).to_be_visible()
    # The menu st.navigation draws at the top: also one run.
    runs = act(page, runs, lambda: page.get_by_test_id("stTopNavLink").filter(has_text="Order").click())
    expect(demo_page(page, "Order")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/multipage/$"))
    # Must NOT happen: a second run for one switch.
    expect(full_runs(page)).to_have_text("3")
    expect(timeline_entries(page)).to_have_count(3)


def test_mp2_mp3_mp4_mp5_a_round_trip_keeps_session_state_and_persist_state_session(page):
    """The key claim: session state survives the page switch, a keyed widget's own state doesn't.

    Fails if the pages had separate session states (Summary: 0 coffees), if a key kept a field's
    value off its page, if persist_state="page" outlived the switch or "session" didn't."""
    open_lesson(page, "multipage")
    runs = type_names(page, 1)
    runs = act(page, runs, lambda: button(page, "Add a coffee").click())
    expect(coffees(page, 1)).to_be_visible()
    runs = act(page, runs, lambda: link(page, "Go to Summary (st.page_link)").click())
    expect(demo_page(page, "Summary")).to_be_visible()
    expect(coffees(page, 1)).to_be_visible()  # the other page sees the same session state
    runs = act(page, runs, lambda: link(page, "Back to Order (st.page_link)").click())
    expect(demo_page(page, "Order")).to_be_visible()
    expect(coffees(page, 1)).to_be_visible()
    expect(field(page, 'Name (persist_state="session")')).to_have_value("Cy")
    # Must NOT happen: the plain keyed widget, or the "page"-scoped one, keeping its value.
    expect(field(page, "Name (key only)")).to_have_value("")
    expect(field(page, 'Name (persist_state="page")')).to_have_value("")


def test_mp5_persist_state_page_keeps_a_hidden_field_on_its_page(page):
    """Fails if persist_state="page" lost its value while the toggle hid it on its own page
    (as the key-only field does), or if the key-only field kept its value too."""
    open_lesson(page, "multipage")
    runs = type_names(page, 1)
    show = page.get_by_test_id("stCheckbox").get_by_text("Show the name fields", exact=True)
    runs = act(page, runs, show.click)
    expect(field(page, "Name (key only)")).to_have_count(0)
    runs = act(page, runs, show.click)
    expect(field(page, 'Name (persist_state="page")')).to_have_value("Bea")
    expect(field(page, 'Name (persist_state="session")')).to_have_value("Cy")
    expect(field(page, "Name (key only)")).to_have_value("")  # must NOT be kept


def test_mp11_the_entrypoint_s_widget_keeps_its_value_through_a_page_link_and_the_menu(page):
    """Fails if a switch by st.page_link or by the menu dropped the state of a widget the
    entrypoint draws on every page (as st.switch_page does)."""
    open_lesson(page, "multipage")
    field(page, NOTE).fill("hello")
    runs = act(page, 1, lambda: field(page, NOTE).press("Enter"))
    runs = act(page, runs, lambda: link(page, "Go to Summary (st.page_link)").click())
    expect(demo_page(page, "Summary")).to_be_visible()
    expect(field(page, NOTE)).to_have_value("hello")
    expect(page.get_by_text("The note, as this run sees it: 'hello'", exact=True)).to_be_visible()
    act(page, runs, lambda: page.get_by_test_id("stTopNavLink").filter(has_text="Order").click())
    expect(demo_page(page, "Order")).to_be_visible()
    expect(field(page, NOTE)).to_have_value("hello")
    expect(page.get_by_text("The note, as this run sees it: 'hello'", exact=True)).to_be_visible()


def test_mp6_mp12_mp17_switch_page_is_two_runs_and_drops_the_entrypoint_s_widget(page):
    """Fails if st.switch_page's run saw the entrypoint's note (its rerun carries no widget
    values), if the browser cleared the field, or if the exercise, kept in plain session state,
    lost the prediction too."""
    open_lesson(page, "multipage")
    field(page, NOTE).fill("hello")
    runs = act(page, 1, lambda: field(page, NOTE).press("Enter"))
    exercise = page.locator(".st-key-exercise-switch-page")
    exercise.get_by_role("spinbutton", name="My prediction").fill("2")
    runs = act(page, runs, lambda: button(exercise, "Lock in my prediction").click())
    button(page, "Go to Summary (st.switch_page)").click()
    expect(demo_page(page, "Summary")).to_be_visible()
    expect(full_runs(page)).to_have_text(str(runs + 2))
    wait_for_run_to_finish(page)
    expect(timeline_entries(page).nth(1)).to_contain_text("cut short by a rerun request")
    # The switch's run read the note's default; the browser still shows the text ...
    expect(page.get_by_text("The note, as this run sees it: ''", exact=True)).to_be_visible()
    expect(field(page, NOTE)).to_have_value("hello")
    # The exercise keeps its prediction in plain session state: still there.
    expect(page.get_by_text("You predicted 2.", exact=False)).to_be_visible()
    button(exercise, "Check").click()
    expect(exercise.get_by_text(re.compile(r"^Right: the timeline shows 2 full script runs"))).to_be_visible()
    # ... and sends it again with the next rerun (here, the Check click's).
    expect(page.get_by_text("The note, as this run sees it: 'hello'", exact=True)).to_be_visible()


def test_mp1_a_fragment_of_the_entrypoint_reruns_without_the_entrypoint(page):
    """Fails if a fragment's own rerun ran the entrypoint (a full run) as a page switch does."""
    open_lesson(page, "multipage")
    button(page, "Rerun only this fragment").click()
    expect(counter(page, "Runs of this fragment on its own")).to_have_text("1")
    button(page, "Rerun only this fragment").click()
    expect(counter(page, "Runs of this fragment on its own")).to_have_text("2")
    expect(full_runs(page)).to_have_text("1")  # must NOT be 2 or 3


def test_mp7_mp8_the_url_holds_the_bound_size_and_page_links_clear_it(page):
    """Fails if the bound radio didn't write the URL or left its default there, if a page link
    kept the old parameters, or dropped the ones given in query_params=."""
    open_lesson(page, "multipage")
    runs = act(page, 1, lambda: link(page, "Go to Summary (st.page_link)").click())
    expect(page).to_have_url(re.compile(r"/multipage/summary$"))
    runs = act(page, runs, size_radio(page, "large").click)
    expect(page).to_have_url(re.compile(r"/multipage/summary\?size=large$"))
    runs = act(page, runs, size_radio(page, "small").click)
    expect(page).to_have_url(re.compile(r"/multipage/summary$"))  # the default leaves the URL
    runs = act(page, runs, size_radio(page, "medium").click)
    runs = act(page, runs, lambda: link(page, "Back to Order (st.page_link)").click())
    expect(page).to_have_url(re.compile(r"/multipage/$"))  # cleared: must NOT keep ?size=medium
    # A page link with query_params= opens the page in that state.
    act(page, runs, lambda: link(page, "Go to Summary, size large (query_params=)").click())
    expect(page).to_have_url(re.compile(r"/multipage/summary\?size=large$"))
    expect(page.get_by_text("Size: large · st.query_params: {'size': 'large'}")).to_be_visible()


def test_mp8_mp9_opening_a_page_url_is_a_new_session_with_the_url_state(page):
    """Fails if opening a page's URL in the same tab kept the session (counter 2, 1 coffee), or
    if the bound radio ignored the URL's ?size=large."""
    open_lesson(page, "multipage")
    act(page, 1, lambda: button(page, "Add a coffee").click())
    expect(coffees(page, 1)).to_be_visible()
    page.goto("/multipage/summary?size=large")
    expect(full_runs(page)).to_have_text("1")  # a new session: its first run
    expect(newest_run(page)).to_contain_text("initial load")
    expect(demo_page(page, "Summary")).to_be_visible()
    expect(page.get_by_test_id("stRadio").get_by_role("radio", name="large")).to_be_checked()
    expect(coffees(page, 0)).to_be_visible()  # must NOT be 1: session state started empty


def test_mp10_a_bound_widget_keeps_its_value_across_a_round_trip(page):
    """Fails if a bound widget lost its value off its page as a key-only one does (back to
    small, no ?size= in the URL)."""
    open_lesson(page, "multipage")
    runs = act(page, 1, lambda: link(page, "Go to Summary (st.page_link)").click())
    runs = act(page, runs, size_radio(page, "large").click)
    runs = act(page, runs, lambda: link(page, "Back to Order (st.page_link)").click())
    expect(page).to_have_url(re.compile(r"/multipage/$"))
    act(page, runs, lambda: link(page, "Go to Summary (st.page_link)").click())
    expect(page.get_by_test_id("stRadio").get_by_role("radio", name="large")).to_be_checked()
    expect(page).to_have_url(re.compile(r"/multipage/summary\?size=large$"))


def test_mp14_switch_page_refuses_on_a_page_with_a_bound_parameter(page):
    """Fails if st.switch_page cleared the bound parameter and switched to Order instead of
    raising StreamlitAPIException."""
    open_lesson(page, "multipage")
    runs = act(page, 1, lambda: link(page, "Go to Summary (st.page_link)").click())
    runs = act(page, runs, size_radio(page, "large").click)
    act(page, runs, lambda: button(page, "Back to Order (st.switch_page)").click())
    expect(
        page.get_by_text(re.compile("^st.switch_page refused: Cannot clear query parameters"))
    ).to_be_visible()
    # Must NOT happen: the switch.
    expect(demo_page(page, "Summary")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/multipage/summary\?size=large$"))


def test_mp16_after_a_round_trip_only_the_session_field_shows_its_name(page):
    """Fails if the key-only or the "page" field kept its name through a round trip by page
    links, or if the exercise judged anything but the fields as last drawn."""
    open_lesson(page, "multipage")
    exercise = page.locator(".st-key-exercise-round-trip")
    exercise.get_by_text('only Name (persist_state="session")', exact=True).click()
    runs = act(page, 1, lambda: button(exercise, "Lock in my prediction").click())
    runs = type_names(page, runs)
    runs = act(page, runs, lambda: link(page, "Go to Summary (st.page_link)").click())
    runs = act(page, runs, lambda: link(page, "Back to Order (st.page_link)").click())
    expect(field(page, 'Name (persist_state="session")')).to_have_value("Cy")
    act(page, runs, lambda: button(exercise, "Check").click())
    right = re.compile(r'^Right: the fields with a name: only Name \(persist_state="session"\)\.')
    expect(exercise.get_by_text(right)).to_be_visible()
    # Must NOT happen: a wrong verdict, or the other two fields keeping their names.
    expect(exercise.get_by_text(re.compile(r", not "))).to_have_count(0)
    expect(field(page, "Name (key only)")).to_have_value("")
    expect(field(page, 'Name (persist_state="page")')).to_have_value("")


def tags_line(page, tags: str, last: str):
    return page.get_by_text(f"get_all('tag'): {tags} · ['tag']: {last}", exact=True)


def test_mp18_mp19_the_page_reads_a_repeated_parameter_of_the_url(page):
    """Fails if the page read only one ?tag= of the URL as a list, or read the first one as
    st.query_params["tag"] (the last one it must be)."""
    page.goto("/multipage/?tag=a&tag=b")
    expect(full_runs(page)).to_have_text("1")
    expect(tags_line(page, "['a', 'b']", "b")).to_be_visible()


def test_mp20_mp21_writing_changes_the_url_and_starts_no_run(page):
    """Fails if writing to st.query_params reran the script (a second run for the click, the line
    redrawn with the new tag) or left the address bar alone."""
    open_lesson(page, "multipage")
    act(page, 1, lambda: button(page, "Add a tag").click())
    expect(page).to_have_url(re.compile(r"/multipage/\?tag=t1$"))
    expect(tags_line(page, "[]", "None")).to_be_visible()  # drawn before the write
    button(page, "Add a coffee").click()
    expect(coffees(page, 1)).to_be_visible()
    wait_for_run_to_finish(page)
    # Must NOT happen: a run of its own for the write (4 runs, not 3).
    expect(full_runs(page)).to_have_text("3")
    expect(timeline_entries(page)).to_have_count(3)
    expect(tags_line(page, "['t1']", "t1")).to_be_visible()  # the next run reads the new URL
    act(page, 3, lambda: button(page, "Add a tag").click())
    expect(page).to_have_url(re.compile(r"/multipage/\?tag=t1&tag=t2$"))


def test_mp22_mp23_from_dict_replaces_the_parameters_and_clear_removes_them(page):
    """Fails if from_dict() merged the new parameters into the URL's (other=1 kept), or if
    clear() left a parameter in the address bar."""
    page.goto("/multipage/?other=1&tag=a")
    expect(full_runs(page)).to_have_text("1")
    wait_for_run_to_finish(page)
    runs = act(page, 1, lambda: button(page, "from_dict").click())
    expect(page).to_have_url(re.compile(r"/multipage/\?tag=new$"))
    act(page, runs, lambda: button(page, "clear()").click())
    expect(page).to_have_url(re.compile(r"/multipage/$"))


def test_mp24_the_add_tag_exercise_sees_the_line_without_the_new_tag(page):
    """Fails if the page redrew the line with the new tag after the click (a run started by the
    write), or if the exercise judged that list right."""
    open_lesson(page, "multipage")
    exercise = page.locator(".st-key-exercise-add-tag")
    exercise.get_by_text("the list with the new tag", exact=True).click()
    runs = act(page, 1, lambda: button(exercise, "Lock in my prediction").click())
    runs = act(page, runs, lambda: button(page, "Add a tag").click())
    expect(page).to_have_url(re.compile(r"/multipage/\?tag=t1$"))
    expect(tags_line(page, "[]", "None")).to_be_visible()
    button(exercise, "Check").click()
    expect(exercise.get_by_test_id("stAlert")).to_contain_text(
        "It shows the list without it, not the list with the new tag. The click's run drew the line"
    )
    expect(full_runs(page)).to_have_text(str(runs + 1))  # the Check click's run only
