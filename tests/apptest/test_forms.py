"""forms: widgets inside st.form are committed only by the submit button.

AppTest itself holds back a form's edits until a submit button is clicked (whatever on_change
says) and clears fields on submit, and it has no Enter key or Tab: what the browser does with a
form is proven in tests/browser/test_forms.py. What runs in the script (refusals, callbacks,
st.rerun) is proven here."""

import pytest
from streamlit.errors import StreamlitAPIException
from streamlit.testing.v1 import AppTest

from apptest_helpers import check, full_runs, not_judged, predict, texts

FAQ_FIELD = 1  # text_input[0] is the field outside the form, [1] the FAQ's field inside it


def submit(at, label="Submit", form=None):
    return next(b for b in at.button if b.label == label and (form is None or b.form_id == form))


def test_the_faq_form_is_on_the_page(open_lesson):
    at = open_lesson("forms")
    assert not at.exception
    assert at.form(key="my_form")  # the FAQ's key
    assert at.text_input[FAQ_FIELD].label == "Enter some text"
    assert submit(at, form="my_form").label == "Submit"


def test_the_faq_form_shows_the_value_once_submitted(open_lesson):
    """The FAQ form's lines, before and after a submit. AppTest holds back unsubmitted form values
    itself: FO2 and FO13 are proven in the browser (tests/browser/test_forms.py)."""
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


def test_the_faq_form_submits_the_last_of_several_edits(open_lesson):
    """The submit's run gets the last edit. AppTest's edits never run the script: FO2 and FO4
    (one rerun for all the edits) are proven in the browser."""
    at = open_lesson("forms")
    for text in ("a", "ab", "abc"):
        at.text_input[FAQ_FIELD].input(text)
    submit(at, form="my_form").click().run()
    assert full_runs(at) == 2
    assert [s.value for s in at.success] == ["Submitted: abc"]


def test_the_field_outside_the_form_shows_its_value_and_submits_no_form(open_lesson):
    """The lesson's line for the field outside the form. AppTest runs only when told: FO3 (an edit
    reruns the script) is proven in the browser."""
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


def test_fo7_a_submit_callback_runs_before_the_rerun(open_lesson):
    """Fails if the submit button's callback ran after the script (the line drawn under the form
    would still show "—")."""
    at = open_lesson("forms")
    at.text_input(key="email_field").input("ada@example.org")
    submit(at, "Save").click().run()
    # Written by the script after the form: the callback had already run.
    assert "Saved (by the callback, before this run): ada@example.org" in texts(at)


def test_fo8_st_rerun_updates_what_was_drawn_above(open_lesson):
    """Fails if st.rerun() didn't start another run: the heading, drawn above the form before the
    title was stored, would still read "Untitled"."""
    at = open_lesson("forms")
    at.text_input(key="title_field").input("Lab notes")
    submit(at, "Rename").click().run()
    assert "##### Page title: Lab notes" in texts(at)
    assert "##### Page title: Untitled" not in texts(at)  # the cut-short run's heading is gone
    assert full_runs(at) == 3  # the submit's run, cut short by st.rerun(), and the next


def test_fo19_only_the_submit_button_clicked_returns_true(open_lesson):
    """Fails if every submit button of a form returned True when the form was submitted (both
    messages drawn), or if the one clicked returned False (none)."""
    at = open_lesson("forms")
    at.text_input(key="post_title").input("Hello")
    submit(at, "Publish").click().run()
    assert [s.value for s in at.success] == ["Published"]
    assert "Saved as a draft" not in [i.value for i in at.info]  # must NOT be drawn too
    submit(at, "Save draft").click().run()
    assert [i.value for i in at.info] == ["Saved as a draft"]
    assert "Published" not in [s.value for s in at.success]


def test_fo22_a_submit_button_s_callback_gets_its_args_and_kwargs(open_lesson):
    """Fails if st.form_submit_button dropped args or kwargs (the callback would raise a
    TypeError), or passed one button's arguments to the other's callback."""
    at = open_lesson("forms")
    at.text_input(key="post_title").input("Hello")
    submit(at, "Publish").click().run()
    assert not at.exception
    assert "The callback's log: Publish: 'Hello' published" in texts(at)
    submit(at, "Save draft").click().run()
    assert "The callback's log: Save draft: 'Hello' saved" in texts(at)


REFUSALS = {
    "st.button": "`st.button()` can't be used in an `st.form()`",
    "st.download_button": "`st.download_button()` can't be used in an `st.form()`",
    "st.chat_input": "`st.chat_input()` can't be used in a `st.form()`",
    "st.menu_button": "`st.menu_button()` can't be used in an `st.form()`",
    "a form in the form": "Forms cannot be nested in other forms",
    "a callback": "Within a form, callbacks can only be defined on `st.form_submit_button`",
}


