"""Hold every setting of Agora in one place, with environment overrides."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def address_list(value: str) -> tuple[str, ...]:
    """Split a comma-separated list of addresses or networks."""
    return tuple(part.strip() for part in value.split(",") if part.strip())


def development_secret() -> str:
    """Return a secret generated once for this checkout and kept in instance/."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Run on SQLite in instance/ unless DATABASE_URL says otherwise."""

    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'agora.sqlite'}"
    )
    # hide_parameters keeps what people typed (and password hashes) out of SQL error messages,
    # which end up in logs.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Where work no page waits for runs (app/jobs.py): "rq" puts it on a queue in Redis for
    # `flask --app app worker`; "inline" runs it in the app process after the response.
    JOBS = os.environ.get("JOBS") or ("rq" if REDIS_URL else "inline")
    # A position's cross-side scores are worked out again this long after a rating changes
    # them, once for every rating of those seconds: on a large debate the work takes a second.
    SCORES_SETTLE_SECONDS = float(os.environ.get("SCORES_SETTLE_SECONDS", "5"))

    # Mail (Flask-Mailman) goes out through this SMTP server; without one it is printed to
    # the console instead, which is what `make run` does.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT") or 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "").lower() in ("1", "true", "yes")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER") or "Agora <agora@localhost>"
    MAIL_BACKEND = "smtp" if MAIL_SERVER else "console"
    MAIL_TIMEOUT = 10
    # The address people reach Agora at, for the links in mail (sent outside any request).
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or "http://localhost:5000"
    # How long an emailed link works; each works once.
    VERIFY_LINK_LIFETIME = timedelta(days=2)
    RESET_LINK_LIFETIME = timedelta(hours=1)
    RESET_REQUEST_LIMIT = "5 per hour"
    # A daily digest gathers the unread notices of at most this many days that no mail told of.
    DIGEST_DAYS = 7

    # Trust levels against spam (app/trust.py). An account is new during its first day and
    # until this many of its arguments are shown; a member after this many days and shown
    # arguments; basic in between. A site admin may set anyone's level instead.
    TRUST_NEW_DAYS = 1
    TRUST_BASIC_ARGUMENTS = 3
    TRUST_MEMBER_DAYS = 30
    TRUST_MEMBER_ARGUMENTS = 20
    # What a new account may do: links per argument; its arguments with a link wait for review
    # in debates that do not review everything already; arguments per hour in one debate.
    TRUST_NEW_MAX_LINKS = 2
    TRUST_NEW_POSTS_PER_HOUR = 3

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A sign-in ends on the server after this, remembered or not; the remember-me cookie
    # lasts as long.
    SIGN_IN_LIFETIME = timedelta(days=30)
    REMEMBER_COOKIE_DURATION = SIGN_IN_LIFETIME

    # A whole request may carry one upload plus form fields; the upload itself is checked
    # against MATERIAL_MAX_BYTES so that the user gets a message beside the field.
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024
    MATERIAL_MAX_BYTES = 1024 * 1024
    MATERIAL_MAX_CHARS = 300_000
    MATERIAL_MAX_PASSAGES = 3_000
    MATERIAL_IMPORT_LIMIT = "20 per hour"
    # Reading a debate file is as costly as reading a document: the same budget, counted apart.
    DEBATE_IMPORT_LIMIT = "20 per hour"

    SIGN_IN_LIMIT_PER_ADDRESS = "20 per 10 minutes"
    SIGN_IN_LIMIT_PER_ACCOUNT = "5 per 5 minutes"
    # Only sign-ups that create an account count. A class or a hall shares one address, so a
    # code from an invite (or a class or event) lifts the address limit and counts against
    # the ceiling of the account that handed it out; the site-wide ceiling bounds everything.
    SIGN_UP_LIMIT_PER_ADDRESS = "30 per hour"
    SIGN_UP_LIMIT_PER_CODE_GIVER = "500 per day"
    SIGN_UP_LIMIT_SITE_WIDE = "2000 per hour"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    # While Redis is unreachable, count attempts in each process's memory rather than refuse
    # every sign-in; Flask-Limiter logs the switch and goes back to Redis once it answers.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # A Redis that stopped answering must not hold a sign-in for long before the fallback.
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}

    # Live events. Votes are limited per audience token, never per address: a hall of hundreds
    # shares one Wi-Fi address. Joining is limited per address, generously, for the same reason.
    LIVE_VOTE_LIMIT = os.environ.get("LIVE_VOTE_LIMIT", "30 per minute")
    LIVE_JOIN_LIMIT = os.environ.get("LIVE_JOIN_LIMIT", "3000 per 10 minutes")
    # How long one server-sent-events connection is held before the screen reconnects, and how
    # often a screen polls instead when live updates fail.
    LIVE_STREAM_SECONDS = int(os.environ.get("LIVE_STREAM_SECONDS", "300"))
    LIVE_POLL_SECONDS = int(os.environ.get("LIVE_POLL_SECONDS", "3"))
    # Votes may come in hundreds a second: a screen that counts them redraws at most this often,
    # on the same beat as every other screen of its process, so that they share each drawing.
    LIVE_REDRAW_SECONDS = float(os.environ.get("LIVE_REDRAW_SECONDS", "0.25"))

    # Catalogues of the interface's translations (translations/<locale>/LC_MESSAGES/).
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    BABEL_DEFAULT_LOCALE = "en"

    # "text" for people reading a terminal, "json" (one object per line) for log collectors.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # Probes arrive every few seconds; logging each would bury the requests people make.
    LOG_QUIET_ENDPOINTS = ("health.alive", "health.ready", "health.metrics")
    # Prometheus sends it as a bearer token; without it /metrics does not exist (404).
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None
    # Addresses or networks of the reverse proxies whose X-Forwarded-* headers are believed;
    # gunicorn.conf.py gives gunicorn the same list.
    TRUSTED_PROXIES = address_list(os.environ.get("TRUSTED_PROXIES", ""))
    # How many proxies stand in front of the app, each adding one address to X-Forwarded-For:
    # the client is that many entries from the end. Used only with TRUSTED_PROXIES set.
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))


class DevelopmentConfig(Config):
    """Serve `make run`: a secret generated once and kept out of git."""

    def __init__(self) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or development_secret()


class TestConfig(Config):
    """Run the suite on an in-memory SQLite database, or TEST_DATABASE_URL when set."""

    TESTING = True
    SECRET_KEY = "test-secret-not-for-production"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    REDIS_URL = os.environ.get("TEST_REDIS_URL") or None
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    # Tests see a job's effect at once; tests/test_jobs.py runs the queue through Redis.
    JOBS = "inline"
    SCORES_SETTLE_SECONDS = 0
    WTF_CSRF_ENABLED = False
    # Test accounts start trusted (basic); tests/test_trust.py sets its own numbers.
    TRUST_NEW_DAYS = 0
    TRUST_BASIC_ARGUMENTS = 0
    # Mail is kept in memory; tests/test_mail.py sends it to a real SMTP server.
    MAIL_BACKEND = "locmem"


class ProductionConfig(Config):
    """Refuse to start without a SECRET_KEY; send cookies over HTTPS only, and say so (HSTS)."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    # The usual deployment: a proxy on the same machine in front of each instance.
    TRUSTED_PROXIES = address_list(os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1"))
    # Production is served over HTTPS only: browsers must never fall back to plain HTTP.
    STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"

    def __init__(self) -> None:
        if not self.SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in the environment in production")
