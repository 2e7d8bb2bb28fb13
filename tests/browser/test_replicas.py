"""A lesson with several replicas behind nginx: each student stays on one replica.

Streamlit keeps a session, the files its student uploaded and the media it serves back in
one replica's memory. With the caching lesson scaled to 3 replicas, students (fresh browser
contexts: fresh affinity cookies) upload a file, see the lesson read it back, and download
it back; without affinity, most uploads or downloads would reach a replica that never saw
the session.
"""

import re

import pytest
from playwright.sync_api import expect

from repo_layout import LESSONS
from student_view import REPLICAS as REPLICAS_COLUMN
from student_view import STUDENTS_NOW, lesson_row, open_lesson

LESSON = "caching"
REPLICAS = 3


@pytest.fixture
def replicated(owned_stack):
    owned_stack.scale(LESSON, REPLICAS)
    yield owned_stack
    owned_stack.scale(LESSON, 1)


def upload_and_download(browser, stack, student: int) -> None:
    context = browser.new_context(base_url=stack.base_url, accept_downloads=True)
    try:
        page = context.new_page()
        open_lesson(page, LESSON)
        content = f"student,answer\nstudent {student},{'x' * student}\nlast,line\n".encode()
        page.locator('input[type="file"]').set_input_files(
            {"name": f"student-{student}.csv", "mimeType": "text/csv", "buffer": content}
        )
        # The lesson read the upload back from its replica's memory ...
        expect(page.get_by_text(f"student-{student}.csv: 3 lines, {len(content)} bytes")).to_be_visible()
        # ... and serves it back from there as media.
        with page.expect_download() as download:
            page.get_by_role("button", name="Download it back").click()
        assert download.value.suggested_filename == f"student-{student}.csv"
        with open(download.value.path(), "rb") as downloaded:
            assert downloaded.read() == content
    finally:
        context.close()


def test_uploads_and_media_stay_on_the_students_replica(browser, replicated):
    assert len(replicated.replicas_in_use(LESSON)) == REPLICAS
    before = len(replicated.upstream_log())
    used: set[str] = set()
    student = 0
    # At least 3 students, and on until two different replicas have taken uploads.
    while student < 3 or (len(used) < 2 and student < 10):
        student += 1
        upload_and_download(browser, replicated, student)
        uploads = [
            address
            for path, address in replicated.upstream_log()[before:]
            if path.startswith(f"/{LESSON}/_stcore/upload_file/")
        ]
        used.update(uploads)
    assert len(used) >= 2, f"every upload went to one replica: {used}"


def test_the_teacher_dashboard_counts_every_replica(teacher_page, replicated):
    page = teacher_page
    page.goto("/teacher/")
    row = lesson_row(page, next(lesson for lesson in LESSONS if lesson.slug == LESSON))
    expect(row.get_by_role("cell").nth(REPLICAS_COLUMN)).to_have_text(str(REPLICAS))
    expect(row.get_by_role("cell").nth(STUDENTS_NOW)).to_have_text(re.compile(r"^\d+$"))
