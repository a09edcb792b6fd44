"""Configure Agora for the benchmarks: a scratch database, no rate limits, CSRF where asked."""

from config import Config


class BenchConfig(Config):
    """Serve a scratch database so that scripted clients can sign in and rate freely; with
    `csrf`, every form must carry its token, as in production (the server under load); with
    `jobs_redis_url`, jobs are queued there for a worker."""

    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False

    def __init__(
        self, database_url: str, secret_key: str, schema: str | None = None, csrf: bool = False,
        jobs_redis_url: str | None = None,
    ) -> None:
        self.WTF_CSRF_ENABLED = csrf
        if jobs_redis_url:
            # Jobs (score recomputes) go to a worker process of their own, as in production.
            self.REDIS_URL, self.JOBS = jobs_redis_url, "rq"
        self.SQLALCHEMY_DATABASE_URI = database_url
        self.SECRET_KEY = secret_key
        options: dict = {"pool_pre_ping": True}
        if database_url.startswith("sqlite"):
            # Several gunicorn processes write one file: wait for its lock rather than fail.
            options["connect_args"] = {"timeout": 30}
        elif schema:
            # Smaller trees for the growth figures live in their own PostgreSQL schema, with
            # public (where the pg_trgm extension the search index uses lives) behind it. The
            # tables are named in that schema too: on the search path alone, dropping and
            # creating them would take public's tables, which it sees, for its own.
            options["connect_args"] = {"options": f"-csearch_path={schema},public"}
            options["execution_options"] = {"schema_translate_map": {None: schema}}
        self.SQLALCHEMY_ENGINE_OPTIONS = options
