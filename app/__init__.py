"""Create the Agora Flask application."""

import os

from flask import Flask

from app import models  # noqa: F401 - register every table for Alembic
from app.admin import bp as admin_bp
from app.api import bp as api_bp
from app.arguments import bp as arguments_bp
from app.auth import bp as auth_bp
from app.classes import bp as classes_bp
from app.cli import register_commands
from app.debates import bp as debates_bp
from app.embeds import bp as embeds_bp
from app.errors import register_error_handlers
from app.extensions import csrf, db, limiter, login, mail, migrate
from app.feeds import bp as feeds_bp
from app.follows import bp as follows_bp
from app.health import bp as health_bp
from app.i18n import init_i18n
from app.insight import bp as insight_bp
from app.live import bp as live_bp
from app.logs import init_logging
from app.mail import bp as mail_bp
from app.materials import bp as materials_bp
from app.memberships import bp as memberships_bp
from app.metrics import init_metrics
from app.moderation import bp as moderation_bp
from app.notifications import bp as notifications_bp
from app.people import bp as people_bp
from app.proxy import init_proxy
from app.search import bp as search_bp
from app.security import IdConverter, TextConverter, init_security
from app.templating import init_templating
from app.topics import bp as topics_bp
from config import BASE_DIR, Config, DevelopmentConfig, ProductionConfig

BLUEPRINTS = (
    auth_bp,
    classes_bp,
    materials_bp,
    debates_bp,
    arguments_bp,
    moderation_bp,
    memberships_bp,
    notifications_bp,
    follows_bp,
    mail_bp,
    people_bp,
    admin_bp,
    search_bp,
    topics_bp,
    feeds_bp,
    embeds_bp,
    insight_bp,
    live_bp,
    api_bp,
    health_bp,
)


def create_app(config: type[Config] | Config | None = None) -> Flask:
    """Wire config, extensions, blueprints, error pages and commands into an app."""
    if config is None:
        production = os.environ.get("AGORA_ENV") == "production"
        config = ProductionConfig if production else DevelopmentConfig
    app = Flask(
        __name__,
        instance_path=str(BASE_DIR / "instance"),
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
    )
    app.config.from_object(config() if isinstance(config, type) else config)
    # Before any blueprint adds its rules, so that every <int:…> is bounded and every
    # <name> free of control characters.
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = TextConverter
    # First, so that the request id exists before any other hook can log or refuse.
    init_logging(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    login.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    init_i18n(app)
    init_metrics(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    register_error_handlers(app)
    init_security(app)
    init_templating(app)
    register_commands(app)
    init_proxy(app)
    return app
