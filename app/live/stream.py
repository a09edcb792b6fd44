"""Send each screen its state as server-sent events as the evening changes.

Long-lived: each screen holds a connection (and, under gunicorn's gthread workers, a thread)
while it waits; it holds no database connection while waiting. A screen gets its whole state
at once on (re)connecting; later frames are rendered once per process per change and shared.
"""

import queue
import threading
import time

from flask import Response, current_app, render_template, request, stream_with_context
from flask_babel import get_locale
from flask_login import current_user

from app.errors import NotFound
from app.extensions import db
from app.live import bp
from app.live.broker import broker
from app.live.queries import load_event, state
from app.live.routes import watched
from app.models import LiveEvent
from app.policy import Action, require

SCREENS = ("projector", "phone", "console")
# The screens that show how many have voted, and so change with every vote.
COUNTING = ("projector", "console")
KEEPALIVE_SECONDS = 15
RENDERED_KEPT = 256


class Frames:
    """Keep this process's recently rendered screen states, shared by the screens that watch."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.kept: dict[tuple, str] = {}

    def get(self, key: tuple, render) -> str:
        """Return the frame for a key, rendering it once however many screens ask at once."""
        with self.lock:
            if key not in self.kept:
                if len(self.kept) >= RENDERED_KEPT:
                    self.kept.clear()
                self.kept[key] = render()
            return self.kept[key]


def frames() -> Frames:
    """Return this app's shared frames."""
    return current_app.extensions.setdefault("live_frames", Frames())


def sse(name: str, data: str, version: int | None = None) -> str:
    """Write one server-sent event; each line of the data gets its own data: field. The
    event's version, as its id, comes back as Last-Event-ID when the browser reconnects."""
    lines = "\n".join(f"data: {line}" for line in data.splitlines() or [""])
    ident = "" if version is None else f"id: {version}\n"
    return f"event: {name}\n{ident}{lines}\n\n"


@bp.get("/live/<int:event_id>/stream")
def stream(event_id: int):
    """Stream a screen's state: at once in full, then at every change of the event."""
    kind = request.args.get("screen", "projector")
    if kind not in SCREENS:
        raise NotFound("There is no such screen.")
    if kind == "console":
        require(current_user, Action.RUN_EVENT, load_event(event_id).debate)
    else:
        watched(event_id)
    locale = str(get_locale())
    # The version the screen last showed: its page's, or its last event's on a reconnect.
    seen = request.headers.get("Last-Event-ID") or request.args.get("seen")
    inbox = broker().watch(event_id, counts=kind in COUNTING)

    def render(version: int) -> str:
        """Render the screen's state from the database, then let go of the connection."""
        event = db.session.get(LiveEvent, event_id)
        try:
            if kind == "console":
                return render_template("live/_console_state.html", event=event,
                                       state=state(event))
            return render_template(f"live/_{kind}_state.html", event=event, state=state(event))
        finally:
            db.session.close()

    def events():
        last = {"frame": None, "version": None}
        try:
            yield "retry: 2000\n\n"
            # The whole state at once, from the database, whatever the broker says.
            version = db.session.get(LiveEvent, event_id).version
            last["frame"], last["version"] = render(version), version
            yield sse("state", last["frame"], version)
            if seen is not None and seen != str(version):
                # It changed between the page and the stream: the parts that fetch
                # themselves on a change (the console, the phone's vote box) do so now.
                yield sse("changed", str(version), version)
            drawn = 0.0
            while (left := remaining(started)) > 0:
                try:
                    message = newest(inbox, inbox.get(timeout=min(KEEPALIVE_SECONDS, left)))
                except queue.Empty:
                    yield ": still here\n\n"
                    continue
                if kind in COUNTING and (wait := next_beat(drawn)) > 0:
                    time.sleep(wait)
                    message = newest(inbox, message)
                drawn = time.monotonic()
                if "broker" in message:
                    # Redis is away: the screen polls until messages flow again.
                    yield sse("down", "poll")
                    continue
                yield from changes(message, last)
        finally:
            broker().unwatch(event_id, inbox)
            db.session.remove()

    def changes(message: dict, last: dict):
        """Send the screen what changed: a new state frame, and "changed" when the version
        moved (the console and the phone's vote box fetch themselves then)."""
        version, votes = message.get("version"), message.get("votes")
        counts_shown = kind in COUNTING
        if counts_shown or version != last["version"]:
            # Phones show no counts: only a new version changes what they see.
            counted = tuple(sorted((votes or {}).items())) if counts_shown else ()
            key = (event_id, kind, version, counted, locale)
            frame = frames().get(key, lambda: render(version))
            if frame != last["frame"]:
                last["frame"] = frame
                yield sse("state", frame, version)
            if version != last["version"] or (kind == "console" and message.get("questions")):
                if last["version"] is not None:
                    yield sse("changed", str(version), version)
                last["version"] = version

    started = time.monotonic()
    response = Response(stream_with_context(events()), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    # Tell nginx and the like to pass frames through at once rather than buffer them.
    response.headers["X-Accel-Buffering"] = "no"
    return response


def remaining(started: float) -> float:
    """Return the seconds a stream has left; read each time, so that a shorter setting
    reaches screens already connected."""
    return started + current_app.config["LIVE_STREAM_SECONDS"] - time.monotonic()


def next_beat(drawn: float) -> float:
    """Return how long a counting screen that last drew at `drawn` waits before drawing again:
    nothing after a quiet spell, else until the next beat of LIVE_REDRAW_SECONDS, which every
    screen of the process shares (and so shares the frame drawn then)."""
    beat = current_app.config["LIVE_REDRAW_SECONDS"]
    now = time.monotonic()
    if beat <= 0 or now - drawn >= beat:
        return 0.0
    return beat - now % beat


def newest(inbox: queue.Queue, message: dict) -> dict:
    """Skip to the newest message waiting: each one carries the whole change."""
    while True:
        try:
            message = inbox.get_nowait()
        except queue.Empty:
            return message
