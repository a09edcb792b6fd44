"""Check that live updates reach screens on this instance and others, and survive Redis
going away and coming back."""

import contextlib
import os
import queue
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest

from app.live.broker import Broker


def test_without_redis_screens_of_this_process_get_each_change():
    broker = Broker(None)
    inbox = broker.watch(7)
    other = broker.watch(8)

    assert broker.publish(7, {"version": 3, "votes": {"pre": 1, "post": 0}})

    assert inbox.get(timeout=1) == {"version": 3, "votes": {"pre": 1, "post": 0}}
    assert other.empty()


def test_a_screen_that_lags_keeps_the_newest_changes_only():
    broker = Broker(None)
    inbox = broker.watch(7)
    for version in range(1, 200):
        broker.publish(7, {"version": version})

    seen = [inbox.get_nowait()["version"] for _ in range(inbox.qsize())]

    assert seen[-1] == 199 and len(seen) <= 64


def test_with_redis_down_publishing_says_so_and_raises_nothing():
    broker = Broker("redis://127.0.0.1:1/0")

    assert broker.publish(7, {"version": 2}) is False


@pytest.mark.redis
def test_a_change_on_one_instance_reaches_the_screens_of_another():
    first, second = Broker(os.environ["TEST_REDIS_URL"]), Broker(os.environ["TEST_REDIS_URL"])
    inbox = second.watch(4242)
    assert second.connected.wait(5)

    assert first.publish(4242, {"version": 9, "votes": {"pre": 3, "post": 0}})

    assert inbox.get(timeout=3) == {"version": 9, "votes": {"pre": 3, "post": 0}}


class Cable:
    """A TCP relay to Redis that can be cut and mended, as a network or a Redis restart would."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            if not self.open.is_set():
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.open.clear()
        for each in self.sockets:
            with contextlib.suppress(OSError):
                each.shutdown(socket.SHUT_RDWR)
        self.sockets = []

    def mend(self) -> None:
        self.open.set()


@pytest.mark.redis
def test_screens_fall_back_while_redis_is_away_and_updates_resume_when_it_returns():
    address = urlsplit(os.environ["TEST_REDIS_URL"])
    cable = Cable((address.hostname, address.port or 6379))
    database = address.path or "/0"
    screens = Broker(f"redis://127.0.0.1:{cable.port}{database}")
    publisher = Broker(os.environ["TEST_REDIS_URL"])
    inbox = screens.watch(5151)
    assert screens.connected.wait(5)

    cable.cut()
    assert first_with(inbox, "broker") == {"broker": "down"}
    assert not screens.is_live
    cable.mend()
    assert screens.connected.wait(10)
    time.sleep(0.2)
    publisher.publish(5151, {"version": 12})

    assert first_with(inbox, "version") == {"version": 12}


def first_with(inbox: queue.Queue, key: str, seconds: float = 10) -> dict:
    """Wait for the first message holding a key, passing over others."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            message = inbox.get(timeout=0.5)
        except queue.Empty:
            continue
        if key in message:
            return message
    raise AssertionError(f"no message with {key!r} within {seconds} s")


def test_phones_are_woken_by_changes_of_the_event_not_by_each_vote():
    broker = Broker(None)
    projector, phone = broker.watch(7), broker.watch(7, counts=False)
    broker.publish(7, {"version": 2, "votes": {"pre": 0, "post": 0}})
    for count in range(1, 4):
        broker.publish(7, {"version": 2, "votes": {"pre": count, "post": 0}})
    broker.publish(7, {"version": 3, "votes": {"pre": 3, "post": 0}})

    assert projector.qsize() == 5
    assert [phone.get_nowait()["version"] for _ in range(phone.qsize())] == [2, 3]


def test_counting_screens_redraw_on_a_shared_beat_and_at_once_after_a_quiet_spell(app,
                                                                                   monkeypatch):
    from app.live.stream import next_beat

    monkeypatch.setitem(app.config, "LIVE_REDRAW_SECONDS", 0.5)
    with app.app_context():
        now = time.monotonic()
        quiet = next_beat(now - 2)
        # Two screens that drew at different moments of one beat wake at the same instant.
        first, second = now + next_beat(now - 0.1), time.monotonic() + next_beat(now - 0.3)

    assert quiet == 0
    assert 0 < first - now <= 0.5
    assert abs(first - second) < 0.01
