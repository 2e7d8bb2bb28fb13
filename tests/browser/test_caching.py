"""caching: the lesson's key claims as a student sees them in a real browser through nginx,
each with something that must NOT happen. Waits on conditions (expect), never on sleeps."""

from playwright.sync_api import expect

from student_view import counter, newest_run, open_lesson, press_slider, wait_for_run_to_finish


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
