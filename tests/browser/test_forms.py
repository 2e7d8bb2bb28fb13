"""forms: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps.

What the browser alone does (Enter, Tab, clearing fields, a form nothing can submit) is
proven here; what the script refuses is proven in tests/apptest/test_forms.py."""

import re

import pytest
from playwright.sync_api import expect

from student_view import button, full_runs, lock_in, newest_run, open_lesson, wait_for_run_to_finish

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)


def faq_form(page):
    return (
        page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Submit", exact=True)).first
    )


def loose_field(page):
    """The field outside any form (left column): same label as the FAQ form's field."""
    return page.get_by_role("textbox", name="Enter some text").first


def rerun_from_outside(page, runs: int, text: str) -> None:
    """Commits the field outside the forms: one full run, the (runs + 1)-th. Once that run has
    drawn the text, the count says whether anything else (an Enter that submitted) ran too."""
    loose_field(page).fill(text)
    loose_field(page).press("Enter")
    expect(page.get_by_text(f"The script sees: {text}")).to_be_visible()
    wait_for_run_to_finish(page)
    expect(full_runs(page)).to_have_text(str(runs + 1))


def test_fo1_fo3_a_field_outside_a_form_reruns_when_you_leave_it(page):
    """Fails if a field outside a form kept its value until something else reran the script:
    leaving it (Tab) or Enter would show nothing new."""
    open_lesson(page, "forms")
    loose_field(page).fill("typed")  # typing alone must NOT rerun ...
    loose_field(page).press("Tab")  # ... leaving the field does: one run
    expect(page.get_by_text("The script sees: typed")).to_be_visible()
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    loose_field(page).fill("typed again")
    loose_field(page).press("Enter")  # Enter commits too
    expect(page.get_by_text("The script sees: typed again")).to_be_visible()
    expect(full_runs(page)).to_have_text("3")


def test_fo2_fo4_fo12_typing_does_not_rerun_until_submit(page):
    """Fails if leaving a field inside a form sent its value as outside one (a run of its own: 3
    runs, not 2), or if the submit's run missed the value."""
    open_lesson(page, "forms")
    form = faq_form(page)
    field = form.get_by_role("textbox", name="Enter some text")
    field.fill("hello")
    field.press("Tab")  # leaving a field outside a form would rerun the script
    form.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Submitted: hello")).to_be_visible()
    # Exactly one rerun for the submit: the typing must NOT have caused one of its own.
    expect(full_runs(page)).to_have_text("2")


def test_fo2_enter_in_a_field_submits_the_form(page):
    """Fails if Enter in a form's field left the form unsubmitted until Submit was clicked."""
    open_lesson(page, "forms")
    field = faq_form(page).get_by_role("textbox", name="Enter some text")
    field.fill("entered")
    field.press("Enter")  # enter_to_submit defaults to True
    expect(page.get_by_text("Submitted: entered")).to_be_visible()
    expect(full_runs(page)).to_have_text("2")


def test_fo13_the_script_sees_the_previous_submission_until_the_next(page):
    """Fails if a rerun caused outside the form carried the value typed in it since the last
    submit (as an on_change="ignore" field outside a form would)."""
    open_lesson(page, "forms")
    form = faq_form(page)
    field = form.get_by_role("textbox", name="Enter some text")
    field.fill("first")
    form.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Submitted: first")).to_be_visible()
    wait_for_run_to_finish(page)
    field.fill("second")
    field.press("Tab")
    rerun_from_outside(page, 2, "elsewhere")
    # The script still sees the submitted value, NOT the one typed since.
    expect(page.get_by_text("The script sees: first")).to_be_visible()
    expect(page.get_by_text("The script sees: second")).to_have_count(0)


