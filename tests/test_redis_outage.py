"""Check that sign-in and sign-up keep working, still limited, while Redis is unreachable."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Nothing listens on port 1, so every connection to this Redis is refused at once.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def test_sign_up_and_sign_in_work_while_redis_is_down_and_say_so_in_the_log():
    environment = {**os.environ, "TEST_DATABASE_URL": "sqlite://",
                   "TEST_REDIS_URL": UNREACHABLE_REDIS}
    run = subprocess.run(
        [sys.executable, "-m", "tests.redis_down"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )

    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["statuses"] == {
        "sign_up": 303,
        "sign_out": 303,
        "sign_in": 303,
        "account": 200,
        # The per-account limit still holds, counted in the process's memory.
        "refused": [422] * 5 + [429],
    }
    assert seen["warnings"] == [
        "Rate limit storage unreachable - falling back to in-memory storage"
    ]
