"""forms: widgets inside st.form are committed only by the submit button."""

from apptest_helpers import check, full_runs, predict, texts

FAQ_FIELD = 1  # text_input[0] is the field outside the form, [1] the FAQ's field inside it


def submit(at, label="Submit", form=None):
    return next(b for b in at.button if b.label == label and (form is None or b.form_id == form))


def test_the_faq_form_is_on_the_page(open_lesson):
    at = open_lesson("forms")
    assert not at.exception
    assert at.form(key="my_form")  # the FAQ's key
    assert at.text_input[FAQ_FIELD].label == "Enter some text"
    assert submit(at, form="my_form").label == "Submit"


def test_a_value_typed_in_the_form_waits_for_submit(open_lesson):
    at = open_lesson("forms")
    at.text_input[FAQ_FIELD].input("hello")
    at.run()  # any other rerun: the form's value must NOT reach the script yet
    assert "Submitted" not in "".join(s.value for s in at.success)
    assert texts(at).count("The script sees: **—**") == 2
    # AppTest rebuilds the page after each run, so type again, this time then submit.
    at.text_input[FAQ_FIELD].input("hello")
    submit(at, form="my_form").click().run()
    assert [s.value for s in at.success] == ["Submitted: hello"]
    assert "The script sees: **hello**" in texts(at)


def test_one_submit_is_one_rerun_however_many_edits(open_lesson):
    at = open_lesson("forms")
    for text in ("a", "ab", "abc"):
        at.text_input[FAQ_FIELD].input(text)
    submit(at, form="my_form").click().run()
    assert full_runs(at) == 2
    assert [s.value for s in at.success] == ["Submitted: abc"]


def test_a_field_outside_the_form_reaches_the_script_at_once(open_lesson):
    at = open_lesson("forms")
    at.text_input(key="loose_text").input("loose").run()
    assert "The script sees: **loose**" in texts(at)
    assert not at.success  # the form was not submitted


def test_processing_after_the_form(open_lesson):
    at = open_lesson("forms")
    at.text_input(key="after_item").input("apple")
    submit(at, "Add").click().run()
    assert at.session_state["basket"] == ["apple"]
    at.run()  # another rerun (clearing the field is the browser's job: see the browser test)
    assert at.session_state["basket"] == ["apple"]  # must NOT be added twice


def test_processing_in_a_submit_callback(open_lesson):
    at = open_lesson("forms")
    at.text_input(key="email_field").input("ada@example.org")
    submit(at, "Save").click().run()
    assert "Saved (by the callback, before this run): ada@example.org" in texts(at)


def test_processing_with_st_rerun_updates_what_was_drawn_above(open_lesson):
    at = open_lesson("forms")
    at.text_input(key="title_field").input("Lab notes")
    submit(at, "Rename").click().run()
    assert "##### Page title: Lab notes" in texts(at)
    assert full_runs(at) == 3  # the submit's run, cut short by st.rerun(), and the next


def test_a_plain_button_inside_a_form_is_refused(open_lesson):
    at = open_lesson("forms")
    assert not at.exception
    assert any("`st.button()` can't be used in an `st.form()`" in e.value for e in at.error)


def test_predict_one_rerun_for_typing_then_submit(open_lesson):
    at = predict(open_lesson("forms"), "type-then-submit", 1)
    at.text_input[FAQ_FIELD].input("typed")
    submit(at, form="my_form").click().run()
    assert check(at, "type-then-submit").startswith("Right")
