"""What `kg` says of itself: -h and --help on every command, a version, flags shown as flags,
formats shown as their choices, and the scoring rules named where a clone has them."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from kg import app
from tests.conftest import ROOT

COMMANDS = sorted(typer.main.get_command(app).commands)


def _help(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "-h"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_command_answers_h_and_shows_no_type_after_a_flag(command):
    args = [command] if command else []
    text = _help(*args)
    assert "Usage:" in text and "-h" in text
    assert "<bool>" not in text  # a flag takes no value, so none is shown
    assert text == CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "200"}).output


def test_formats_are_offered_as_their_choices():
    assert "<table|csv|tsv|json>" in _help("query")
    assert re.search(r"<ttl\|trig\|nt\|nq\|jsonld\|graphml\|gexf\|csv>", _help("export"))
    for command in COMMANDS:
        assert not [line for line in _help(command).splitlines() if "--format" in line and "<str>" in line]


def test_version_is_the_packages():
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    p = subprocess.run([sys.executable, str(ROOT / "kg.py"), "--version"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.strip() == f"kg {version}"


def test_the_scoring_rules_named_in_help_are_in_the_repository():
    text = _help("eval")
    named = re.search(r"docs/[\w.-]+\.md", text).group(0)
    doc = (ROOT / named).read_text(encoding="utf-8")
    assert "alias" in doc and "micro" in doc  # the matching rules and how they are summed


def test_the_package_installs_every_module_kg_imports():
    """An installed `kg` (pip install .) has only what pyproject.toml lists: a top-level module or a
    package left out there works from a checkout and fails as the console script."""
    import tomllib

    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    modules = {p.stem for p in ROOT.glob("*.py")}
    # packages of the project: under a top-level package (not build/, which `pip install .` leaves, nor
    # the tests' and benchmarks' own)
    tops = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    packages = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in ROOT.glob("*/**/__init__.py")
        if p.parent.relative_to(ROOT).parts[0] in tops
    }
    assert modules == set(tool["py-modules"])
    assert packages == set(tool["packages"])
