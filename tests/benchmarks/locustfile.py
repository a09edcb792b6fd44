"""Play people who sign in, then read, rate, take stances and post, for `make load`.

Run by tests/benchmarks/mixed_load.py, which seeds the debate and writes what it holds to the
JSON file LOAD_SCENE names. Each simulated person signs in as an account of their own, through
the sign-in form with its CSRF token, and sends what htmx sends afterwards: the page's token in
X-CSRFToken and HX-Request. Of their actions 80 % are page reads, 15 % ratings and stances, 5 %
posts.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, between, task

SCENE = json.loads(Path(os.environ["LOAD_SCENE"]).read_text())
FORM_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HTMX_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')
# Claims are drawn from these words so that no two read alike and none is refused as a
# near-duplicate of its siblings.
WORDS = (
    "cameras", "records", "courts", "citizens", "footage", "audits", "storage", "faces",
    "streets", "stations", "data", "errors", "trust", "police", "consent", "privacy", "safety",
    "crime", "budgets", "laws", "appeals", "maps", "servers", "parks", "schools", "buses",
    "markets", "nights", "winters", "neighbours", "officials", "reporters", "judges",
    "protests", "masks", "plates", "junctions", "archives", "vendors", "contracts",
)
accounts = itertools.count()


class Person(FastHttpUser):
    """One signed-in person taking part in the seeded debate, pausing between actions."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        number = next(accounts)
        self.username = SCENE["usernames"][number % len(SCENE["usernames"])]
        self.rng = random.Random(number)
        own = set(SCENE["own"].get(self.username, ()))
        self.others = [argument for argument in SCENE["arguments"] if argument not in own]
        self.posted = 0
        # gunicorn believes X-Forwarded-For from 127.0.0.1, as from a proxy, so each person
        # has an address of their own and the per-address limits apply to each.
        self.headers = {"X-Forwarded-For": f"10.{number // 250 % 250}.{number % 250}.7"}
        self.token = ""
        form = self.client.get("/account/sign-in", headers=self.headers, name="sign-in form")
        token = FORM_TOKEN.search(form.text or "")
        with self.client.post(
            "/account/sign-in",
            data={"username": self.username, "password": SCENE["password"],
                  "csrf_token": token.group(1) if token else ""},
            headers=self.headers, allow_redirects=False, catch_response=True, name="sign in",
        ) as response:
            if response.status_code != 303:
                response.failure(f"sign-in answered {response.status_code}")
        # Where people land after signing in; counted with signing in, not in the mix.
        self.read(SCENE["position_url"], "landing page")

    def read(self, url: str, name: str) -> None:
        """GET a page and keep the CSRF token htmx would send from it."""
        with self.client.get(url, headers=self.headers, name=name,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{name} answered {response.status_code}")
                return
            if token := HTMX_TOKEN.search(response.text or ""):
                self.token = token.group(1)

    def send(self, url: str, form: dict, name: str, expected: int) -> None:
        """POST a form as htmx does, with the token and HX-Request."""
        headers = {**self.headers, "HX-Request": "true", "X-CSRFToken": self.token}
        with self.client.post(url, data=form, headers=headers, allow_redirects=False,
                              catch_response=True, name=name) as response:
            if response.status_code != expected:
                response.failure(f"{name} answered {response.status_code}")

    @task(16)
    def read_page(self) -> None:
        """Read the position, an argument, the debate or the home page."""
        choice = self.rng.random()
        if choice < 0.5:
            self.read(SCENE["position_url"], "position page")
        elif choice < 0.8:
            argument = self.rng.choice(SCENE["arguments"])
            self.read(f"/arguments/{argument}", "argument page")
        elif choice < 0.9:
            self.read(SCENE["debate_url"], "debate page")
        else:
            self.read("/", "home page")

    @task(3)
    def vote(self) -> None:
        """Rate an argument (two times in three) or say where one stands."""
        if self.rng.random() < 2 / 3:
            argument = self.rng.choice(self.others)
            self.send(f"/arguments/{argument}/rating", {"score": self.rng.randint(0, 4)},
                      "rate", 200)
        else:
            stance = self.rng.choice(["for", "against", "undecided"])
            self.send(SCENE["stance_url"], {"stance": stance}, "stance", 200)

    @task(1)
    def post(self) -> None:
        """Post an argument at the top or in reply to one, half and half."""
        self.posted += 1
        claim = " ".join(self.rng.sample(WORDS, 8)).capitalize()
        url = SCENE["new_argument_url"]
        if self.rng.random() < 0.5:
            url += f"?parent={self.rng.choice(SCENE['arguments'])}"
        form = {"side": self.rng.choice(["pro", "con"]),
                "claim": f"{claim} ({self.username}, {self.posted})",
                "body": "Posted under load: *one* paragraph of explanation."}
        # htmx follows HX-Redirect to the new argument; the read that follows is a page read.
        self.send(url, form, "post argument", 204)