@pytest.mark.parametrize("what", REFUSALS)
def test_fo9_fo10_fo14_the_lesson_shows_each_refusal(open_lesson, what):
    """Fails if a form accepted one of these (no refusal shown, and the widget drawn)."""
    at = open_lesson("forms")
    assert not at.exception
    shown = [e.value for e in at.error if e.value.startswith(f"{what}: ")]
    assert len(shown) == 1, [e.value for e in at.error]
    assert REFUSALS[what] in shown[0]
    # The refused widget must NOT have been drawn.
    assert not [b for b in at.button if b.label == "A plain button inside a form"]
    assert not [c for c in at.checkbox if c.label == "Tick"]
    assert not at.get("download_button")
    assert not at.get("chat_input")


FORM_WIDGETS = {
    "st.button": 'st.button("b")',
    "st.download_button": 'st.download_button("d", "text")',
    "st.chat_input": 'st.chat_input("c")',
    "st.menu_button": 'st.menu_button("m", ["one"])',
    "a form in the form": 'st.form("inner")',
    "a callback": 'st.text_input("t", on_change=print)',
}


@pytest.mark.parametrize("what", FORM_WIDGETS)
def test_fo9_fo10_fo14_a_form_refuses(what):
    """Fails if a form accepted a plain button, a download or chat input, a menu button, a nested
    form, or an input widget's callback (no exception)."""
    at = AppTest.from_string(f'import streamlit as st\nwith st.form("f"):\n    {FORM_WIDGETS[what]}\n').run()
    assert len(at.exception) == 1
    assert REFUSALS[what] in at.exception[0].message


@pytest.mark.parametrize(
    "widget",
    [
        'st.text_input("t")',
        'st.number_input("n")',
        'st.slider("s")',
        'st.checkbox("c")',
        'st.text_input("i", on_change="ignore")',
    ],
)
def test_fo9_fo10_fo16_input_widgets_belong_in_a_form(widget):
    """Fails if a form refused input widgets, or refused on_change="ignore" as it does a callback."""
    source = f'import streamlit as st\nwith st.form("f"):\n    {widget}\n    st.form_submit_button()\n'
    at = AppTest.from_string(source).run()
    assert not at.exception  # must NOT be refused


def test_fo9_a_submit_button_outside_a_form_is_refused():
    """Fails if st.form_submit_button worked outside a form, as a plain button (no exception)."""
    at = AppTest.from_string('import streamlit as st\nst.form_submit_button("s")\n').run()
    assert "`st.form_submit_button()` must be used inside an `st.form()`" in at.exception[0].message


def test_the_submit_s_run_gets_the_value_of_an_ignore_field_in_the_form():
    """The script keeps nothing back: the submit's run gets the ignore field's value as it gets the
    plain one's. AppTest holds back unsubmitted form values whatever on_change says, so FO10 and
    FO16 are proven in the browser (test_fo10_fo16_on_change_ignore_in_a_form_changes_nothing)."""
    source = """
import streamlit as st
with st.form("f"):
    plain = st.text_input("plain")
    ignored = st.text_input("ignored", on_change="ignore")
    sent = st.form_submit_button()
st.write(f"{sent}: {plain!r} {ignored!r}")
"""
    at = AppTest.from_string(source).run()
    at.text_input[0].input("a")
    at.text_input[1].input("b")
    at.button[0].click().run()
    assert at.markdown[0].value == "True: 'a' 'b'"


def test_fo11_a_form_without_a_submit_button_is_neither_refused_nor_warned_about(open_lesson):
    """The script side: the browser test shows the form can't be submitted and shows no warning.

    Fails if Streamlit refused a form without a submit button (an exception) or added a warning
    element to it."""
    at = open_lesson("forms")
    assert not at.exception
    # The form holds its field and nothing else: no submit button, and no warning added to it.
    assert [child.type for child in at.form(key="no_submit_form").children.values()] == ["text_input"]
    assert "Its field, as the script sees it: **—**" in texts(at)


def test_type_then_submit_judges_one_rerun_right(open_lesson):
    """AppTest's edits never run the script: FO12 (typing and Tab in a form send nothing) is
    proven in the browser (test_fo2_fo4_fo12_…)."""
    at = predict(open_lesson("forms"), "type-then-submit", 1)
    at.text_input[FAQ_FIELD].input("typed")
    submit(at, form="my_form").click().run()
    assert check(at, "type-then-submit").startswith("Right")


