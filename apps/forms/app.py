"""Lesson: st.form batches widget input; the app reruns only on submit."""

import streamlit as st
from streamlit.errors import StreamlitAPIException

from rerunlab.lessonkit import (
    Exercise,
    claim,
    echo,
    further_reading,
    lesson_page,
    pitfalls,
    predict,
    predict_then_check,
    record_shown,
)

NEW_TITLE, OLD_TITLE = "the new one", "the one from before"  # the rename exercise's choices

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "Filling in five fields should not cost five reruns. "
        + claim(
            "FO1",
            "Yet by default a text field sends its value as soon as you leave it (Enter, Tab, a click "
            "elsewhere), and every value sent reruns the script.",
        )
    )

    lesson.section("technique")
    st.markdown(
        claim(
            "FO2",
            "Widgets inside `st.form` keep their values in the browser until the form is "
            "submitted (its submit button, or Enter in one of its fields); then they are all "
            "sent at once, in **one** rerun.",
        )
    )

    lesson.section("side-by-side")
    without_form, with_form = lesson.side_by_side("Without a form", "With st.form")
    with without_form:
        st.caption(claim("FO3", "Every edit (Enter or leaving the field) reruns the script."))
        loose_text = st.text_input("Enter some text", key="loose_text")
        st.write(f"The script sees: **{loose_text or '—'}**")
    with with_form:
        st.caption(claim("FO4", "Edits wait inside the form until it is submitted: one rerun for all."))
        # The FAQ's example, as it runs here:
        with echo():  # noqa: SIM117 (echo() shows the block below it, `with st.form` included)
            with st.form(key="my_form"):
                text_input = st.text_input(label="Enter some text")
                submit_button = st.form_submit_button(label="Submit")
        st.write(f"The script sees: **{text_input or '—'}**")
        if submit_button:
            st.success(f"Submitted: {text_input}")

    st.subheader("Three ways to process a submission")
    after, in_callback, with_rerun = st.tabs(["After the form", "In a callback", "With st.rerun"])
    with after, echo():
        with st.form("after_form", clear_on_submit=True, enter_to_submit=False):
            # clear_on_submit=True: each field is reset to its default once submitted [FO5]
            # enter_to_submit=False: Enter in a field doesn't submit, only the button does [FO6]
            item = st.text_input("Item (cleared on submit; Enter doesn't submit)", key="after_item")
            how_many = st.number_input("How many (back to 1 on submit)", 1, 9, value=1, key="after_qty")
            added = st.form_submit_button("Add", key="add")
        if added and item:
            st.session_state.setdefault("basket", []).extend([item] * how_many)
        st.write(f"Basket: {st.session_state.get('basket', [])}")
    with in_callback, echo():

        def save_email():
            st.session_state.saved_email = st.session_state.email_field

        with st.form("callback_form"):
            st.text_input("Email", key="email_field")
            st.form_submit_button("Save", on_click=save_email)  # save_email runs before the rerun [FO7]
        st.write(f"Saved (by the callback, before this run): {st.session_state.get('saved_email', '—')}")
    with with_rerun, echo():
        title = st.session_state.get("page_title", "Untitled")
        st.markdown(f"##### Page title: {title}")  # drawn above the form
        with st.form("rerun_form"):
            new_title = st.text_input("New page title", key="title_field")
            renamed = st.form_submit_button("Rename", key="rename")
        if renamed:
            st.session_state.page_title = new_title
            st.rerun()  # the heading above was already drawn: run again to show the new title [FO8]
    # Kept for the exercise in section 4: the title the heading shows. A run that st.rerun()
    # cuts short never gets here; the run after it does.
    record_shown("title", title)

    st.subheader("Several submit buttons")
    with echo():

        def log(button, *, outcome):  # gets the button's args and kwargs [FO22]
            st.session_state.post_log = f"{button}: {st.session_state.post_title!r} {outcome}"

        with st.form("post_form"):
            st.text_input("Post title", key="post_title")
            draft = st.form_submit_button(
                "Save draft", key="draft", on_click=log, args=("Save draft",), kwargs={"outcome": "saved"}
            )
            publish = st.form_submit_button(
                "Publish",
                key="publish",
                type="primary",
                on_click=log,
                args=("Publish",),
                kwargs={"outcome": "published"},
            )
        # True only for the button that submitted, in that one run [FO19]
        if draft:
            st.info("Saved as a draft")
        if publish:
            st.success("Published")
        st.write(f"The callback's log: {st.session_state.get('post_log', '—')}")
    # For the exercise in section 4: the message(s) this run drew.
    messages = [text for text, sent in (("Saved as a draft", draft), ("Published", publish)) if sent]
    record_shown("post_message", " and ".join(messages) or "none")
    with echo():  # noqa: SIM117 (echo() shows the block below it, `with st.form` included)
        with st.form("locked_form"):
            st.text_input("Locked title", key="locked_title")
            st.form_submit_button("Locked", key="locked", disabled=True)  # disabled from the start
            sent = st.form_submit_button("Send", key="send")
        st.write(f"Sent: **{st.session_state.locked_title if sent else '—'}**")
    st.caption(
        claim(
            "FO20",
            "Enter in a form's field submits it as a click on its **first** submit button: in "
            "*Post title*, *Save draft*, though *Publish* looks primary.",
        )
        + " "
        + claim(
            "FO21",
            "A form drawn with its first submit button disabled ignores Enter, though *Send* is "
            "enabled: click it.",
        )
    )

    st.subheader("What a form won't allow")
    with echo(), st.form("limits_form"):
        st.text_input("A field", key="limits_field")
        st.text_input("Another field", key="limits_ignore", on_change="ignore")  # accepted [FO16]
        attempts = {
            "st.button": lambda: st.button("A plain button inside a form"),
            "st.download_button": lambda: st.download_button("Download", "text"),
            "st.chat_input": lambda: st.chat_input("Say something"),
            "st.menu_button": lambda: st.menu_button("Menu", ["one", "two"]),
            "a form in the form": lambda: st.form("inner_form"),
            "a callback": lambda: st.checkbox("Tick", on_change=print),
        }
        for what, attempt in attempts.items():
            try:
                attempt()
            except StreamlitAPIException as refusal:
                st.error(f"{what}: {refusal}")
        st.form_submit_button("Submit")
    st.write(
        f"This form, as the script sees it: A field **{st.session_state.limits_field or '—'}** · "
        f"Another field **{st.session_state.limits_ignore or '—'}**"
    )
    st.caption(
        claim(
            "FO9",
            "A form refuses `st.button`, `st.download_button`, `st.chat_input`, `st.menu_button` "
            "and another form; input widgets belong in it, and `st.form_submit_button` is refused "
            "anywhere else.",
        )
        + " "
        + claim(
            "FO10",
            "In a form only `st.form_submit_button` may have a callback; "
            '`on_change="ignore"` is accepted but changes nothing: a form sends nothing until '
            "submitted anyway.",
        )
    )
    with echo():  # noqa: SIM117 (echo() shows the block below it, `with st.form` included)
        with st.form("no_submit_form"):  # no submit button, on purpose
            lonely = st.text_input("A form with no submit button: type, then press Enter", key="lonely")
        st.write(f"Its field, as the script sees it: **{lonely or '—'}**")
    st.caption(
        claim(
            "FO11",
            "Every form needs a submit button, yet Streamlit neither refuses nor warns about a form "
            "without one: nothing can submit it, so its values never reach the script.",
        )
    )

    lesson.section("try-it")
    predict_then_check(
        "type-then-submit",
        "type in the FAQ form's field, press Tab, then press Submit",
        done=lambda acted: acted.counted() >= 1,  # typing and Tab alone run nothing
        explanation=claim(
            "FO12", "Typing and Tab inside a form send nothing; only submitting the form reruns the app."
        ),
    )
    predict(
        Exercise(
            key="basket",
            question="in the *After the form* tab, type an item and click **Add**. The field is emptied "
            "when you submit (`clear_on_submit=True`): will the item be in the basket?",
            action="type an item and click Add",
            choices=("yes", "no"),
            snapshot=lambda: len(st.session_state.get("basket", [])),
            # Add clicked with an item typed (an empty field adds nothing, whatever clear_on_submit does).
            done=lambda acted: any(
                run.state.get("after_item", "''") != "''" for run in acted.ran_with("add", "True")
            ),
            truth=lambda acted: "yes" if len(st.session_state.get("basket", [])) > acted.snapshot else "no",
            outcome="the item is in the basket: {}",
            why=claim(
                "FO17",
                "The Add click sends the form's values; emptying the field doesn't take the item "
                "back: the click's run gets it and adds it.",
            ),
        )
    )
    predict(
        Exercise(
            key="rename",
            question="in the *With st.rerun* tab, type a new title and click **Rename**. Which title "
            "will the heading *Page title: …* show?",
            action="type a new title and click Rename",
            choices=(NEW_TITLE, OLD_TITLE),
            # The heading shows the submitted title only if a run drew it after the submit.
            done=lambda acted: acted.clicks("rename") > 0,
            truth=lambda acted: (
                NEW_TITLE if acted.shown("title") == st.session_state.get("title_field", "") else OLD_TITLE
            ),
            outcome="the heading shows {}",
            why=claim(
                "FO18",
                "The Rename click's run drew the heading before the form, with the old title; "
                "`st.rerun()` then started another run, which drew the new one.",
            ),
        )
    )

    def post_messages(acted) -> list[str]:
        """What each run a submit of the post form caused (Enter, or either click) drew."""
        return [
            run.shown["post_message"]
            for run in acted.runs
            if "True" in (run.state.get("draft"), run.state.get("publish")) and "post_message" in run.shown
        ]

    predict(
        Exercise(
            key="enter",
            question="in *Several submit buttons*, with *Save draft* enabled, type a post title and "
            "press **Enter**. Which message will the page show?",
            action="type a post title and press Enter",
            choices=("Saved as a draft", "Published", "Saved as a draft and Published"),
            done=lambda acted: bool(post_messages(acted)),
            truth=lambda acted: post_messages(acted)[0],  # the first submit's run
            outcome="the page shows {}",
            why=claim(
                "FO23",
                "Enter clicks the form's first submit button for you: only *Save draft* returns True in "
                'that run. Being `type="primary"` makes *Publish* look like the default, not act as it.',
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim(
            "FO13",
            "Values inside a form are the *previous* submission's until the form is submitted: "
            "don't use them to drive other widgets live.",
        ),
        claim(
            "FO14",
            "A widget inside a form can't have an `on_change` callback (Streamlit stops the "
            "script with an error): process the submission in the submit button's `on_click`, "
            "or after the form.",
        ),
        claim(
            "FO15",
            "`clear_on_submit=True` resets each widget in the form to its default once submitted "
            "(the item to empty, *How many* to 1); the submission's own run still gets what was "
            "entered: read the values there, or in the submit callback.",
        ),
    )

    lesson.section("reading")
    further_reading(
        {
            "Using forms": "https://docs.streamlit.io/develop/concepts/architecture/forms",
            "st.form": "https://docs.streamlit.io/develop/api-reference/execution-flow/st.form",
        }
    )
