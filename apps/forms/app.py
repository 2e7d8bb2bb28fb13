"""Lesson 5: st.form batches widget input; the app reruns only on submit."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from lessonkit import further_reading, lesson_page, pitfalls, predict_then_check

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "Filling in five fields should not cost five reruns. Yet every widget you leave "
        "(Enter, Tab, a click elsewhere) sends its value and reruns the script."
    )

    lesson.section("technique")
    st.markdown(
        "Widgets inside `st.form` keep their values in the browser until the form's submit "
        "button is pressed; then they are all sent at once, in **one** rerun."
    )

    lesson.section("side-by-side")
    without_form, with_form = lesson.side_by_side("Without a form", "With st.form")
    with without_form:
        st.caption("Every edit (Enter or leaving the field) reruns the script.")
        loose_text = st.text_input("Enter some text", key="loose_text")
        st.write(f"The script sees: **{loose_text or '—'}**")
    with with_form:
        st.caption("Edits wait inside the form until you press Submit: one rerun.")
        # The FAQ's example, as it runs here:
        with st.echo():  # noqa: SIM117 (st.echo shows the block below it, `with st.form` included)
            with st.form(key="my_form"):
                text_input = st.text_input(label="Enter some text")
                submit_button = st.form_submit_button(label="Submit")
        st.write(f"The script sees: **{text_input or '—'}**")
        if submit_button:
            st.success(f"Submitted: {text_input}")

    st.subheader("Three ways to process a submission")
    after, in_callback, with_rerun = st.tabs(["After the form", "In a callback", "With st.rerun"])
    with after, st.echo():
        with st.form("after_form", clear_on_submit=True, enter_to_submit=False):
            item = st.text_input("Item (cleared on submit; Enter doesn't submit)", key="after_item")
            added = st.form_submit_button("Add")
        if added and item:
            st.session_state.setdefault("basket", []).append(item)
        st.write(f"Basket: {st.session_state.get('basket', [])}")
    with in_callback, st.echo():

        def save_email():
            st.session_state.saved_email = st.session_state.email_field

        with st.form("callback_form"):
            st.text_input("Email", key="email_field")
            st.form_submit_button("Save", on_click=save_email)
        st.write(f"Saved (by the callback, before this run): {st.session_state.get('saved_email', '—')}")
    with with_rerun, st.echo():
        title = st.session_state.get("page_title", "Untitled")
        st.markdown(f"##### Page title: {title}")  # drawn above the form
        with st.form("rerun_form"):
            new_title = st.text_input("New page title", key="title_field")
            renamed = st.form_submit_button("Rename")
        if renamed:
            st.session_state.page_title = new_title
            st.rerun()  # the heading above was already drawn: run again to show the new title

    st.subheader("What a form won't allow")
    with st.form("limits_form"):
        st.text_input("A field", key="limits_field")
        try:
            st.button("A plain button inside a form")
        except StreamlitAPIException as refusal:
            st.error(f"Streamlit refuses: {refusal}")
        st.form_submit_button("Submit")
    st.caption(
        "Only `st.form_submit_button` may sit in a form (and only it takes a callback), forms "
        "can't be nested, and every form needs a submit button."
    )

    lesson.section("try-it")
    predict_then_check(
        "type-then-submit",
        "type in the FAQ form's field, press Tab, then press Submit",
        explanation="Typing inside a form sends nothing; only the submit button reruns the app.",
    )

    lesson.section("pitfalls")
    pitfalls(
        "Values inside a form are the *previous* submission's until Submit is pressed: don't "
        "use them to drive other widgets live.",
        "Only the submit button can have a callback; `on_change` on a widget inside a form is not allowed.",
        "`clear_on_submit=True` resets the fields after the submission's rerun: read the values "
        "in that run (or in the submit callback).",
    )

    lesson.section("reading")
    further_reading(
        {
            "Using forms": "https://docs.streamlit.io/develop/concepts/architecture/forms",
            "st.form": "https://docs.streamlit.io/develop/api-reference/execution-flow/st.form",
        }
    )
