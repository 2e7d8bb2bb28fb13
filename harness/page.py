"""The page as a browser tab holds it: what the deltas drew at each path, and the widgets' states.

- Widgets are learnt from the deltas, nothing is hard-coded: each widget's element proto
  carries its ``id`` and ``form_id``, and ``Delta.fragment_id`` is set on every delta
  written while a fragment (or a dialog, which is a fragment) runs, which tells which
  fragment a widget belongs to.
- A full run redraws the page from scratch; a fragment run redraws only its fragment.
- Widget states are kept as the frontend's WidgetStateManager keeps them: a widget reports
  its value when it mounts; a button sends ``trigger_value`` once; after a full run, states
  of widgets no longer on the page are dropped (``removeInactive``).

Widget values use the wire types Streamlit registers for them (``value_type`` in
streamlit/elements/widgets/*.py): slider ``double_array_value`` (also for an int slider),
text input ``string_value``, radio ``string_value`` (the option), checkbox and toggle
``bool_value``, number input ``int_value``/``double_value``, buttons ``trigger_value``.
"""

from __future__ import annotations

from dataclasses import dataclass

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from harness.lessons import RUN_COUNTER_LABEL

MAIN = 0  # delta_path[0] of the main area (1 is the sidebar)

# Element types whose text the simulator reads (for the markers declared in each lesson's lesson.toml).
_TEXT_ELEMENTS = ("markdown", "text", "alert", "heading")


@dataclass
class Widget:
    id: str
    kind: str  # the Element oneof name: button, slider, text_input, ...
    label: str
    form_id: str
    fragment_id: str
    path: tuple[int, ...]
    proto: object  # the element's own message (Button, Slider, ...)

    @property
    def is_submit(self) -> bool:
        return self.kind == "button" and self.proto.is_form_submitter


@dataclass
class Entry:
    """What the page shows at one delta path."""

    fragment_id: str
    widget: Widget | None = None
    block: str = ""  # for a block: its kind (column, form, dialog, ...)
    open: bool = False  # for a dialog: is it open
    link: object | None = None  # for an st.page_link to a page of the app: its PageLink message


@dataclass
class Element:
    """An element a delta drew (not a block)."""

    kind: str  # the Element oneof name: markdown, metric, exception, button, ...
    proto: object  # the element's own message
    path: tuple[int, ...]

    @property
    def main_text(self) -> str | None:
        """Its text, when it is text in the main area (where the markers of a lesson's lesson.toml count)."""
        if self.kind in _TEXT_ELEMENTS and self.path and self.path[0] == MAIN:
            return self.proto.body
        return None

    @property
    def run_counter(self) -> int | None:
        """The number the lesson's run counter shows (-1 when it is no number), or None for
        any other element."""
        if self.kind == "metric" and self.proto.label == RUN_COUNTER_LABEL:
            return int(self.proto.body) if self.proto.body.isdigit() else -1
        return None


class Page:
    """What the page shows: an entry by delta path."""

    def __init__(self, entries: dict[tuple[int, ...], Entry] | None = None):
        self.entries = dict(entries or {})

    def copy(self) -> Page:
        return Page(self.entries)  # entries are replaced, never changed: a shallow copy will do

    @property
    def widgets(self) -> list[Widget]:
        return [e.widget for e in self.entries.values() if e.widget is not None]

    @property
    def page_links(self) -> list[tuple[tuple[int, ...], object]]:
        """(path, PageLink) of every link to another page of the app (st.navigation)."""
        return [(path, e.link) for path, e in self.entries.items() if e.link is not None]

    def open_dialogs(self) -> list[tuple[int, ...]]:
        return [path for path, e in self.entries.items() if e.block == "dialog" and e.open]

    def has_fragment(self, fragment_id: str) -> bool:
        return any(e.fragment_id == fragment_id for e in self.entries.values())

    def start_run(self, fragment_ids: list[str]) -> None:
        """A run starts redrawing: the whole page, or for a fragment run only its fragments."""
        if fragment_ids:
            self.entries = {k: e for k, e in self.entries.items() if e.fragment_id not in fragment_ids}
        else:
            self.entries = {}

    def apply(self, forward: ForwardMsg) -> Element | None:
        """Draws a delta; returns the element it drew, None for a block or a transient element."""
        delta = forward.delta
        path = tuple(forward.metadata.delta_path)
        which = delta.WhichOneof("type")
        if which == "add_block":
            block = delta.add_block
            kind = block.WhichOneof("type") or ""
            self.entries[path] = Entry(
                delta.fragment_id, block=kind, open=kind == "dialog" and block.dialog.is_open
            )
            return None
        if which != "new_element":
            return None  # transient elements (spinners)
        kind = delta.new_element.WhichOneof("type")
        proto = getattr(delta.new_element, kind)
        widget = None
        widget_id = getattr(proto, "id", "")  # widgets (and selectable charts) have one
        if widget_id:
            widget = Widget(
                id=widget_id,
                kind=kind,
                label=getattr(proto, "label", ""),
                form_id=getattr(proto, "form_id", ""),
                fragment_id=delta.fragment_id,
                path=path,
                proto=proto,
            )
        link = proto if kind == "page_link" and not proto.external and proto.page_script_hash else None
        self.entries[path] = Entry(delta.fragment_id, widget=widget, link=link)
        return Element(kind, proto, path)


class WidgetStates:
    """What the frontend's widgetStates holds: by widget id, the state sent with every rerun."""

    def __init__(self) -> None:
        self.by_id: dict[str, WidgetState] = {}

    def get(self, widget_id: str) -> WidgetState | None:
        return self.by_id.get(widget_id)

    def sent_with(self, changes: dict[str, WidgetState]) -> list[WidgetState]:
        """Every widget's state with these changes: what a rerun carries."""
        sent = dict(self.by_id)
        sent.update(changes)
        return list(sent.values())

    def keep(self, changes: dict[str, WidgetState]) -> None:
        """Values (not triggers) stay in the widget states, as in the frontend."""
        for wid, state in changes.items():
            if state.WhichOneof("value") != "trigger_value":
                self.by_id[wid] = state

    def after_run(self, page: Page, full_run: bool) -> None:
        """New widgets report their value; after a full run, gone ones are dropped."""
        for w in page.widgets:
            if w.id not in self.by_id:
                state = initial_state(w)
                if state is not None:
                    self.by_id[w.id] = state
        if full_run:
            on_page = {w.id for w in page.widgets}
            self.by_id = {wid: s for wid, s in self.by_id.items() if wid in on_page}


def initial_state(w: Widget) -> WidgetState | None:
    """The value a widget reports when it mounts (fromUi=false), as the frontend does."""
    p = w.proto
    state = WidgetState(id=w.id)
    if w.kind == "slider":
        state.double_array_value.data.extend(p.value if p.set_value else p.default)
    elif w.kind in ("text_input", "text_area"):
        if p.set_value and p.HasField("value"):
            state.string_value = p.value
        elif p.HasField("default"):
            state.string_value = p.default
        else:
            return None
    elif w.kind == "checkbox":
        state.bool_value = p.value if p.set_value else p.default
    elif w.kind == "number_input":
        value = p.value if p.set_value else p.default
        if p.data_type == p.INT:
            state.int_value = int(value)
        else:
            state.double_value = float(value)
    elif w.kind == "radio":
        if p.set_value and p.HasField("raw_value"):
            state.string_value = p.raw_value
        elif p.HasField("default") and 0 <= p.default < len(p.options):
            state.string_value = p.options[p.default]
        else:
            return None
    else:
        return None  # buttons keep no state: their trigger is sent once
    return state
