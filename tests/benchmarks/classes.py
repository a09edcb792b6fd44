"""Time a class's teacher pages: a class of 30 in 6 small groups, each arguing in its own copy
of one template debate, with 600 arguments, ratings and evidence; the task grid, the gradebook
and the groups side by side (goal: p50 under 100 ms, a constant number of queries) and the
gradebook's CSV (under 200 ms), on a scratch SQLite database.

`python -m tests.benchmarks.classes`; progress goes to stdout, the last line is one JSON object.
"""

import json
import secrets
import statistics
import tempfile
from datetime import timedelta
from pathlib import Path

from app import create_app
from app.arguments.votes import rate_argument
from app.classes.groups import random_groups, split_class
from app.classes.services import create_task, enrol
from app.extensions import db
from app.models import Classroom, ClassTeacher, Side, User
from app.models.columns import utcnow
from tests.benchmarks.position_page import count_queries, percentile, say, timed_get
from tests.benchmarks.settings import BenchConfig
from tests.factories import (
    PASSWORD,
    make_argument,
    make_debate,
    make_evidence,
    make_position,
    make_user,
)

STUDENTS = 30
GROUPS = 6
ARGUMENTS = 600
ROUNDS = 40


def build(app) -> dict:
    """Fill the class: split it at random into groups, each with its copy of the template;
    every student argues in their group's debate, rates a groupmate's arguments and adds
    evidence."""
    with app.app_context():
        db.create_all()
        teacher = make_user(username="bench_teacher")
        classroom = Classroom(name="Bench class", term="Term", join_code="ACDEFGHJ",
                              teachers=[ClassTeacher(user=teacher)])
        db.session.add(classroom)
        for _ in range(STUDENTS):
            enrol(classroom, make_user(is_managed=True))
        template = make_debate(owner=teacher, title="Cameras in the city")
        make_position(template, statement="Cameras make cities safer")
        split = split_class(classroom, teacher, template, random_groups(classroom, GROUPS),
                            with_arguments=False, peers_anonymous=True)
        debates = [(group.debate.positions[0], [db.session.get(User, member.user_id)
                                                for member in group.members])
                   for group in split.groups]
        for number in range(ARGUMENTS):
            position, members = debates[number % GROUPS]
            author = members[(number // GROUPS) % len(members)]
            argument = make_argument(position, author,
                                     claim=f"Claim {number} on cameras in the city",
                                     side=Side.PRO if number % 2 else Side.CON)
            rate_argument(argument, members[(number // GROUPS + 1) % len(members)], number % 5)
            if number % 10 == 0:
                make_evidence(argument, author)
        task = create_task(classroom, teacher, split.groups[0].debate, "Argue",
                           utcnow() + timedelta(days=1), arguments_target=3, replies_target=1,
                           evidence_target=1, ratings_target=2, stance_before_after=True,
                           reflection=True)
        db.session.commit()
        return {"classroom": classroom.id, "task": task.id, "split": split.id}


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{Path(workdir) / 'classes.sqlite'}"
        app = create_app(BenchConfig(url, secrets.token_hex(16)))
        say(f"building a class of {STUDENTS} in {GROUPS} groups with {ARGUMENTS} arguments")
        scene = build(app)
        client = app.test_client()
        signed_in = client.post("/account/sign-in",
                                data={"username": "bench_teacher", "password": PASSWORD})
        if signed_in.status_code != 303:
            raise RuntimeError(f"signing in answered {signed_in.status_code}")
        pages = {
            "task_grid": f"/classes/{scene['classroom']}/tasks/{scene['task']}",
            "gradebook": f"/classes/{scene['classroom']}/gradebook",
            "gradebook_csv": f"/classes/{scene['classroom']}/gradebook.csv",
            "groups": f"/classes/{scene['classroom']}/groups/{scene['split']}",
        }
        report: dict = {}
        for name, page in pages.items():
            timed_get(client, page)
            walls = [timed_get(client, page)[0] for _ in range(ROUNDS)]
            report[f"{name}_p50_ms"] = round(statistics.median(walls), 1)
            report[f"{name}_p95_ms"] = round(percentile(walls, 0.95), 1)
            report[f"{name}_queries"] = count_queries(app, client, page)
            say(f"{name}: p50 {report[f'{name}_p50_ms']} ms, "
                f"{report[f'{name}_queries']} queries")
        print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
