"""Lesson: what the page does while the script runs (output streamed as it runs, stale
elements, a run cut short by a newer interaction, placeholders updated in place)."""

import time

import streamlit as st

from rerunlab.lessonkit import (
    Exercise,
    claim,
    echo,
    fragment_run,
    further_reading,
    lesson_page,
    pitfalls,
    predict,
    predict_then_check,
    session_timeline,
)

STEPS = 3
STEP_SECONDS = 1.0  # a slow run takes about 3 s, and only when the student starts one

with lesson_page(__file__) as lesson:
    lesson.section("problem")
    st.markdown(
        "A slow step keeps the student waiting. What does the page show meanwhile? "
        "And what happens when they lose patience and click again?"
    )

    lesson.section("technique")
    st.markdown(
        "- "
        + claim(
            "DR1",
            "Streamlit doesn't wait for the end of the run: it sends each element to the browser "
            "as the script reaches it, so the page fills in while the script is still running.",
        )
        + "\n- "
        + claim(
            "DR2",
            "Each element fills a spot on the page. While a run is in progress, a spot "
            "it hasn't reached yet keeps what an earlier run drew there, marked *stale*: Streamlit "
            "fades it, starting after half a second. Spots go by position, so the run may put a "
            "different element in a spot. Spots the run doesn't reach are removed when it completes.",
        )
        + "\n- "
        + claim(
            "DR3",
            "With `runner.fastReruns` (on by default), an interaction made while the script runs "
            "(outside any fragment) makes Streamlit stop that run and start a new one at once: "
            "the stopped run draws nothing more.",
        )
        + "\n- "
        + claim(
            "DR20",
            "A click inside a fragment doesn't stop a full run: the browser sends it at once, but "
            "Streamlit queues the fragment's rerun until the full run ends, then reruns the fragment.",
        )
    )

    st.subheader("Watch a slow run")
    st.caption(
        "Click **Start a slow run** and watch the steps appear one by one while the rest of the "
        "page fades. "
        + claim(
            "DR4",
            "Meanwhile the work log line and the code under it vanish: spots go by position, and "
            "the bar and the status box take theirs. Both come back, lower down, when the run "
            "draws them again.",
        )
        + " Click it again *during* a run: the timeline shows the first run cut short, its "
        "remaining steps never drawn. Click **Click inside the fragment** during a run instead: "
        "the run does all its steps, then the fragment shows the work log as it found it."
    )
    with echo(code_location="below"):  # the code under the demo
        log = st.session_state.setdefault("work_log", [])  # a plain list, in session state

        @st.fragment
        def inside():
            with fragment_run("inside"):
                if st.button("Click inside the fragment", key="fragment_click"):
                    log.append("fragment click")
                st.write("The work log's end, as this fragment saw it: " + (" → ".join(log[-2:]) or "empty"))

        inside()
        if st.button("Start a slow run", key="slow_run"):
            run = lesson.runs  # this run's number, as the counter at the top shows it
            log.append(f"#{run} started")
            bar = st.progress(0, text=f"Run #{run}: 0 of {STEPS} steps")
            with st.status(f"Run #{run}: working…", expanded=True) as status:
                for step in range(1, STEPS + 1):
                    # Shown while the block runs (after 0.5 s), removed when it ends [DR5]
                    with st.spinner(f"Step {step} of {STEPS}…"):
                        time.sleep(STEP_SECONDS)  # plain Python: a click can't interrupt it [DR6]
                        log.append(f"#{run} step {step}")
                    st.write(f"Run #{run}: step {step} done")
                    # The same bar, filled in place: no new bar per step [DR7]
                    bar.progress(step / STEPS, text=f"Run #{run}: {step} of {STEPS} steps")
                status.update(label=f"Run #{run}: all {STEPS} steps done")
        st.write("Work log: " + (" → ".join(log[-10:]) or "empty"))
    st.caption(
        claim(
            "DR8",
            "A run told to stop isn't killed: it carries on until it next draws an element or a "
            "widget, or reads or assigns `st.session_state`, while the new run has already started. "
            "In the work log, the cut run's step still finishes after the new run started, yet its "
            "*step done* line never appears.",
        )
    )

    lesson.section("side-by-side")
    st.markdown(
        claim(
            "DR9",
            "`st.empty()` reserves a spot for one element: each write into it replaces what was "
            "there. `st.container()` reserves a spot for several, shown in the order written.",
        )
        + " "
        + claim(
            "DR10",
            "Either can be written into later in the run: what you write appears at the spot, "
            "above the code that wrote it.",
        )
    )
    late, placeholder = lesson.side_by_side("Without a placeholder", "With st.empty")
    with late, echo():
        # Drawn before the click below is handled: one click behind [DR11]
        st.write(f"Clicks: **{st.session_state.get('late_clicks', 0)}**")
        if st.button("Add one (count drawn above)", key="add_late"):
            st.session_state.late_clicks = st.session_state.get("late_clicks", 0) + 1
    with placeholder, echo():
        slot = st.empty()  # the spot, reserved above the button
        if st.button("Add one (placeholder)", key="add_slot"):
            st.session_state.slot_clicks = st.session_state.get("slot_clicks", 0) + 1
        # Written after the click is handled, shown above the button: same run, no st.rerun() [DR12]
        slot.write(f"Clicks: **{st.session_state.get('slot_clicks', 0)}**")
    # The count the placeholder shows, for the exercise below to check against. In a dict: the
    # timeline lists no change to it as the cause of a run.
    st.session_state.setdefault("on_the_page", {})["slot"] = st.session_state.get("slot_clicks", 0)
    st.caption("Compare the *Rerun control* lesson: there a second run (`st.rerun()`) fixed the count.")

    lesson.section("try-it")
    predict_then_check(
        "slow-twice",
        "click *Start a slow run*, then click it again while it is still running",
        done=lambda acted: acted.clicks("slow_run") >= 2,
        explanation=claim(
            "DR13",
            "Two, one per click. The first was cut short by the second click (see the timeline), "
            "yet it counts: it had started.",
        ),
    )

    def newest_finished_run() -> int:
        """The number (as *Run #…* shows it) of the newest full run that finished: its *step …
        done* lines are the ones on the page (it drew one per step it logged, and removed what it
        didn't draw, a cut run's lines too). 0 if none has."""
        timeline = session_timeline()
        full = [run for run in timeline.runs if run.kind == "full"]
        finished = [i for i, run in enumerate(full) if run.duration is not None]
        return timeline.full_runs - (len(full) - 1 - finished[-1]) if finished else 0

    def run_number(run) -> int:
        """A full run's number, as *Run #…* shows it."""
        timeline = session_timeline()
        full = [each for each in timeline.runs if each.kind == "full"]
        index = next((i for i, each in enumerate(full) if each is run), None)
        return 0 if index is None else timeline.full_runs - (len(full) - 1 - index)

    def step_lines(number: int) -> int:
        return sum(entry.startswith(f"#{number} step ") for entry in st.session_state.work_log)

    def lines_of_the_started_run(acted) -> int:
        """The *step … done* lines on the page from the run the student's Start click began."""
        started = run_number(acted.ran_with("slow_run", "True")[-1])
        return step_lines(started) if started and newest_finished_run() == started else 0

    predict(
        Exercise(
            key="slow-lines",
            question="click **Start a slow run**, then click it again while it runs: once it's all done, "
            "how many *Run #…: step … done* lines will the page show?",
            action="click *Start a slow run*, click it again while it runs, and wait for the end",
            done=lambda acted: acted.clicks("slow_run") >= 2,
            truth=lambda _: step_lines(newest_finished_run()),
            outcome="the page shows {} step lines",
            why=claim(
                "DR18",
                "Three, all from the newest run: the run cut short drew nothing more, and what it "
                "had drawn was replaced, spot by spot.",
            ),
        )
    )
    predict(
        Exercise(
            key="fragment-during",
            question="click **Start a slow run**, then, while it runs, click **Click inside the fragment**: "
            "once it's all done, how many *step … done* lines of the run you started will the page show?",
            action="click *Start a slow run*, click *Click inside the fragment* while it runs, and wait "
            "for the end",
            done=lambda acted: acted.clicks("slow_run") >= 1 and acted.clicks("fragment_click") >= 1,
            truth=lines_of_the_started_run,
            outcome="the page shows {} step lines of that run",
            why=claim(
                "DR21",
                "Three: the click inside the fragment didn't stop the run, its rerun waited for the "
                "run to finish and then redrew only the fragment.",
            ),
        )
    )
    predict(
        Exercise(
            key="placeholder-once",
            question="click **Add one (placeholder)** once: what will the *Clicks* line above it show?",
            action="click *Add one (placeholder)* once",
            choices=("the same count as before", "a higher count"),
            snapshot=lambda: st.session_state.on_the_page["slot"],
            done=lambda acted: acted.clicks("add_slot") > 0,
            truth=lambda acted: (
                "a higher count"
                if st.session_state.on_the_page["slot"] > acted.snapshot
                else "the same count as before"
            ),
            outcome="the line shows {}",
            why=claim(
                "DR19",
                "The placeholder was filled after the click was handled, in the same run: no "
                "second run needed.",
            ),
        )
    )

    lesson.section("pitfalls")
    pitfalls(
        claim(
            "DR14",
            "For a moment two runs of your script go on at once: the stopped one finishes the plain "
            "Python it was in (a sleep, a query, an append to a list in session state). Assign "
            "with `st.session_state[key] = value` instead: a stopped run stops at that line, "
            "before the value changes.",
        ),
        claim(
            "DR15",
            "`st.spinner` waits half a second before it shows: a block quicker than that shows no "
            "spinner at all.",
        ),
        claim(
            "DR16",
            "`st.progress` reads an int as a percentage (0 to 100) and a float as a fraction "
            "(0.0 to 1.0): `st.progress(1)` is 1 %, `st.progress(1.0)` is full.",
        ),
        claim(
            "DR17",
            "Leaving a `with st.status(...)` block that is still *running* marks it complete, or "
            "error if an exception escaped the block; a state your code set with "
            '`.update(state="complete")` or `"error"` is kept.',
        ),
    )

    lesson.section("reading")
    further_reading(
        {
            "st.empty": "https://docs.streamlit.io/develop/api-reference/layout/st.empty",
            "st.container": "https://docs.streamlit.io/develop/api-reference/layout/st.container",
            "st.progress": "https://docs.streamlit.io/develop/api-reference/status/st.progress",
            "st.spinner": "https://docs.streamlit.io/develop/api-reference/status/st.spinner",
            "st.status": "https://docs.streamlit.io/develop/api-reference/status/st.status",
            "runner.fastReruns (config.toml)": "https://docs.streamlit.io/develop/api-reference/configuration/config.toml",
        }
    )
