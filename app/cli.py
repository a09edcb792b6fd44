"""Add the flask commands: create an admin, a user or an API token, import material or a
debate, load the demo, run queued jobs."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.auth.services import find_user, register_user
from app.auth.tokens import create_token
from app.debates.importing import import_debate
from app.demo import DemoDataError, load_demo
from app.errors import DomainError
from app.extensions import db
from app.imports import FORMATS, ImportRefused, read_debate
from app.insight.scores import recompute_all
from app.jobs import work
from app.mail.sending import queue_digests
from app.materials.services import import_material, read_upload
from app.models import Material, TokenScope, User


def register_commands(app: Flask) -> None:
    """Attach Agora's commands to `flask --app app`."""
    app.cli.add_command(create_admin)
    app.cli.add_command(create_user)
    app.cli.add_command(create_token_command)
    app.cli.add_command(import_material_command)
    app.cli.add_command(import_debate_command)
    app.cli.add_command(load_demo_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(send_digests_command)
    app.cli.add_command(recompute_scores_command)


@contextmanager
def refusals_as_click_errors() -> Iterator[None]:
    """Roll back and print a service's refusal as the command's error, not a traceback."""
    try:
        yield
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error


@click.command("create-admin")
@click.argument("username")
@click.option("--display-name", help="Shown in debates; defaults to the username.")
@click.option("--password", help="For a new account; prompted for when not given.")
@with_appcontext
def create_admin(username: str, display_name: str | None, password: str | None) -> None:
    """Create a site admin, or make an existing user one (keeping their password)."""
    user = find_user(username)
    with refusals_as_click_errors():
        if user is None:
            if password is None:
                password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
            user = register_user(username, display_name or username, password, is_admin=True)
        else:
            user.is_admin = True
        db.session.commit()
    click.echo(f"{user.username} is a site admin.")


@click.command("create-user")
@click.argument("username")
@click.option("--display-name", help="Shown in debates; defaults to the username.")
@click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file whose first line is the password; prompted for when not given.",
)
@with_appcontext
def create_user(username: str, display_name: str | None, password_file: Path | None) -> None:
    """Create an account with the same rules as signing up."""
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with refusals_as_click_errors():
        user = register_user(username, display_name or username.strip().lower(), password)
        db.session.commit()
    click.echo(f"Created user {user.username}.")


@click.command("create-token")
@click.argument("username")
@click.option("--name", required=True, help="Where the token will be used, to recognise it.")
@click.option(
    "--scope",
    type=click.Choice([scope.value for scope in TokenScope]),
    default=TokenScope.READ.value,
    show_default=True,
    help="read sees what the user sees; write also posts, rates and votes as them.",
)
@with_appcontext
def create_token_command(username: str, name: str, scope: str) -> None:
    """Make a personal access token for the API and print it, once."""
    user = find_user(username)
    if user is None:
        raise click.ClickException(f"There is no user {username!r}.")
    with refusals_as_click_errors():
        token, secret = create_token(user, name, scope)
        db.session.commit()
    click.echo(f"Token “{token.name}” ({token.scope.value}) for {user.username}; "
               "it is shown only now:")
    click.echo(secret)


@click.command("import-material")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", required=True, help="The material's title.")
@click.option("--author", help="Author or publisher.")
@click.option("--source-url", help="Where the document was published (http or https).")
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]), help="Publication date.")
@with_appcontext
def import_material_command(
    file: Path, title: str, author: str | None, source_url: str | None, published
) -> None:
    """Import a .txt, .md or .html file as material split into passages."""
    if source_url and not source_url.lower().startswith(("http://", "https://")):
        raise click.BadParameter("use an http:// or https:// address", param_hint="--source-url")
    with refusals_as_click_errors():
        text, text_format = read_upload(file.name, file.read_bytes())
        material = import_material(
            title,
            text,
            text_format,
            added_by=None,
            field="file",
            author=author,
            source_url=source_url,
            published_on=published.date() if published else None,
        )
        db.session.commit()
    click.echo(f"Imported material {material.id}: {len(material.passages)} passages.")


@click.command("import-debate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "file_format", type=click.Choice(FORMATS),
              help="The file's format; read from its content when not given.")
@click.option("--material", "material_id", type=int,
              help="Attach the debate to this material; otherwise one is made from the file.")
@click.option("--owner", help="The username that owns the debate; defaults to the first admin.")
@click.option("--open", "open_now", is_flag=True, help="Open the debate at once, not as a draft.")
@with_appcontext
def import_debate_command(file: Path, file_format: str | None, material_id: int | None,
                          owner: str | None, open_now: bool) -> None:
    """Import a debate from a Kialo export, Argdown, AIF JSON, CSV or an Agora archive; the
    last line printed is the result as JSON."""
    user = find_user(owner) if owner else db.session.scalar(
        select(User).where(User.is_admin).order_by(User.id).limit(1))
    if user is None:
        raise click.ClickException(f"There is no user {owner!r}." if owner else
                                   "Name the owner with --owner USERNAME (there is no admin).")
    material = None
    if material_id is not None:
        material = db.session.get(Material, material_id)
        if material is None:
            raise click.ClickException(f"There is no material {material_id}.")
    try:
        imported = read_debate(file.read_bytes(), file_format)
    except ImportRefused as refusal:
        raise click.ClickException(refusal.message) from refusal
    with refusals_as_click_errors():
        saved = import_debate(imported, user, material=material, open_now=open_now,
                              name=file.stem)
        db.session.commit()
    for problem in saved.problems:
        click.echo(f"line {problem.line}: {problem.message}" if problem.line is not None
                   else problem.message, err=True)
    click.echo(json.dumps(saved.report(), ensure_ascii=False))


@click.command("load-demo")
@with_appcontext
def load_demo_command() -> None:
    """Load the demo material and debate; running it again changes nothing."""
    try:
        created = load_demo()
    except DemoDataError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo("Demo loaded." if created else "Demo already present; nothing changed.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the jobs queued in Redis (mail, score recomputes); needs REDIS_URL and JOBS=rq."""
    if current_app.config["JOBS"] != "rq":
        raise click.ClickException("Jobs run inside the app: set REDIS_URL to queue them.")
    work(current_app._get_current_object(), burst=burst)


@click.command("send-digests")
@with_appcontext
def send_digests_command() -> None:
    """Mail each person who chose a daily digest their unread notices, one mail each; run it
    once a day from cron."""
    queued = queue_digests()
    click.echo(f"{queued} digest(s) queued.")
@click.command("recompute-scores")
@with_appcontext
def recompute_scores_command() -> None:
    """Work out every position's cross-side scores again, now, in this process."""
    positions = recompute_all()
    click.echo(f"Recomputed the scores of {positions} positions.")
