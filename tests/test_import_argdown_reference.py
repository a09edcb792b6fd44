"""Check what Agora writes as Argdown with the reference parser, @argdown/node.

The parser is looked for in ``node_modules`` at the top of the project (``make test`` installs
it from ``package-lock.json``), or in the folder ``ARGDOWN_NODE_MODULES`` names. Where node or
the parser is missing the tests are skipped with the reason, unless ``REQUIRE_BROWSER=1`` (as in
CI) makes the test tools required.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.exports import write_debate
from tests.test_import_round_trips import sample

ROOT = Path(__file__).parent.parent
CHECKER = Path(__file__).parent / "argdown_model.js"
MODULES = Path(os.environ.get("ARGDOWN_NODE_MODULES", ROOT / "node_modules"))


def missing(reason: str) -> None:
    """Skip for want of a tool, or fail where the tools are required."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}: npm ci (make test runs it)")
    pytest.skip(reason)


def reference_model(text: str, tmp_path: Path) -> dict:
    """Return how @argdown/node reads the text, or skip when it cannot be run here."""
    node = shutil.which("node")
    if node is None:
        missing("node is not installed")
    source = tmp_path / "debate.argdown"
    source.write_text(text, encoding="utf-8")
    result = subprocess.run(  # noqa: S603 - node and our own checker, no shell
        [node, str(CHECKER), str(source)], capture_output=True, text=True, timeout=120,
        env={**os.environ, "NODE_PATH": str(MODULES)}, check=False)
    if result.returncode == 3:
        missing(f"@argdown/node is not installed in {MODULES}")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_reference_parser_reads_agoras_argdown_without_errors(tmp_path):
    debate = sample()
    model = reference_model(write_debate(debate, "argdown"), tmp_path)
    counts = debate.summary()
    assert model["errors"] == []
    assert model["title"] == debate.title
    assert model["statements"] == counts["positions"]
    assert model["arguments"] == counts["arguments"] - counts["links"] + counts["unplaced"]
    assert model["relations"] == counts["arguments"]


def test_the_reference_parser_sees_bodies_sources_and_authors_as_data(tmp_path):
    model = reference_model(write_debate(sample(), "argdown"), tmp_path)
    footfall = model["data"]["Argument 1.1.2"]
    assert footfall["text"] == "Footfall rose in #both trials: @[trials], a // b."
    assert footfall["body"] == "The first trial ran in May.\n\nThe second in June."
    assert footfall["evidence"][0]["url"] == "https://example.org/survey_(2024)?q=1&r=2"
    assert model["data"]["Argument 1.1"]["author"] == "Ada Brook"
