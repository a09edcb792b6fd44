"""Give each device in the hall a random, signed audience token, and know it again.

A token is "live." and a signed random secret; only the secret's hash is stored. The page keeps
it in a cookie, scripts send it as a bearer token. Nothing in it says who holds the phone.
"""

import hashlib
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, Signer
from sqlalchemy import select

from app.extensions import db
from app.models import LiveDevice, LiveEvent

PREFIX = "live."


def cookie_name(event_id: int) -> str:
    """Name the cookie that holds this event's audience token."""
    return f"agora_live_{event_id}"


def signer() -> Signer:
    """Sign audience tokens with the app's secret, apart from every other signed value."""
    return Signer(current_app.config["SECRET_KEY"], salt="live-audience")


def hash_of(secret: str) -> str:
    """Return the stored form of a token's secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_device(event: LiveEvent) -> tuple[LiveDevice, str]:
    """Register a device for the event and return it with its token, shown only now."""
    secret = secrets.token_urlsafe(24)
    device = LiveDevice(event_id=event.id, token_hash=hash_of(secret))
    db.session.add(device)
    db.session.flush()
    return device, PREFIX + signer().sign(secret).decode()


def rotate_token(device: LiveDevice) -> str:
    """Give a device a new token, so that its old one no longer works, and return it."""
    secret = secrets.token_urlsafe(24)
    device.token_hash = hash_of(secret)
    db.session.flush()
    return PREFIX + signer().sign(secret).decode()


def is_audience_token(token: str) -> bool:
    """Say whether a bearer token is an audience token rather than a personal access token."""
    return token.startswith(PREFIX)


def device_for(event: LiveEvent, token: str | None) -> LiveDevice | None:
    """Find the event's device holding this token; a forged or foreign one finds none."""
    if not token or not is_audience_token(token):
        return None
    try:
        secret = signer().unsign(token[len(PREFIX):]).decode()
    except (BadSignature, UnicodeDecodeError):
        return None
    return db.session.scalar(
        select(LiveDevice).where(
            LiveDevice.token_hash == hash_of(secret), LiveDevice.event_id == event.id
        )
    )


def token_sent(event_id: int) -> str | None:
    """Return the audience token of this request: the bearer token, else the event's cookie."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and is_audience_token(value.strip()):
        return value.strip()
    return request.cookies.get(cookie_name(event_id))


def limit_key() -> str:
    """Count ballot-stuffing attempts per audience token, never per address: a hall of
    hundreds shares one Wi-Fi address."""
    event_id = (request.view_args or {}).get("event_id", 0)
    token = token_sent(event_id)
    return "live-token:" + hash_of(token) if token else "live-address:" + (
        request.remote_addr or "")
