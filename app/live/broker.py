"""Carry "this event changed" to every screen, across app instances through Redis pub/sub when
REDIS_URL is set, within this process otherwise.

The database stays the truth: a message only says which event changed (its version and vote
counts), and a screen that misses one gets the whole state when it (re)connects or polls.
Each process holds one Redis subscription whatever the number of screens, and hands each
message to the local queues of the screens watching that event.
"""

import json
import logging
import queue
import threading
import time

import redis
from flask import current_app

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "agora:live:"


class Broker:
    """Fan messages out to the screens of this process, fed by Redis or by publish() itself."""

    def __init__(self, redis_url: str | None) -> None:
        self.redis_url = redis_url
        self.lock = threading.Lock()
        # Each screen's queue, and whether it shows vote counts (a projector, the console) or
        # only changes of the event itself (a phone): phones are not woken for every vote.
        self.screens: dict[int, dict[queue.Queue, bool]] = {}
        self.versions: dict[int, int] = {}
        self.listener: threading.Thread | None = None
        self.connected = threading.Event()
        self.client = (
            redis.Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1)
            if redis_url else None
        )

    def publish(self, event_id: int, message: dict) -> bool:
        """Tell every screen of the event, on every instance, that it changed; say whether the
        message left. Redis being away loses no vote: screens poll the database instead."""
        if self.client is None:
            self.deliver(event_id, message)
            return True
        try:
            self.client.publish(CHANNEL_PREFIX + str(event_id), json.dumps(message))
        except redis.RedisError as error:
            log.warning("live update for event %s not published: %s", event_id, error)
            return False
        return True

    def watch(self, event_id: int, counts: bool = True) -> queue.Queue:
        """Return a queue that receives the event's messages until unwatch(); without
        `counts`, only those that change the event's version."""
        inbox: queue.Queue = queue.Queue(maxsize=64)
        with self.lock:
            self.screens.setdefault(event_id, {})[inbox] = counts
        if self.client is not None:
            self.start_listening()
        return inbox

    def unwatch(self, event_id: int, inbox: queue.Queue) -> None:
        """Stop handing the event's messages to this queue."""
        with self.lock:
            watching = self.screens.get(event_id, {})
            watching.pop(inbox, None)
            if not watching:
                self.screens.pop(event_id, None)
                self.versions.pop(event_id, None)

    def deliver(self, event_id: int, message: dict) -> None:
        """Hand a message to each local screen of the event; a screen that lags keeps only the
        newest messages, since each one carries the whole change."""
        with self.lock:
            version = message.get("version")
            moved = version is None or version != self.versions.get(event_id)
            if version is not None:
                self.versions[event_id] = max(version, self.versions.get(event_id, 0))
            inboxes = [inbox for inbox, counts in self.screens.get(event_id, {}).items()
                       if counts or moved]
        for inbox in inboxes:
            try:
                inbox.put_nowait(message)
            except queue.Full:
                drain(inbox)
                inbox.put_nowait(message)

    @property
    def is_live(self) -> bool:
        """Say whether screens can count on messages: always in-process, with Redis while it
        answers."""
        return self.client is None or self.connected.is_set()

    def start_listening(self) -> None:
        """Start this process's one Redis subscriber, once."""
        with self.lock:
            if self.listener is not None and self.listener.is_alive():
                return
            self.listener = threading.Thread(target=self.listen, name="live-broker", daemon=True)
            self.listener.start()

    def listen(self) -> None:
        """Pass Redis messages on to local screens; reconnect after Redis comes back."""
        while True:
            try:
                pubsub = self.client.pubsub(ignore_subscribe_messages=True)
                pubsub.psubscribe(CHANNEL_PREFIX + "*")
                self.connected.set()
                while True:
                    raw = pubsub.get_message(timeout=1.0)
                    if raw is None:
                        # A quiet second and a dead server look alike: ask.
                        pubsub.ping()
                        continue
                    if raw["type"] != "pmessage":
                        continue
                    event_id = int(raw["channel"].decode().removeprefix(CHANNEL_PREFIX))
                    self.deliver(event_id, json.loads(raw["data"]))
            except (redis.RedisError, OSError, ValueError) as error:
                self.connected.clear()
                log.warning("live updates paused, Redis unreachable: %s", error)
                # Tell this process's screens to fall back to polling until Redis answers.
                with self.lock:
                    events = list(self.screens)
                for event_id in events:
                    self.deliver(event_id, {"broker": "down"})
                time.sleep(1)


def drain(inbox: queue.Queue) -> None:
    """Empty a queue without waiting."""
    while True:
        try:
            inbox.get_nowait()
        except queue.Empty:
            return


MAKING = threading.Lock()


def broker() -> Broker:
    """Return this app's broker, made on first use (create_app stays free of connections)."""
    extensions = current_app.extensions
    with MAKING:
        if "live_broker" not in extensions:
            extensions["live_broker"] = Broker(current_app.config.get("REDIS_URL"))
        return extensions["live_broker"]


def tell_screens(event, questions: bool = False) -> bool:
    """After a commit, tell every screen of the event its new version and vote counts (and
    the console that a question came in)."""
    from app.live.queries import vote_counts

    message = {"version": event.version, "votes": vote_counts(event.id)}
    if questions:
        message["questions"] = True
    return broker().publish(event.id, message)
