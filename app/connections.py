"""Replace pooled PostgreSQL connections the server has closed, without a round trip.

A restart of PostgreSQL sends each session a termination notice and closes it, so an idle
connection that has something to read has been let go. Looking at its socket costs nothing;
pinging the server at every checkout (SQLAlchemy's `pool_pre_ping`) cost each request a round
trip. A connection lost without a word (a cable pulled) fails its next query instead, and the
pool is then renewed as after any disconnect.
"""

import select

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import Pool


@event.listens_for(Pool, "checkout")
def refuse_closed(dbapi_connection, _record, _proxy) -> None:
    """Have the pool open a new connection instead of one the server has closed (SQLite's
    have no server, and pass)."""
    pgconn = getattr(dbapi_connection, "pgconn", None)
    if pgconn is None:
        return
    if dbapi_connection.closed or has_input(pgconn.socket):
        raise DisconnectionError("PostgreSQL closed this connection")


def has_input(socket: int) -> bool:
    """Say whether a socket has data (or its end) waiting to be read, without waiting."""
    poller = select.poll()
    poller.register(socket, select.POLLIN)
    return bool(poller.poll(0))
