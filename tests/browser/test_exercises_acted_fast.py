"""Exercises done the way a quick student does them: Check pressed right after the action,
a slider moved with the arrow keys, clicks that don't wait for the page, and Check pressed
without doing anything. A right answer is never marked wrong, and doing nothing is never
judged (apps/rerunlab/lessonkit/exercises.py: Exercise.done, the action's own runs)."""

import re

import pytest
from playwright.sync_api import Page, expect

from student_view import button, full_runs, lock_in, open_lesson, press_slider, wait_for_run_to_finish

pytestmark = pytest.mark.lesson_behaviour  # the Compose pass (tests/conftest.py)

STILL_RUNNING = re.compile(r"^The run your last step caused was still running when you pressed Check")


def verdicts(exercise):
    """The exercise's verdict, right or wrong, as the student reads it."""
    return exercise.get_by_test_id("stAlertContentSuccess").or_(
        exercise.get_by_test_id("stAlertContentError")
    )


def check(exercise) -> None:
    exercise.get_by_role("button", name="Check", exact=True).click()


def test_check_right_after_arrow_keys_judges_the_run_for_seven(page: Page):
    """Fails if Check read the run before the action's (the line above the slider is recorded
    when drawn, before the slow step that Check cuts short), or counted the values on the way."""
    open_lesson(page, "rerun-basics")
    exercise = lock_in(page, "slider-seven", 7)
    press_slider(page, 0, "ArrowRight", times=4)  # 3 → 7: the browser sends 4, 5, 6, 7
    expect(page.get_by_text("Read above the slider, through its key: 7", exact=True)).to_be_visible()
    check(exercise)  # at once: the run for 7 is still in its one-second slow step
    expect(exercise.get_by_text(re.compile(r"^Right: the line above the slider shows 7\. "))).to_be_visible()
    # Must NOT happen: the right answer marked wrong with an older run's value.
    expect(exercise.get_by_text(re.compile(r"^The line above the slider shows"))).to_have_count(0)


def test_clicks_that_do_not_wait_then_check_at_once_are_never_marked_wrong(page: Page):
    """Fails if a Check that cut the last click's run short judged the page of the run before it
    (it said 0 then): the exercise asks for the last step again, and then says Right."""
    open_lesson(page, "rerun-basics")
    exercise = lock_in(page, "three-clicks", 1)
    for _ in range(3):
        button(page, "Add one click").click()  # no waiting: each click cuts the run before short
    check(exercise)  # within the third click's one-second slow step
    expect(exercise.get_by_text(STILL_RUNNING)).to_be_visible()
    expect(verdicts(exercise)).to_have_count(0)
    wait_for_run_to_finish(page)
    runs = int(full_runs(page).inner_text())
    button(page, "Add one click").click()  # the last step again
    expect(full_runs(page)).to_have_text(str(runs + 1))  # its run started …
    wait_for_run_to_finish(page)  # … and finished
    check(exercise)
    expect(exercise.get_by_text(re.compile(r"^Right: the plain variable shows 1\. "))).to_be_visible()


def test_check_without_the_action_is_not_judged(page: Page):
    """Fails if doing nothing were judged: predicting 0 clicks shown would then be "Right"."""
    open_lesson(page, "rerun-basics")
    exercise = lock_in(page, "three-clicks", 0)
    check(exercise)
    expect(exercise.get_by_text(re.compile(r"^Not yet: click Add one click three times"))).to_be_visible()
    expect(verdicts(exercise)).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_body_4_7_4_with_the_arrow_keys_counts_7_and_4_only(page: Page):
    """Fails if the runs for 5 and 6 on the way counted: a right answer of 1 marked wrong."""
    open_lesson(page, "caching")
    exercise = lock_in(page, "body-4-7-4", 1)
    press_slider(page, 0, "ArrowRight", times=3)  # 4 → 7
    expect(page.get_by_text("7² = 49: ")).to_have_count(2)  # both columns: the run for 7 is done
    wait_for_run_to_finish(page)
    press_slider(page, 0, "ArrowLeft", times=3)  # 7 → 4
    expect(page.get_by_text("4² = 16: ")).to_have_count(2)
    wait_for_run_to_finish(page)
    check(exercise)
    right = exercise.get_by_text(
        re.compile(r"^Right: the timeline shows the body of `?cached_square`? ran 1 time")
    )
    expect(right).to_be_visible()


def test_inside_three_with_clicks_that_do_not_wait(page: Page):
    """Fails if clicks merged while a fragment run was queued changed the answer: the question
    is what the full-run counter shows, whatever number of fragment runs the clicks made."""
    open_lesson(page, "fragments")
    exercise = lock_in(page, "inside-three", "the same number as before")
    runs_after_lock_in = full_runs(page).inner_text()
    for _ in range(3):
        button(page, "Click inside the fragment").click()
    wait_for_run_to_finish(page)
    expect(full_runs(page)).to_have_text(runs_after_lock_in)
    check(exercise)
    expect(
        exercise.get_by_text(re.compile(r"^Right: the full-run counter shows the same number"))
    ).to_be_visible()
