"""Lesson 2: st.form batches widget input; the app reruns only on submit."""

import streamlit as st

from lessonkit import lesson_page

runs = lesson_page(__file__)

without_form, with_form = st.columns(2)

with without_form:
    st.subheader("Without a form")
    st.caption("Every edit (Enter or leaving the field) reruns the script.")
    loose_text = st.text_input("Enter some text", key="loose_text")
    st.write(f"The script sees: **{loose_text or '—'}**")

with with_form:
    st.subheader("With st.form")
    st.caption("Edits wait inside the form until you press Submit: one rerun.")
    # The FAQ's example, as it runs here:
    with st.echo():  # noqa: SIM117 (st.echo shows the block below it, `with st.form` included)
        with st.form(key="my_form"):
            text_input = st.text_input(label="Enter some text")
            submit_button = st.form_submit_button(label="Submit")
    st.write(f"The script sees: **{text_input or '—'}**")
    if submit_button:
        st.success(f"Submitted: {text_input}")

st.info(
    "Only `st.form_submit_button` reruns the app from inside a form. Type in both "
    "fields and compare the run counter: the form costs one rerun per submit, however "
    "many fields it holds."
)
