"""forms: widgets inside st.form are committed only by the submit button."""

from apptest_helpers import full_runs, texts

FORM_FIELD = 1  # text_input[0] is the field outside the form, [1] the FAQ's field inside it


def test_the_faq_form_is_on_the_page(open_lesson):
    at = open_lesson("forms")
    assert not at.exception
    assert len(at.form) == 1
    assert at.form(key="my_form")  # the FAQ's key
    assert at.text_input[FORM_FIELD].label == "Enter some text"
    assert at.button[0].label == "Submit"


def test_a_value_typed_in_the_form_waits_for_submit(open_lesson):
    at = open_lesson("forms")
    at.text_input[FORM_FIELD].input("hello")
    at.run()  # any other rerun: the form's value must NOT reach the script yet
    assert "Submitted" not in "".join(s.value for s in at.success)
    assert texts(at).count("The script sees: **—**") == 2

    # AppTest rebuilds the page after each run, so type again, this time then submit.
    at.text_input[FORM_FIELD].input("hello")
    at.button[0].click().run()
    assert [s.value for s in at.success] == ["Submitted: hello"]
    assert "The script sees: **hello**" in texts(at)


def test_one_submit_is_one_rerun_however_many_edits(open_lesson):
    at = open_lesson("forms")
    field = at.text_input[FORM_FIELD]
    for text in ("a", "ab", "abc"):
        field.input(text)
    at.button[0].click().run()
    assert full_runs(at) == 2
    assert [s.value for s in at.success] == ["Submitted: abc"]


def test_a_field_outside_the_form_reaches_the_script_at_once(open_lesson):
    at = open_lesson("forms")
    at.text_input[0].input("loose").run()
    assert "The script sees: **loose**" in texts(at)
    assert not at.success  # the form was not submitted
