"""Probe the services Agora needs: the database and, when configured, Redis."""

from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.errors import roll_back
from app.extensions import db

# A probe that waits longer than the orchestrator's own timeout tells it nothing.
PROBE_TIMEOUT_SECONDS = 2


def database_is_up() -> bool:
    """Say whether the database answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        current_app.logger.warning("Readiness: the database is down (%s)", first_line(error))
        return False
    finally:
        roll_back()
    return True


def redis_is_up(url: str) -> bool:
    """Say whether Redis at this URL answers a ping on a fresh connection."""
    client = Redis.from_url(
        url,
        socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
        socket_timeout=PROBE_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except (RedisError, OSError) as error:
        current_app.logger.warning("Readiness: Redis is down (%s)", first_line(error))
        return False
    finally:
        client.close()
    return True


def readiness() -> dict[str, bool]:
    """Probe every service this instance is configured to use."""
    checks = {"database": database_is_up()}
    if url := current_app.config.get("REDIS_URL"):
        checks["redis"] = redis_is_up(url)
    return checks


def first_line(error: Exception) -> str:
    """Keep an error's first line: drivers append the SQL and its parameters after it."""
    return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
