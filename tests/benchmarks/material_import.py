"""Time the material readers on 1 MB of each pathological shape and print the timings as JSON.

Run with `python -m tests.benchmarks.material_import`. Each shape once took minutes (or crashed)
because a reader rescanned its input for every tag or marker; the goal is under 2 s each. The
reader is timed on the whole megabyte, beyond the import's own character limit, so that the
limit cannot hide a reader that is slow again. Then as much of it as the import accepts
(MATERIAL_MAX_CHARS) is uploaded through the import page, as a person would, to time a request.
"""

import io
import json
import sys
import time

from werkzeug.security import generate_password_hash

from app import create_app
from app.extensions import db
from app.materials.passages import MaterialFormatError, split_document
from app.models import User
from config import TestConfig

SIZE = 1_000_000
GOAL_SECONDS = 2.0
PASSWORD = "correct horse battery"


def repeat(unit: str, size: int = SIZE) -> str:
    """Repeat a unit of markup to the given size."""
    return (unit * (size // len(unit) + 1))[:size]


def backtick_runs(size: int = SIZE) -> str:
    """Make runs of backticks of decreasing length, each of which no later run can close."""
    runs, length = [], 1
    while sum(map(len, runs)) < size:
        runs.append("`" * length + "a")
        length += 1
    return "".join(reversed(runs))[:size]


SHAPES = {
    "html_nested_div": ("html", repeat("<div>")),
    "html_nested_li_dt": ("html", repeat("<li><dt>")),
    "html_unclosed_attributes": ("html", repeat("<a b ")),
    "html_marked_sections": ("html", repeat('<![><img src="]><img src=x onerror=alert(39)//">')),
    "html_unclosed_comments": ("html", repeat("<!--")),
    "html_nested_hidden": ("html", repeat("<svg>")),
    "html_paragraphs": ("html", repeat("<p>a ")),
    "markdown_strikethrough": ("markdown", repeat("~~a ")),
    "markdown_strong": ("markdown", repeat("**a ")),
    "markdown_emphasis": ("markdown", repeat("*a ")),
    "markdown_underscores": ("markdown", repeat("_a ")),
    "markdown_brackets": ("markdown", repeat("[")),
    "markdown_link_parentheses": ("markdown", repeat("[a](")),
    "markdown_backtick_runs": ("markdown", backtick_runs()),
    "markdown_comments": ("markdown", repeat("<!--")),
    "markdown_tags": ("markdown", repeat("<a ")),
    "markdown_heading_spaces": ("markdown", "# a" + repeat(" ", SIZE - 4) + "b"),
    "markdown_nested_quotes": ("markdown", repeat(">" * 200 + " a\n")),
    "text_list_markers": ("text", repeat("- a\n")),
    "text_one_long_line": ("text", repeat("a ")),
}


def time_reader(fmt: str, text: str) -> dict:
    """Time one reader on the text and say what came of it."""
    started = time.perf_counter()
    try:
        outcome = f"{len(split_document(text, fmt)):,} passages"
    except MaterialFormatError as error:
        outcome = f"refused: {error}"
    return {"seconds": round(time.perf_counter() - started, 3), "outcome": outcome}


def time_upload(client, fmt: str, text: str) -> dict:
    """Time uploading the longest start of the text that the import accepts, as a file."""
    extension = {"html": "html", "markdown": "md", "text": "txt"}[fmt]
    data = text[: client.application.config["MATERIAL_MAX_CHARS"]].encode()
    started = time.perf_counter()
    response = client.post(
        "/materials/new",
        data={"title": "Benchmark", "file": (io.BytesIO(data), f"x.{extension}")},
        content_type="multipart/form-data",
    )
    return {
        "bytes": len(data),
        "seconds": round(time.perf_counter() - started, 3),
        "status": response.status_code,
    }


def signed_in_client(app):
    """Return a client signed in as a new person."""
    with app.app_context():
        db.create_all()
        db.session.add(User(username="bench", display_name="Bench",
                            password_hash=generate_password_hash(PASSWORD)))
        db.session.commit()
    client = app.test_client()
    client.post(
        "/account/sign-in", data={"username": "bench", "password": PASSWORD}
    )
    return client


def main() -> None:
    """Time every shape and print one JSON object."""
    app = create_app(TestConfig)
    app.config["RATELIMIT_ENABLED"] = False
    client = signed_in_client(app)
    results = {}
    for name, (fmt, text) in SHAPES.items():
        results[name] = {
            "bytes": len(text.encode()),
            "reader": time_reader(fmt, text),
            "upload": time_upload(client, fmt, text),
        }
        print(name, results[name], file=sys.stderr)
    slowest = max(result["reader"]["seconds"] for result in results.values())
    print(json.dumps({
        "goal_seconds": GOAL_SECONDS,
        "slowest_reader_seconds": slowest,
        "within_goal": slowest < GOAL_SECONDS,
        "shapes": results,
    }, indent=2))


if __name__ == "__main__":
    main()
