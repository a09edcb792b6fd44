"""Sign up and in on an app whose Redis cannot be reached, and print what each request got.

Run by tests/test_redis_outage.py in a process of its own, because Flask-Limiter keeps its
storage, and whether that storage is down, on the one limiter that every app shares.
"""

import json
import logging

from app import create_app
from app.extensions import db
from config import TestConfig

PASSWORD = "tea party at four"


class Remember(logging.Handler):
    """Keep the warnings logged, whatever handlers the app installs for operators."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def main() -> None:
    """Print, as JSON, the statuses of sign-up, sign-out, sign-in and refused sign-ins, and
    the warnings logged meanwhile."""
    warnings = Remember()
    logging.getLogger().addHandler(warnings)
    app = create_app(TestConfig)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    account = {"username": "alice", "password": PASSWORD}
    statuses = {
        "sign_up": client.post("/account/sign-up", data={
            **account, "display_name": "Alice", "confirm": PASSWORD}).status_code,
        "sign_out": client.post("/account/sign-out").status_code,
        "sign_in": client.post("/account/sign-in", data=account).status_code,
        "account": client.get("/account/").status_code,
    }
    client.post("/account/sign-out")
    statuses["refused"] = [
        client.post("/account/sign-in", data={**account, "password": "not it"}).status_code
        for _ in range(6)
    ]
    print(json.dumps({"statuses": statuses, "warnings": warnings.messages}))


if __name__ == "__main__":
    main()
