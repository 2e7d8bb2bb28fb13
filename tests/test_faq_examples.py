"""The three examples of the FAQ Rerun Lab grew from ("How to prevent app reruns") live
on, line for line, in their lessons, inside an echo block so students see the code that runs."""

import pytest

from repo_layout import REPO

FAQ_EXAMPLES = {
    "forms": """
        with st.form(key='my_form'):
            text_input = st.text_input(label='Enter some text')
            submit_button = st.form_submit_button(label='Submit')
    """,
    "session-state": """
        if 'count' not in st.session_state:
            st.session_state.count = 0
        if st.button('Increment'):
            st.session_state.count += 1
        if st.button('Decrement'):
            st.session_state.count -= 1
        st.write('Count = ', st.session_state.count)
    """,
    "callbacks": """
        if 'count_value' not in st.session_state:
            st.session_state.count_value = 0
        def increment_counter():
            st.session_state.count_value += 1
        def decrement_counter():
            st.session_state.count_value -= 1
        st.button('Increment', on_click=increment_counter, key='increment_btn')
        st.button('Decrement', on_click=decrement_counter, key='decrement_btn')
        st.write('Count = ', st.session_state.count_value)
    """,
}


def code_lines(source: str) -> list[str]:
    """Statements only: no blank lines or comments, quotes and indentation normalised."""
    lines = (line.strip().replace("'", '"') for line in source.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize("slug", FAQ_EXAMPLES)
def test_the_faq_example_runs_in_its_lesson_inside_echo(slug):
    lesson = code_lines((REPO / "apps" / slug / "app.py").read_text())
    example = code_lines(FAQ_EXAMPLES[slug])
    starts = [i for i in range(len(lesson)) if lesson[i : i + len(example)] == example]
    assert starts, f"the FAQ's {slug} example is missing from apps/{slug}/app.py"
    # st.echo, or the kit's echo() that draws the same element (apps/rerunlab/lessonkit/echo.py)
    echoes = [
        i for i, line in enumerate(lesson[: starts[0]]) if line.startswith(("with st.echo(", "with echo("))
    ]
    assert echoes, "the example must sit inside `with echo():`"
    assert echoes[-1] == starts[0] - 1, "the example must sit directly inside `with echo():`"
