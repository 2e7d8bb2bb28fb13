""" "Predict, then check": the student predicts how many reruns an action causes, does it,
and the lesson checks the prediction against the session's timeline."""

from __future__ import annotations

import streamlit as st

from rerunlab.lessonkit import timeline as tl


def predict_then_check(key: str, action: str, *, fragment: str = "", explanation: str = "") -> None:
    """One exercise block. ``action`` says what to do, e.g. "click Increment twice".

    It counts full script runs, or with ``fragment`` the runs of that one fragment (as named
    in ``fragment_run``) on its own: another fragment's runs, a ``run_every`` tick
    included, are not part of the answer.
    """
    state = st.session_state.setdefault(f"_lessonkit_exercise_{key}", {})
    what = f"runs of the fragment `{fragment}` on its own" if fragment else "full script runs"
    counts = fragment or "full"

    def lock_in() -> None:
        # A callback: it runs before the submit's own run, which is not part of the action.
        state.clear()
        state["prediction"] = st.session_state[f"_lessonkit_guess_{key}"]
        state["baseline"] = _count(counts) + (1 if counts == "full" else 0)

    def check() -> None:
        # Also a callback, so the Check click's own run is not counted either.
        state["actual"] = _count(counts) - state["baseline"]

    with st.container(border=True, key=f"exercise-{key}"):
        st.markdown(f"**Predict, then check:** how many {what} will this cause? **{action}**")
        if "prediction" not in state:
            with st.form(f"_lessonkit_predict_{key}", border=False):
                st.number_input(
                    "My prediction", min_value=0, max_value=99, step=1, key=f"_lessonkit_guess_{key}"
                )
                st.form_submit_button("Lock in my prediction", on_click=lock_in, key=f"_lessonkit_lock_{key}")
            return
        st.markdown(f"You predicted **{state['prediction']}**. Now {action}, then press **Check**.")
        st.button("Check", key=f"_lessonkit_check_{key}", on_click=check)
        if "actual" in state:
            actual, prediction = state["actual"], state["prediction"]
            if actual == prediction:
                st.success(f"Right: the timeline shows {actual} {what}. {explanation}")
            else:
                st.error(f"The timeline shows {actual} {what}, not {prediction}. {explanation}")
            st.button("Try again", key=f"_lessonkit_retry_{key}", on_click=state.clear)


def _count(counts: str) -> int:
    timeline = tl.timeline()
    return timeline.full_runs if counts == "full" else timeline.fragment_counts.get(counts, 0)
