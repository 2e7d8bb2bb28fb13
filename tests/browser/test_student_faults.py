"""Faults as students live them, in a real browser: nginx restarting under their open
sessions, and one student's script raising an error."""

from playwright.sync_api import expect

from student_view import button, full_runs, toggle, wait_for_run_to_finish


def test_nginx_restart_keeps_every_students_state(page, owned_stack):
    page.goto("/session-state/")
    wait_for_run_to_finish(page)
    for runs in range(2, 7):
        button(page, "Increment").click()
        expect(full_runs(page)).to_have_text(str(runs))
        wait_for_run_to_finish(page)
    expect(page.get_by_text("Count = 5", exact=True)).to_be_visible()

    owned_stack.compose("restart", "nginx")

    # The browser reconnects to its session (kept by Streamlit for a while): the count goes
    # on from 5. It must NOT start over from 0 in a new session.
    button(page, "Increment").click()
    expect(page.get_by_text("Count = 6", exact=True)).to_be_visible(timeout=60_000)


def test_a_script_error_shows_for_that_student_only(page, browser):
    page.goto("/rerun-control/")
    wait_for_run_to_finish(page)
    other_student = browser.new_context(base_url=page.url.split("/rerun-control/")[0]).new_page()
    other_student.goto("/rerun-control/")
    wait_for_run_to_finish(other_student)

    toggle(page, "Raise an error in this run").click()
    expect(page.get_by_test_id("stException")).to_contain_text("Raised on purpose")

    # The other student's session carries on, untouched by the error:
    expect(other_student.get_by_test_id("stException")).to_have_count(0)
    button(other_student, "Add an item").click()
    expect(full_runs(other_student)).to_have_text("2")
    expect(other_student.get_by_test_id("stException")).to_have_count(0)
    other_student.context.close()

    toggle(page, "Raise an error in this run").click()  # and the first student recovers
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(full_runs(page)).to_have_text("3")
