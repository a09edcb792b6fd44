"""Build the app gunicorn serves in the fault tests, on the suite's database and Redis."""

from app import create_app
from config import TestConfig


class ServedConfig(TestConfig):
    """Handle errors as production does, and take each client's address from X-Forwarded-For
    as behind a proxy on this machine, so that every simulated person has their own limits."""

    TESTING = False
    TRUSTED_PROXIES = ("127.0.0.1",)


app = create_app(ServedConfig)
