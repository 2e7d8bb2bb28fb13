"""The class check-in on the teacher dashboard, in a real browser: answers appear as students
check them (without reloading), "New class" clears them, and the teacher's pages pass axe."""

from async_runner import run
from playwright.sync_api import Page, expect

from harness import exercise
from rerunlab.checkin_view import CLEAR_LABEL, NEW_CLASS_LABEL, NO_ANSWERS, SECTION_KEY
from student_view import (
    button,
    full_runs,
    lock_in,
    open_lesson,
    screenshot_of,
    serious_accessibility_violations,
    wait_for_run_to_finish,
)

LESSON, EXERCISE = "rerun-basics", "three-clicks"  # a plain variable shows 1 after three clicks
QUESTION = "Add one click three times"  # the question's words, as the table shows them
ANSWERED, CHECKED, RIGHT, WRONG = 3, 4, 5, 6  # the check-in table's columns


def a_student_answers(base_url: str, answer: int) -> None:
    """A student over the websocket (harness.exercise)."""
    run(exercise.a_student_answers(base_url, LESSON, EXERCISE, answer, ["add_click"] * 3))


def new_class(page: Page) -> None:
    page.get_by_role("button", name=NEW_CLASS_LABEL).click()
    page.get_by_role("button", name=CLEAR_LABEL).click()
    expect(page.get_by_text(NO_ANSWERS)).to_be_visible()
    expect(page.get_by_role("button", name=NEW_CLASS_LABEL)).to_be_visible()  # ready for the next


def checkin_row(page: Page):
    return page.get_by_role("row").filter(has_text=QUESTION)


def test_the_check_in_shows_the_class_answers_as_they_come_in(teacher_page, page, stack):
    teacher = teacher_page
    teacher.goto("/teacher/")
    new_class(teacher)

    # A student in a real browser predicts 3 (wrong): the dashboard shows the prediction
    # without a reload (it reads the store every 2 s), before the student checks it.
    open_lesson(page, LESSON)
    block = lock_in(page, EXERCISE, 3)
    row = checkin_row(teacher)
    expect(row.get_by_role("cell").nth(ANSWERED)).to_have_text("1", timeout=10_000)
    expect(row.get_by_role("cell").nth(CHECKED)).to_have_text("0")

    # ... clicks three times, checks: wrong.
    for runs in ("3", "4", "5"):  # the lock-in's run was #2
        button(page, "Add one click").click()
        expect(full_runs(page)).to_have_text(runs)
    wait_for_run_to_finish(page)  # a Check during the click's slow step asks for it again
    block.get_by_role("button", name="Check").click()
    expect(block.get_by_text("Shared with your teacher's check-in")).to_be_visible()
    expect(row.get_by_role("cell").nth(CHECKED)).to_have_text("1", timeout=10_000)
    expect(row.get_by_role("cell").nth(RIGHT)).to_have_text("0 (0 %)")
    expect(row.get_by_role("cell").nth(WRONG)).to_have_text("3 (1)")

    # Another student, right this time.
    a_student_answers(stack.base_url, 1)
    expect(row.get_by_role("cell").nth(CHECKED)).to_have_text("2", timeout=10_000)
    expect(row.get_by_role("cell").nth(RIGHT)).to_have_text("1 (50 %)")
    screenshot_of(teacher.locator(f".st-key-{SECTION_KEY}"), "teacher-checkin")
    # Must NOT happen: a student's page showing the class's answers.
    expect(page.get_by_text("Most common wrong answer")).to_have_count(0)

    new_class(teacher)
    expect(checkin_row(teacher)).to_have_count(0)


def test_the_teacher_pages_have_no_serious_accessibility_violations(teacher_page, stack):
    a_student_answers(stack.base_url, 2)
    teacher_page.goto("/teacher/")
    expect(checkin_row(teacher_page)).to_be_visible()  # the check-in table is drawn
    expect(teacher_page.get_by_text("Students connected now")).to_be_visible()
    serious = serious_accessibility_violations(teacher_page)
    assert not serious, serious
