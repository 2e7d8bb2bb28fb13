"""Lesson: the pages of one st.navigation app share session state, not their widgets' state.

This file is the app's entrypoint: the lesson around the demo is the frame every page runs in,
and the demo's two pages are the functions order_page and summary_page below.
"""

import inspect

import streamlit as st
from streamlit.errors import StreamlitAPIException

from rerunlab.lessonkit import (
    Exercise,
    claim,
    code_panel,
    echo,
    fragment_run,
    further_reading,
    lesson_page,
    pitfalls,
    predict,
    predict_then_check,
    record_shown,
)

SIZES = ["small", "medium", "large"]
NAME_FIELDS = {  # key: label of the Order page's three name fields
    "name_plain": "Name (key only)",
    "name_page": 'Name (persist_state="page")',
    "name_session": 'Name (persist_state="session")',
}


def order_page():
    st.markdown("##### ☕ Order")
    show = st.toggle("Show the name fields", value=True, key="show_names")
    if show:
        without, with_persist = lesson.side_by_side("Without: a key only", "With: persist_state")
        with without:
            st.text_input("Name (key only)", key="name_plain")
        with with_persist:
            st.text_input('Name (persist_state="page")', key="name_page", persist_state="page")
            st.text_input('Name (persist_state="session")', key="name_session", persist_state="session")
    if st.button("Add a coffee", key="add_coffee"):
        st.session_state.coffees = st.session_state.get("coffees", 0) + 1  # a key no widget owns
    st.write(f"`st.session_state.coffees`: **{st.session_state.get('coffees', 0)}**")
    st.page_link(SUMMARY, label="Go to Summary (st.page_link)")
    st.page_link(SUMMARY, label="Go to Summary, size large (query_params=)", query_params={"size": "large"})
    if st.button("Go to Summary (st.switch_page)", key="switch_to_summary"):
        st.switch_page(SUMMARY)


def summary_page():
    st.markdown("##### 🧾 Summary")
    st.write(f"`st.session_state.coffees`: **{st.session_state.get('coffees', 0)}**")
    size = st.radio("Size (bound to the URL)", SIZES, key="size", bind="query-params", horizontal=True)
    st.write(f"Size: **{size}** · `st.query_params`: `{st.query_params.to_dict()}`")
    st.page_link(ORDER, label="Back to Order (st.page_link)")
    if st.button("Back to Order (st.switch_page)", key="switch_to_order"):
        try:
            st.switch_page(ORDER)
        except StreamlitAPIException as refusal:  # with ?size= in the URL: see the pitfalls
            st.error(f"st.switch_page refused: {refusal}")


def navigation():
    order = st.Page(order_page, title="Order", default=True)  # at /multipage/
    summary = st.Page(summary_page, title="Summary", url_path="summary")
    current = st.navigation([order, summary], position="top")  # menu at the top
    return order, summary, current


