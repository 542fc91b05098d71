"""The rule registry: pipeline, configuration keys and command-line switches all come from it.

The snapshots in ``tests/data/normalize/snapshots/`` were taken before the registry existed
(only the ``verbatim`` rule was added since): configuration keys and switches stay byte-identical.
When the CLI became a package, ``--config``/``--no-config``/``--venues`` moved to the global
options and the hidden ``--bib`` alias of the input came; the rule switches did not change.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from belharbi_bib.cli.commands import normalize as command
from belharbi_bib.normalize.config import _KNOWN, parse_config
from belharbi_bib.normalize.options import Options, flag_options
from belharbi_bib.normalize.pipeline import active_rules
from belharbi_bib.normalize.rules import REGISTRY, rule_names

SNAPSHOTS = Path(__file__).resolve().parent / "data" / "normalize" / "snapshots"


def _switches() -> list[list[object]]:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return [
        [action.option_strings, action.dest, action.help]
        for action in parser._actions
        if action.option_strings
    ]


def test_switches_match_the_snapshot() -> None:
    expected = json.loads((SNAPSHOTS / "switches.json").read_text(encoding="utf-8"))
    assert _switches() == expected


def test_config_keys_match_the_snapshot() -> None:
    expected = json.loads((SNAPSHOTS / "config-keys.json").read_text(encoding="utf-8"))
    assert sorted(_KNOWN) == expected


def test_every_flag_option_is_a_config_key_and_a_rule() -> None:
    options = {rule.option for rule in REGISTRY}
    assert flag_options() <= _KNOWN
    assert flag_options() - options == {"duplicates"} - options


def test_a_flag_in_the_config_switches_its_rule(tmp_path: Path) -> None:
    config = parse_config({"verbatim": False}, tmp_path / "belharbi-bib.toml")
    names = [name for name, _ in active_rules(config.to_options())]
    assert "verbatim" not in names
    assert "verbatim" in [name for name, _ in active_rules(Options())]


def test_pipeline_order_is_the_registry_order() -> None:
    names = [name for name, _ in active_rules(Options(text="unicode"))]
    assert names == [
        "whitespace", "verbatim", "text", "names", "text", "titles", "months", "pages", "doi",
        "arxiv",
    ]  # fmt: skip
    assert rule_names()[0] == "noise"
