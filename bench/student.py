"""A student at a browser tab: what they use on the page, with what values, and when.

Each student uses every widget of the page in turn, in a shuffled order, as a person
could (the frontend's rules):

- a widget in a form keeps its edits in the form until the form's submit button copies
  them over and sends them with its trigger: a form is used by submitting it, with new
  values for its widgets;
- while a dialog is open, only the widgets inside it can be used (it is modal);
- a move, a switch or typing always changes the value; a click sends the button's trigger.

A student who locked in an exercise's prediction presses its Check button soon after (a
third of the turns while it shows): the class's answers reach the check-in store as a real
class's do, and the report counts them (notes ``answer_shared``, ``answer_not_shared``).

One action every ``think`` seconds on average (uniformly 0.5-1.5x, from one action's
start to the next); a fragment's ``run_every`` timer (harness/browser.py) fires in between.
Widgets of other kinds than ``SUPPORTED_WIDGETS`` are left alone, and reported.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass

from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.report import LessonTally
from harness.browser import Browser, RunResult
from harness.exercise import CHECK
from harness.page import Widget
from rerunlab.lessonkit.exercises import NOT_SHARED_NOTE, SHARED_NOTE

# Widgets the simulator knows how to use; others on a page are left alone (and reported).
SUPPORTED_WIDGETS = ("button", "slider", "text_input", "text_area", "checkbox", "number_input", "radio")
CHECK_KEY = "-" + CHECK.format("")  # in the id of every exercise's Check button
CHECK_CHANCE = 1 / 3  # per turn, while a locked-in exercise's Check button shows


@dataclass
class Action:
    name: str  # e.g. "click 'Add one click'", "move 'Pick a number'", "submit form 'my_form'"
    widget: Widget | None
    link: object | None = None  # or an st.page_link to follow (its PageLink message)

    @property
    def key(self) -> str:
        """What the student's turn remembers it by."""
        if self.link is not None:
            return f"link {self.link.page_script_hash} {self.link.query_string} {self.link.label}"
        return self.widget.id


