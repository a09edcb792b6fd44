"""Build the app gunicorn serves in `make load`: production's checks over plain HTTP.

CSRF is on and rate limits are counted in Redis, as in production. The load runs from one
machine, so gunicorn is told (as behind a proxy) which address each simulated person comes
from: every limit still applies, per person's address.
"""

import os

from app import create_app
from config import Config


class LoadConfig(Config):
    """Serve the load's database and Redis with CSRF and rate limits on, behind a local proxy."""

    LOG_FORMAT = "json"
    TRUSTED_PROXIES = ("127.0.0.1",)

    def __init__(self, database_url: str, redis_url: str, secret_key: str) -> None:
        self.SQLALCHEMY_DATABASE_URI = database_url
        self.REDIS_URL = self.RATELIMIT_STORAGE_URI = redis_url
        self.SECRET_KEY = secret_key


app = create_app(LoadConfig(
    os.environ["BENCH_DB_URL"], os.environ["BENCH_REDIS_URL"], os.environ["BENCH_SECRET_KEY"]
))