def add_to_basket(at, item):
    at.text_input(key="after_item").input(item)
    submit(at, "Add").click().run()


def test_the_basket_exercise_finds_the_item_in_the_basket(open_lesson):
    """AppTest clears form fields itself: FO17 (clearing on submit doesn't take the item back) is
    proven in the browser (test_fo17_…)."""
    at = predict(open_lesson("forms"), "basket", "yes")
    add_to_basket(at, "apple")
    assert "Basket: ['apple']" in texts(at)  # what the student reads
    verdict = check(at, "basket")
    assert verdict.startswith("Right: the item is in the basket: yes. The Add click sends")
    assert "FO17" in verdict


def test_the_basket_exercise_refuses_no_and_counts_from_the_lock_in(open_lesson):
    at = open_lesson("forms")
    add_to_basket(at, "pear")  # before the lock-in: not part of the answer
    at = predict(at, "basket", "no")
    add_to_basket(at, "apple")
    assert check(at, "basket").startswith("The item is in the basket: yes, not no.")
    at.button(key="_lessonkit_retry_basket").click().run()
    at = predict(at, "basket", "no")
    submit(at, "Add").click().run()  # an empty field: `if added and item` adds nothing
    # Must NOT happen: an Add with no item typed judged ("no" would look right).
    assert not_judged(at, "basket").startswith("Not yet: type an item and click Add")


def rename(at, title):
    at.text_input(key="title_field").input(title)
    submit(at, "Rename").click().run()


def test_fo18_the_exercise_sees_the_new_title_in_the_heading(open_lesson):
    """Fails if st.rerun() didn't start the run that draws the new title (the heading would keep
    "Untitled" and "the one from before" would be right)."""
    at = predict(open_lesson("forms"), "rename", "the new one")
    rename(at, "Lab notes")
    assert "##### Page title: Lab notes" in texts(at)  # what the student reads
    verdict = check(at, "rename")
    assert verdict.startswith("Right: the heading shows the new one. The Rename click's run drew")
    assert "FO18" in verdict


def test_the_rename_exercise_refuses_the_old_title(open_lesson):
    at = predict(open_lesson("forms"), "rename", "the one from before")
    rename(at, "Lab notes")
    assert check(at, "rename").startswith("The heading shows the new one, not the one from before.")


def test_the_rename_exercise_judges_nothing_before_rename_is_clicked(open_lesson):
    """Fails if typing without submitting were judged: "the one from before" would look right."""
    at = predict(open_lesson("forms"), "rename", "the one from before")
    at.text_input(key="title_field").input("Lab notes")
    at.run()  # typed, not submitted: the heading keeps "Untitled"
    assert "##### Page title: Untitled" in texts(at)
    assert not_judged(at, "rename").startswith("Not yet: type a new title and click Rename")


def test_refusals_are_streamlit_api_exceptions():
    """The lesson catches StreamlitAPIException: each refusal must be one (or it would crash)."""
    from streamlit.errors import StreamlitInvalidFormCallbackError, StreamlitInvalidLayoutContextError

    assert issubclass(StreamlitInvalidLayoutContextError, StreamlitAPIException)
    assert issubclass(StreamlitInvalidFormCallbackError, StreamlitAPIException)


def test_fo23_the_enter_exercise_judges_the_message_of_the_submit_s_run(open_lesson):
    """AppTest has no Enter key: Save draft's click is what Enter sends (FO20, proven in the
    browser).

    Fails if the exercise judged a later run (no message there: not one of the choices) rather
    than the submit's, or judged Publish's message right for Save draft's."""
    at = predict(open_lesson("forms"), "enter", "Published")
    at.text_input(key="post_title").input("Hello")
    submit(at, "Save draft").click().run()
    at.run()  # a later run draws no message: the exercise must still judge the submit's run
    verdict = check(at, "enter")
    assert verdict.startswith("The page shows Saved as a draft, not Published. Enter clicks")
    assert "FO23" in verdict
    at.button(key="_lessonkit_retry_enter").click().run()
    at = predict(at, "enter", "Saved as a draft")
    submit(at, "Save draft").click().run()
    assert check(at, "enter").startswith("Right: the page shows Saved as a draft.")


def test_the_enter_exercise_judges_nothing_before_the_form_is_submitted(open_lesson):
    """Fails if typing without submitting, or the locked form's Send, were judged."""
    at = predict(open_lesson("forms"), "enter", "Published")
    at.text_input(key="post_title").input("Hello")
    at.run()
    submit(at, "Send").click().run()  # another form: not the post form's submit
    assert not_judged(at, "enter").startswith("Not yet: type a post title and press Enter")
