"""Each lesson's key claim, as a student sees it in a real browser through nginx, with at
least one thing that must NOT happen. Waits on conditions (expect), never on sleeps."""

import re

from playwright.sync_api import expect

from student_view import (
    button,
    counter,
    full_runs,
    newest_run,
    open_lesson,
    press_slider,
    timeline_entries,
    toggle,
    wait_for_run_to_finish,
)


def test_rerun_basics_every_interaction_reruns_and_a_plain_variable_forgets(page):
    open_lesson(page, "rerun-basics")
    name = page.get_by_label("Your name")
    name.fill("Ada")
    name.press("Enter")
    expect(full_runs(page)).to_have_text("2")
    expect(newest_run(page)).to_contain_text("name: '' → 'Ada'")
    expect(page.get_by_text("Hello Ada")).to_be_visible()
    for runs in ("3", "4"):
        button(page, "Add one click").click()
        expect(full_runs(page)).to_have_text(runs)
        # Must NOT happen: the plain variable counting past 1.
        expect(page.get_by_text("Clicks in a plain variable: 1")).to_be_visible()


def test_caching_a_seen_argument_is_a_cache_hit(page):
    open_lesson(page, "caching")
    cached_body = counter(page, "Times the body ran").nth(1)
    before = int(cached_body.inner_text())
    press_slider(page, 0, "ArrowRight")  # 4 → 5: new to this session, maybe not to the server
    expect(newest_run(page)).to_contain_text("n: 4 → 5")
    wait_for_run_to_finish(page)
    after_new = int(cached_body.inner_text())
    press_slider(page, 0, "ArrowLeft")  # back to 4: seen before
    expect(newest_run(page)).to_contain_text("n: 5 → 4")
    expect(newest_run(page)).to_contain_text("cached_square(4): cache hit")
    # Must NOT happen: the cached body running again for an argument it has seen.
    expect(cached_body).to_have_text(str(after_new))
    assert after_new >= before


def test_session_state_survives_reruns_but_not_into_another_tab(page):
    open_lesson(page, "session-state")
    for runs in ("2", "3"):
        button(page, "Increment").click()
        expect(full_runs(page)).to_have_text(runs)
        wait_for_run_to_finish(page)
    expect(page.get_by_text("Count = 2", exact=True)).to_be_visible()
    other_tab = page.context.new_page()
    other_tab.goto("/session-state/")
    expect(full_runs(other_tab)).to_have_text("1")
    # Must NOT happen: another tab (another session) seeing this tab's count.
    expect(other_tab.get_by_text("Count = 0", exact=True)).to_be_visible()
    other_tab.close()


def test_callbacks_the_effect_shows_in_the_same_run(page):
    open_lesson(page, "callbacks")
    button(page, "Increment").click()
    expect(full_runs(page)).to_have_text("2")
    # Must NOT show 0: the callback ran before the script drew this line.
    expect(page.get_by_text("Count as seen at the top of this run: 1")).to_be_visible()
    expect(newest_run(page)).to_contain_text("count_value: 0 → 1")


def test_forms_typing_does_not_rerun_until_submit(page):
    open_lesson(page, "forms")
    form = page.get_by_test_id("stForm").first
    field = form.get_by_role("textbox", name="Enter some text")
    field.fill("hello")
    field.press("Tab")  # leaving a field outside a form would rerun the script
    form.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Submitted: hello")).to_be_visible()
    # Exactly one rerun for the submit: the typing must NOT have caused one of its own.
    expect(full_runs(page)).to_have_text("2")


def test_forms_clear_on_submit_empties_the_field(page):
    open_lesson(page, "forms")
    field = page.get_by_role("textbox", name=re.compile("^Item"))
    field.fill("apple")
    button(page, "Add").click()
    expect(page.get_by_text("Basket: ['apple']")).to_be_visible()
    expect(field).to_have_value("")


