"""The normalization documentation and the pre-commit hook stay in step with the code."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from belharbi_bib import structs
from belharbi_bib.cli.commands import normalize as command
from belharbi_bib.normalize import Options
from belharbi_bib.normalize.rules import rule_names

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "normalization.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", rule_names())
def test_every_rule_has_a_section(rule: str) -> None:
    assert re.search(rf"^### {rule}\b", DOC, re.M) or (rule == "merge" and "--merge" in DOC)


@pytest.mark.parametrize("option", [f.name for f in structs.fields(Options)])
def test_every_option_is_documented(option: str) -> None:
    assert f"`{option}`" in DOC


def test_every_command_line_switch_is_documented() -> None:
    parser = argparse.ArgumentParser()  # the command's own options (global ones: docs/cli.md)
    command.add_arguments(parser)
    switches = {
        s
        for action in parser._actions
        if action.help != argparse.SUPPRESS
        for s in action.option_strings
        if s[:2] == "--"
    }
    twins = {s for s in switches if s.startswith("--") and f"--no-{s[2:]}" in switches}
    for switch in sorted(switches - twins - {"--help"}):
        assert switch in DOC, switch


def test_pre_commit_hook() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: belharbi-bib-check\n" in text
    assert "  entry: belharbi-bib normalize --check\n" in text
    assert "  language: python\n" in text
    assert "  files: \\.bib$\n" in text