class Student:
    """One student at one browser tab (after a reconnect, a new tab and a new Student)."""

    def __init__(self, browser: Browser, name: str, rng: random.Random, think: float = 3.0):
        self.browser = browser
        self.name = name  # what they type: "<name> #<n>"
        self.rng = rng
        self.think = think  # mean seconds from one action's start to the next
        self.unsupported: set[str] = set()  # widget kinds seen on the page and left alone
        self._typed = 0
        self._plan: list[str] = []  # widget ids: the order in which this student uses them

    # -- what to do ---------------------------------------------------------------------
    def actions(self) -> list[Action]:
        """Every interaction a student can do on the page as it is now."""
        dialogs = self.browser.page.open_dialogs()
        found = []
        for w in self.browser.page.widgets:
            if w.kind not in SUPPORTED_WIDGETS:
                self.unsupported.add(w.kind)
                continue
            if getattr(w.proto, "disabled", False):
                continue
            if dialogs and not any(w.path[: len(d)] == d for d in dialogs):
                continue  # behind a modal dialog
            if w.is_submit:
                found.append(Action(f"submit form '{w.form_id}'", w))
            elif w.form_id:
                continue  # edited as part of its form's submit
            elif w.kind == "button":
                found.append(Action(f"click '{w.label}'", w))
            elif w.kind in ("slider", "number_input"):
                found.append(Action(f"move '{w.label}'", w))
            elif w.kind in ("text_input", "text_area"):
                found.append(Action(f"type in '{w.label}'", w))
            elif w.kind in ("checkbox", "radio"):
                found.append(Action(f"switch '{w.label}'", w))
        for path, link in self.browser.page.page_links:
            if not getattr(link, "disabled", False) and not (
                dialogs and not any(path[: len(d)] == d for d in dialogs)
            ):
                found.append(Action(f"follow link '{link.label}'", None, link=link))
        return found

    def next_action(self) -> Action | None:
        """The student's next interaction: each of the page's in turn, in a shuffled order."""
        available = {a.key: a for a in self.actions()}
        if not available:
            return None
        checks = [key for key in available if CHECK_KEY in key]
        if checks and self.rng.random() < CHECK_CHANCE:
            return available[self.rng.choice(checks)]
        if not self._plan or any(wid not in available for wid in self._plan):
            self._plan = list(available)
            self.rng.shuffle(self._plan)
        return available[self._plan.pop(0)]

    async def perform(self, action: Action) -> RunResult | None:
        """The interaction's run chain; None when the widget holds its new value without a
        rerun (on_change="ignore"): the browser sends it with the next rerun, as Streamlit's does."""
        if action.link is not None:  # another page of the app: one run of that page
            return await self.browser.rerun(
                action.name, {}, fragment_id="", page=(action.link.page_script_hash, action.link.query_string)
            )
        w = action.widget
        if not w.form_id and getattr(w.proto, "ignore_rerun", False):
            state = self._new_value(w)
            if state is not None:
                self.browser.states.by_id[w.id] = state
            return None
        changes: dict[str, WidgetState] = {}
        if w.is_submit:
            for member in self.browser.page.widgets:
                if member.form_id == w.form_id and member.id != w.id and member.kind in SUPPORTED_WIDGETS:
                    state = self._new_value(member)
                    if state is not None:
                        changes[member.id] = state
            changes[w.id] = WidgetState(id=w.id, trigger_value=True)
        elif w.kind == "button":
            changes[w.id] = WidgetState(id=w.id, trigger_value=True)
        else:
            state = self._new_value(w)
            if state is not None:
                changes[w.id] = state
        # A widget inside a fragment asks for a run of that fragment only.
        if CHECK_KEY not in w.id:
            return await self.browser.rerun(action.name, changes, fragment_id=w.fragment_id)
        # An exercise's Check: was the answer shared with the class's check-in?
        result = await self.browser.rerun(action.name, changes, fragment_id=w.fragment_id, keep_text=True)
        if SHARED_NOTE in result.texts:
            result.notes.append("answer_shared")
        elif NOT_SHARED_NOTE in result.texts:
            result.notes.append("answer_not_shared")
        result.texts = []  # a class keeps every result: not their text
        return result

    def _new_value(self, w: Widget) -> WidgetState | None:
        current = self.browser.states.get(w.id)
        state = WidgetState(id=w.id)
        p = w.proto
        rng = self.rng
        if w.kind == "slider":
            now = list(current.double_array_value.data) if current is not None else list(p.default)
            step = p.step or 1
            steps = max(1, round((p.max - p.min) / step))
            values = [p.min + step * rng.randint(0, steps) for _ in now or [0]]
            if values == now:  # a move always changes the value
                values = [p.min + step * ((round((v - p.min) / step) + 1) % (steps + 1)) for v in now]
            state.double_array_value.data.extend(values)
        elif w.kind == "number_input":
            step = p.step or 1
            if p.data_type == p.INT:
                base = current.int_value if current is not None else int(p.default)
            else:
                base = current.double_value if current is not None else p.default
            value = base + step * rng.choice((-1, 1))
            if (p.has_min and value < p.min) or (p.has_max and value > p.max):
                value = base - (value - base)  # bounce off the limit
            if p.data_type == p.INT:
                state.int_value = int(value)
            else:
                state.double_value = float(value)
        elif w.kind in ("text_input", "text_area"):
            self._typed += 1
            text = f"{self.name} #{self._typed}"
            state.string_value = text[: p.max_chars] if p.max_chars else text
        elif w.kind == "checkbox":
            state.bool_value = not (current.bool_value if current is not None else p.default)
        elif w.kind == "radio":
            options = list(p.options)
            if not options:
                return None
            now = current.string_value if current is not None else ""
            others = [o for o in options if o != now] or options
            state.string_value = rng.choice(others)
        else:
            return None
        return state

    # -- when ---------------------------------------------------------------------------
    def _pause(self) -> float:
        return self.think * self.rng.uniform(0.5, 1.5)

    async def attend(self, tally: LessonTally, end_at: float) -> bool:
        """Loads the page, then acts until ``end_at`` (monotonic), recording every rerun in
        ``tally``. False when the session broke (the student then reconnects)."""
        browser = self.browser
        result = await browser.load()
        tally.record(result, load=True)
        if result.broken:
            return False
        next_at = time.monotonic() + self._pause()
        while True:
            tick = browser.next_auto_rerun()
            if tick is not None and tick[0] < next_at:
                # A fragment's run_every timer fires first: the browser asks for that run.
                if tick[0] >= end_at:
                    return True
                await sleep_until(tick[0])
                result = await browser.auto_rerun(tick[1])
            else:
                if next_at >= end_at:
                    return True
                await sleep_until(next_at)
                action = self.next_action()
                sent_at = time.monotonic()
                if action is None:
                    # Nothing to use (e.g. a run that ended in an exception drew no widgets):
                    # the student reloads the page, as a person would.
                    tally.notes["reloaded_a_page_without_widgets"] += 1
                    result = await browser.load()
                    tally.record(result, load=True)
                    if result.broken:
                        return False
                    next_at = max(time.monotonic(), sent_at + self._pause())
                    continue
                result = await self.perform(action)
                next_at = max(time.monotonic(), sent_at + self._pause())
                if result is None:  # held in the browser: no run, so no latency to count
                    tally.notes["held_without_rerun"] += 1
                    continue
            tally.record(result)
            if result.broken:
                return False


async def sleep_until(when: float) -> None:
    """Sleeps until ``when`` (time.monotonic()), if it is still to come."""
    delay = when - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)