def test_fo5_fo15_clear_on_submit_resets_each_field_to_its_default_after_its_run_got_the_value(page):
    """Fails if clear_on_submit emptied the fields rather than resetting each to its default
    (How many would be blank, not 1), or if the submission's run missed what was entered."""
    open_lesson(page, "forms")
    field = page.get_by_role("textbox", name=re.compile("^Item"))
    how_many = page.get_by_role("spinbutton", name=re.compile("^How many"))
    field.fill("apple")
    how_many.fill("2")
    button(page, "Add").click()
    expect(page.get_by_text("Basket: ['apple', 'apple']")).to_be_visible()  # the submission's run got both
    expect(field).to_have_value("")  # ... and the browser reset the item to its default, empty
    expect(how_many).to_have_value("1")  # ... and How many to its default, 1


def test_fo6_enter_does_not_submit_a_form_with_enter_to_submit_false(page):
    """Fails if Enter submitted the form although enter_to_submit=False (a run of its own, the
    item in the basket, the field cleared)."""
    open_lesson(page, "forms")
    field = page.get_by_role("textbox", name=re.compile("^Item"))
    field.fill("pear")
    field.press("Enter")
    rerun_from_outside(page, 1, "elsewhere")
    # Must NOT happen: a run of its own for the Enter, or the item reaching the basket.
    expect(newest_run(page)).to_contain_text("#2 ")
    expect(page.get_by_text("Basket: []")).to_be_visible()
    expect(field).to_have_value("pear")  # still waiting in the form


def test_fo11_a_form_without_a_submit_button_never_reaches_the_script(page):
    """Fails if Enter or Tab submitted a form that has no submit button (a run of its own, the
    script seeing "lost"), or if Streamlit showed a warning or a button in it."""
    open_lesson(page, "forms")
    form = page.get_by_test_id("stForm").filter(
        has=page.get_by_role("textbox", name=re.compile("^A form with no"))
    )
    field = form.get_by_role("textbox")
    field.fill("lost")
    field.press("Enter")
    field.press("Tab")
    rerun_from_outside(page, 1, "elsewhere")  # only this one run: Enter and Tab must NOT rerun
    expect(page.get_by_text("Its field, as the script sees it: —")).to_be_visible()
    # No warning or error about the missing button: the form shows just its field.
    expect(form.get_by_test_id("stAlert")).to_have_count(0)
    expect(form.get_by_role("button")).to_have_count(0)


def test_fo17_the_basket_exercise_finds_the_cleared_item_in_the_basket(page):
    """Fails if clearing the field on submit took the item back (the Add click's run would get an
    empty field: no apple in the basket), or if Check's run added it again."""
    open_lesson(page, "forms")
    exercise = lock_in(page, "basket", "yes")
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    field = page.get_by_role("textbox", name=re.compile("^Item"))
    field.fill("apple")
    button(page, "Add").click()
    expect(page.get_by_text("Basket: ['apple']")).to_be_visible()
    expect(field).to_have_value("")  # emptied on submit
    expect(full_runs(page)).to_have_text("3")
    wait_for_run_to_finish(page)
    exercise.get_by_role("button", name="Check", exact=True).click()
    expect(exercise.get_by_test_id("stAlert")).to_contain_text(
        "Right: the item is in the basket: yes. The Add click sends the form's values"
    )
    # Must NOT happen: a wrong verdict, or Check's own run adding the item again.
    expect(exercise.get_by_text(re.compile(r", not "))).to_have_count(0)
    expect(page.get_by_text("Basket: ['apple']")).to_be_visible()
    expect(page.get_by_text("Basket: ['apple', 'apple']")).to_have_count(0)


def post_form(page):
    """The form of "Several submit buttons": Save draft first, then the primary Publish."""
    return page.get_by_test_id("stForm").filter(
        has=page.get_by_role("textbox", name="Post title", exact=True)
    )


def message(page, text):
    """Save draft's or Publish's message (not the exercise's choice of the same words)."""
    return page.get_by_test_id("stAlert").get_by_text(text, exact=True)