def test_widget_keys_a_keyed_slider_survives_a_label_change(page):
    open_lesson(page, "widget-keys")
    press_slider(page, 0, "ArrowRight", times=3)  # keyless: 10 → 13 (one rerun per key press)
    press_slider(page, 1, "ArrowRight", times=5)  # keyed: 10 → 15
    expect(page.get_by_text("Value: 15")).to_be_visible()
    expect(page.get_by_text("Value: 13")).to_be_visible()
    page.get_by_text("inch", exact=True).click()
    expect(page.get_by_text("Value: 10")).to_be_visible()  # the keyless slider started over
    # Must NOT happen: the keyed slider resetting with its label.
    expect(page.get_by_text("Value: 15")).to_be_visible()


def test_fragments_a_click_inside_reruns_only_the_fragment(page):
    open_lesson(page, "fragments")
    fragment_runs = counter(page, "Fragment-only reruns")
    expect(fragment_runs).to_have_text("0")
    button(page, "Click inside the fragment").click()
    expect(fragment_runs).to_have_text("1")
    # Must NOT happen: the whole script rerunning for a click inside the fragment.
    expect(full_runs(page)).to_have_text("1")
    button(page, "Click outside the fragment").click()
    expect(full_runs(page)).to_have_text("2")
    expect(fragment_runs).to_have_text("1")
    # The fragment-only run was recorded; the sidebar shows it from the next full run on.
    expect(timeline_entries(page).nth(1)).to_contain_text("fragment demo")


def test_fragments_run_every_ticks_without_interaction(page):
    open_lesson(page, "fragments")
    toggle(page, "Run the clock (ticks every 2 s)").click()
    expect(full_runs(page)).to_have_text("2")
    expect(page.get_by_text(re.compile(r"ticks so far: 2$"))).to_be_visible(timeout=15_000)
    # Must NOT happen: a tick rerunning the whole script.
    expect(full_runs(page)).to_have_text("2")


def test_fragments_rerun_scope_fragment_redraws_the_fragment(page):
    open_lesson(page, "fragments")
    button(page, "Roll and rerun the fragment").click()
    expect(page.get_by_text(re.compile(r"^Last roll, drawn at the top: [1-6]$"))).to_be_visible()
    expect(full_runs(page)).to_have_text("1")


def test_rerun_control_st_rerun_adds_a_run_and_st_stop_cuts_the_page(page):
    open_lesson(page, "rerun-control")
    button(page, "Add an item and rerun").click()
    expect(page.get_by_text("Items, counted above both buttons: 1")).to_be_visible()
    expect(full_runs(page)).to_have_text("3")
    expect(newest_run(page)).to_contain_text("st.rerun()")

    toggle(page, "Stop the script here").click()
    expect(page.get_by_text("Stopped: the pitfalls and reading below were not drawn")).to_be_visible()
    # Must NOT be drawn: everything after st.stop().
    expect(page.get_by_role("heading", name="5 · Pitfalls")).to_have_count(0)


def test_rerun_control_a_dialog_saves_and_closes_with_st_rerun(page):
    open_lesson(page, "rerun-control")
    button(page, "Rename…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("New name").fill("Lab 1")
    dialog.get_by_label("New name").press("Enter")
    expect(dialog.get_by_text("Dialog-only reruns so far: 1")).to_be_visible()
    expect(full_runs(page)).to_have_text("2")  # the dialog reran alone
    button(page, "Save").click()
    expect(page.get_by_text("Project: Lab 1")).to_be_visible()
    expect(dialog).to_have_count(0)


def test_fragments_a_fragment_rerun_redraws_what_it_wrote_outside(page):
    open_lesson(page, "fragments")
    line = page.get_by_text(re.compile(r"^The dice fragment has rerun on its own"))
    expect(line).to_have_text("The dice fragment has rerun on its own 0 time(s)")  # full run
    for reruns in (1, 2):
        button(page, "Roll (the line above lags)").click()
        expect(line).to_have_text(f"The dice fragment has rerun on its own {reruns} time(s)")
    expect(line).to_have_count(1)  # redrawn in place, not added
    expect(full_runs(page)).to_have_text("1")  # must NOT have rerun the whole script
    expect(page.get_by_test_id("stException")).to_have_count(0)