# The entrypoint (this file) decides the page first, then draws the lesson around it.
ORDER, SUMMARY, current = navigation()

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "A multipage app is one session: a student fills a field on one page, visits another, "
        "comes back. What is still there? "
        + claim(
            "MP1",
            "With `st.navigation`, the file you pass to `streamlit run` (the *entrypoint*) runs on "
            "every full rerun, whatever the page, and runs the current page where it calls `.run()`; "
            "switching pages with the menu or an `st.page_link` is one such rerun. A fragment's own "
            "rerun runs only the fragment, not the entrypoint.",
        )
    )
    st.markdown(
        claim(
            "MP2",
            "All the pages share one `st.session_state`: a value one page stores under a key no "
            "widget owns is there on every other page.",
        )
        + " "
        + claim(
            "MP3",
            "A widget's own state is different: at the end of a full run that doesn't draw a "
            "widget, Streamlit deletes its state, key included (not when `st.stop()` or `st.rerun()` "
            "ended that run early). Leave its page and a keyed widget comes back with its default "
            "value.",
        )
    )

    lesson.section("technique")
    st.markdown(
        claim(
            "MP4",
            '`persist_state="session"` on a keyed widget keeps its value while it isn\'t drawn, '
            "for the whole session: it is back when you return to its page.",
        )
        + " "
        + claim(
            "MP5",
            '`persist_state="page"` keeps it only while you stay on its page (say, while a toggle '
            "hides it); a page switch discards it.",
        )
    )
    st.markdown(
        claim(
            "MP6",
            "`st.switch_page(page)` switches pages from your code: it stops the current run, and "
            "Streamlit reruns the entrypoint with the new page.",
        )
        + " "
        + claim(
            "MP7",
            "`st.page_link` and `st.switch_page` clear the URL's query parameters, unless you pass "
            "`query_params=`.",
        )
    )
    st.markdown(
        claim(
            "MP8",
            'A widget with `bind="query-params"` (and a key) keeps its value in the URL, as '
            "`?size=large`, and takes it from the URL: a link can open a page in a given state. "
            "At its default value, the parameter leaves the URL.",
        )
        + " "
        + claim(
            "MP9",
            "Opening a page's URL (address bar, new tab, reload) starts a new session: "
            "`st.session_state` starts empty, only the URL's parameters come back.",
        )
    )
    st.code(inspect.getsource(navigation), language="python")
    st.caption("Called at the top of this file; `current.run()` runs the page inside section 3.")

    lesson.section("side-by-side")
    st.caption(
        "Type a name in each field and press Enter, press *Add a coffee*, then hide and show the "
        "fields. Then go to *Summary* and back."
    )
    with st.container(border=True, key="demo-app"):
        st.caption(f"The demo app, on its page **{current.title}**:")
        current.run()
    if current is ORDER and st.session_state.show_names:
        # What the name fields showed in this run, for the exercise to check against. A dict:
        # the timeline lists no change to it as the cause of a run.
        st.session_state.names_shown = {key: st.session_state[key] for key in NAME_FIELDS}
    code_panel(order_page, summary_page, caption="The code of the two pages, exactly as it runs here")
    st.caption(
        claim(
            "MP10",
            "A widget bound to the URL keeps its value across page switches too, without "
            "`persist_state`: leave *Summary* at *large* and come back.",
        )
    )
    # Drawn by the entrypoint, outside the demo's pages: on every page.
    note = st.text_input("A note (drawn by the entrypoint, on every page)", key="entry_note")
    st.write(f"The note, as this run sees it: `{note!r}`")
    st.caption(
        claim(
            "MP11",
            "A widget the entrypoint draws, like the note above, is drawn on every page. Switch with "
            "the menu or an `st.page_link` and it keeps its value: the browser sends the values of "
            "the widgets it still shows.",
        )
        + " "
        + claim(
            "MP17",
            "`st.switch_page` is different: its rerun carries no widget values, so in that run "
            "every widget, the note too, reads its default (see the line under it); the field "
            "still shows your text, and the next rerun sends it again.",
        )
    )

    @st.fragment
    def entry_fragment():
        with fragment_run("entry") as runs:
            st.button("Rerun only this fragment", key="entry_fragment")
            st.metric("Runs of this fragment on its own", runs)

    entry_fragment()  # a fragment of the entrypoint: its own reruns skip the entrypoint

    st.markdown("##### The URL's parameters by hand: `st.query_params`")
    if current is ORDER:  # on Order only: no widget there owns a parameter of the URL
        with echo():
            tags = st.query_params.get_all("tag")  # every ?tag= of the URL, as a list [MP18]
            last = st.query_params["tag"] if tags else None  # the last ?tag=, a str [MP19]
            st.write(f"`get_all('tag')`: `{tags}` · `['tag']`: `{last}`")
            if st.button("Add a tag", key="add_tag"):
                st.query_params["tag"] = [*tags, f"t{len(tags) + 1}"]  # ?tag=t1&tag=t2… [MP20]
            if st.button("from_dict", key="from_dict"):
                st.query_params.from_dict({"tag": "new"})  # replaces every parameter [MP22]
            if st.button("clear()", key="clear_params"):
                st.query_params.clear()  # removes every parameter [MP23]
        # For the exercise: the list this run drew, and the one an Add a tag click wrote.
        record_shown("tags", tags)
        if st.session_state.add_tag:
            record_shown("tags_written", st.query_params.get_all("tag"))
        st.caption(
            claim(
                "MP21",
                "Writing to `st.query_params` changes the address bar at once, and starts no run: "
                "the line above keeps the list it drew before the click until something reruns.",
            )
        )
    else:
        st.caption("On the *Order* page.")

    lesson.section("try-it")
    predict_then_check(
        "switch-page",
        "on the Order page, press *Go to Summary (st.switch_page)*",
        done=lambda acted: acted.clicks("switch_to_summary") > 0,
        explanation=claim(
            "MP12",
            "Two: the click reruns the script, and `st.switch_page` cuts that run short for a run "
            "of the new page. An `st.page_link` takes one: the browser asks for the new page.",
        ),
    )

    def went_to_summary_and_back(acted) -> bool:
        causes = [run.cause for run in acted.runs]
        there = next(
            (i for i, cause in enumerate(causes) if cause.startswith("page switch to *Summary*")), None
        )
        return there is not None and any(
            cause.startswith("page switch to *Order*") for cause in causes[there + 1 :]
        )

    def fields_with_a_name() -> str:
        shown = st.session_state.get("names_shown", {})
        kept = [NAME_FIELDS[key] for key, value in shown.items() if value]
        return "none" if not kept else f"only {kept[0]}" if len(kept) == 1 else "more than one"

    predict(
        Exercise(
            key="round-trip",
            question="type a name in each of the three *Name* fields (Enter after each), go to "
            "**Summary**, then back to **Order**: which fields will still show a name?",
            action="type the three names, go to *Summary* and back to *Order*",
            choices=(*(f"only {label}" for label in NAME_FIELDS.values()), "more than one", "none"),
            done=went_to_summary_and_back,
            truth=lambda _: fields_with_a_name(),  # as the fields were last drawn
            outcome="the fields with a name: {}",
            why=claim(
                "MP16",
                'Only the `persist_state="session"` one. On *Summary* the plain field\'s state was '
                'deleted, and the page switch discarded the `"page"` one.',
            ),
        )
    )

    def line_after_the_click(acted) -> str:
        """The line as the page shows it after the first Add a tag click: as its run drew it, or
        as a run that followed with nothing changed (had writing to the URL rerun) drew it again."""
        first = next(i for i, run in enumerate(acted.runs) if run.state.get("add_tag") == "True")
        click = acted.runs[first]
        drawn = click.shown["tags"]
        for run in acted.runs[first + 1 :]:
            if run.cause not in ("a widget without a key", "st.rerun()") or "tags" not in run.shown:
                break
            drawn = run.shown["tags"]
        return "the list with the new tag" if drawn == click.shown["tags_written"] else "the list without it"

    predict(
        Exercise(
            key="add-tag",
            question="on the *Order* page, click **Add a tag** once. What will the line "
            "`get_all('tag'): …` above the buttons show?",
            action="click Add a tag",
            choices=("the list without it", "the list with the new tag"),
            done=lambda acted: acted.clicks("add_tag") > 0,
            truth=line_after_the_click,
            outcome="it shows {}",
            why=claim(
                "MP24",
                "The click's run drew the line, then wrote the new tag to the URL; writing starts no "
                "run, so nothing draws the line again until your next interaction.",
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim(
            "MP13",
            "The same widget with the same key on two pages is two widgets (a widget's identity "
            "includes its page): open the other page with the menu or an `st.page_link` and its "
            "widget starts at its default, though the browser sent the first one's value.",
        ),
        claim(
            "MP14",
            "On a page whose URL holds a bound parameter (`?size=large`), `st.switch_page(page)` "
            "raises `StreamlitAPIException`: it can't clear a parameter a widget owns. Link "
            "with `st.page_link` there (try *Back to Order (st.switch_page)* at *large*).",
        ),
        claim(
            "MP15",
            "Don't read a plain widget's key on another page: its state is deleted with the "
            "widget's. Copy the value to a key no widget owns in the widget's `on_change`, or give "
            'the widget `persist_state="session"`.',
        ),
    )

    lesson.section("reading")
    further_reading(
        {
            "Widgets in multipage apps": "https://docs.streamlit.io/develop/concepts/multipage-apps/widgets",
            "st.navigation": "https://docs.streamlit.io/develop/api-reference/navigation/st.navigation",
            "st.switch_page": "https://docs.streamlit.io/develop/api-reference/navigation/st.switch_page",
            "st.page_link": "https://docs.streamlit.io/develop/api-reference/widgets/st.page_link",
            "st.query_params": "https://docs.streamlit.io/develop/api-reference/caching-and-state/st.query_params",
            "st.slider (bind, persist_state)": "https://docs.streamlit.io/develop/api-reference/widgets/st.slider",
        }
    )