def test_fo19_fo20_enter_submits_as_the_first_submit_button(page):
    """Fails if Enter clicked the primary button or the last one (Published shown), clicked none
    (no run), or if submitting made both buttons return True (both messages)."""
    open_lesson(page, "forms")
    field = post_form(page).get_by_role("textbox", name="Post title", exact=True)
    field.fill("Hello")
    field.press("Enter")
    expect(page.get_by_text("The callback's log: Save draft: 'Hello' saved")).to_be_visible()
    expect(full_runs(page)).to_have_text("2")
    expect(message(page, "Saved as a draft")).to_be_visible()
    expect(message(page, "Published")).to_have_count(0)  # must NOT be clicked too
    wait_for_run_to_finish(page)
    button(page, "Publish").click()  # a click picks its own button
    expect(message(page, "Published")).to_be_visible()
    expect(message(page, "Saved as a draft")).to_have_count(0)
    expect(full_runs(page)).to_have_text("3")


def test_fo21_a_disabled_first_submit_button_turns_enter_off(page):
    """Fails if Enter skipped the disabled first button and clicked the next one, Send (a run of
    its own, "Sent: kept"), as it would if Streamlit picked the first enabled button."""
    open_lesson(page, "forms")
    field = page.get_by_role("textbox", name="Locked title", exact=True)
    field.fill("kept")
    field.press("Enter")
    rerun_from_outside(page, 1, "elsewhere")  # run 2: Enter must NOT have made a run of its own
    expect(newest_run(page)).to_contain_text("#2 ")
    expect(page.get_by_text("Sent: —", exact=True)).to_be_visible()
    expect(field).to_have_value("kept")  # still waiting in the form
    button(page, "Send").click()  # the enabled button still submits it
    expect(page.get_by_text("Sent: kept", exact=True)).to_be_visible()
    expect(full_runs(page)).to_have_text("3")


def test_fo23_the_enter_exercise_sees_save_draft_s_message(page):
    """Fails if Enter's run showed Publish's message, or if the exercise judged the Check click's
    run (no message there) rather than the run Enter caused."""
    open_lesson(page, "forms")
    exercise = lock_in(page, "enter", "Published")
    expect(full_runs(page)).to_have_text("2")
    wait_for_run_to_finish(page)
    field = post_form(page).get_by_role("textbox", name="Post title", exact=True)
    field.fill("Hello")
    field.press("Enter")
    expect(message(page, "Saved as a draft")).to_be_visible()
    expect(full_runs(page)).to_have_text("3")
    wait_for_run_to_finish(page)
    exercise.get_by_role("button", name="Check", exact=True).click()
    expect(exercise.get_by_test_id("stAlert")).to_contain_text(
        "The page shows Saved as a draft, not Published. Enter clicks the form's first submit button"
    )


def limits_form(page):
    """The form of "What a form won't allow": "A field", and "Another field" with on_change="ignore"."""
    return page.get_by_test_id("stForm").filter(
        has=page.get_by_role("textbox", name="Another field", exact=True)
    )


def test_fo10_fo16_on_change_ignore_in_a_form_changes_nothing(page):
    """In the limits form, the on_change="ignore" field does what its plain neighbour does.

    Fails if "ignore" made the field act as it does outside a form (its value sent with the next
    rerun caused by something else), or kept it out of the form's submit (Enter in it)."""
    open_lesson(page, "forms")
    form = limits_form(page)
    plain = form.get_by_role("textbox", name="A field", exact=True)
    ignored = form.get_by_role("textbox", name="Another field", exact=True)
    plain.fill("plain")
    plain.press("Tab")
    ignored.fill("ignored")
    ignored.press("Tab")
    rerun_from_outside(page, 1, "elsewhere")  # run 2: must NOT carry either value (nor run before)
    seen = page.get_by_text(re.compile(r"^This form, as the script sees it: "))
    expect(seen).to_have_text("This form, as the script sees it: A field — · Another field —")
    expect(ignored).to_have_value("ignored")  # still waiting in the form
    ignored.press("Enter")  # Enter in the ignore field submits the form, as in any of its fields
    expect(seen).to_have_text("This form, as the script sees it: A field plain · Another field ignored")
    expect(full_runs(page)).to_have_text("3")  # one run for the submit
