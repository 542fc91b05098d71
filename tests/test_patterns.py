"""``belharbi_bib.patterns``: stored codes equal to what :mod:`re` compiles, and complete."""

from __future__ import annotations

import _sre
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED_DIR, check_golden, require, third_party_files

from belharbi_bib import _patterns, patterns

ROOT = Path(__file__).resolve().parent.parent
SAME_INTERPRETER = (
    sys.implementation.name == "cpython"
    and sys.version_info[:2] == _patterns.VERSION
    and _sre.MAGIC == _patterns.MAGIC
    and sys.byteorder == _patterns.BYTEORDER
)


def require_same_interpreter() -> None:
    """Skip, or fail when running in CI, on an interpreter the stored codes are not for.

    There :func:`patterns.compile` is :func:`re.compile` (tested below); CI runs the one the
    file was written for, where the stored codes must be in use.
    """
    if SAME_INTERPRETER:
        return
    reason = (
        f"belharbi_bib/_patterns.py holds codes for CPython {_patterns.VERSION}, engine "
        f"{_patterns.MAGIC}"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


_RECORDER = """
import importlib, pkgutil, sys
from belharbi_bib import patterns
seen = []
_compile = patterns.compile
def recording(pattern, flags=0):
    seen.append((pattern, int(flags)))
    return _compile(pattern, flags)
patterns.compile = recording  # every module calls patterns.compile(...), never a copy of it
"""
"""Puts a recorder before ``patterns.compile``: ``seen`` gets every pattern the package asks for."""

_SAMPLE = r"""% -*- coding: utf-8-unix -*-
@string{jml = {Journal of Machine Learning}}
@comment(a comment in parentheses {with (braces)})
@article{sample,
  author = {M{\"u}ller, J{\'e}r{\^o}me and van der Berg, Anna and {\AA}ngstr{\o}m, Bo},
  title = {Monte Carlo methods for Bayesian inference in New York},
  journal = jml,
  year = 2020,
  month = jan,
  pages = {1-10},
  eprint = {2101.01234v2 [cs.LG]},
  archiveprefix = {arXiv},
  doi = {https://doi.org/10.1000/xyz},
  url = {\url{http://example.org/a\_b}},
  note = {arXiv:hep-th/9901001; see also math.AG/0101001},
}
@inproceedings{second,
  author = {Doe, J.},
  title = {A {GPU} study},
  booktitle = {Proc. of Something},
  year = {2019},
}
@misc(third,
  author = {Roe, R.},
  title = {On $\alpha$-divergences, {\em the} {B}ayes rule and a {Gauss}ian},
  journal = {arXiv preprint arXiv:2201.02445 [cs.CV]},
  note = {math.GT/0309136},
  year = 2022,
)
"""
"""A file whose ``normalize`` run makes the rules compile what they compile on first use."""

_PACKAGE_PATTERNS = (
    _RECORDER
    + """
import belharbi_bib
from belharbi_bib import files, identifiers
for module in pkgutil.walk_packages(belharbi_bib.__path__, 'belharbi_bib.'):
    importlib.import_module(module.name)
seen += [(p, 0) for p in files._RARE_PATTERNS.values()] + list(identifiers._PATTERNS.values())
from belharbi_bib.cli import main
main(['--no-config', 'normalize', '--no-cache', sys.argv[1], '-o', sys.argv[2]])
sys.stdout.write(patterns.codes_module(seen))
"""
)
"""Prints what ``belharbi_bib/_patterns.py`` is to hold: every pattern of the package's modules
(those compiled on first use included) and those a ``normalize`` run compiles."""


def test_the_stored_codes_are_those_of_the_package(tmp_path: Path) -> None:
    require_same_interpreter()
    sample = tmp_path / "sample.bib"
    sample.write_text(_SAMPLE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _PACKAGE_PATTERNS, str(sample), str(tmp_path / "out.bib")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    check_golden(Path(patterns.__file__).with_name("_patterns.py"), done.stdout)


def test_the_stored_codes_serve_this_interpreter() -> None:
    """CI runs the interpreter the file was written for: the stored codes are in use."""
    require_same_interpreter()
    assert len(_patterns.CODES) > 100
    assert all(patterns.stored(pattern, flags) for pattern, flags in _patterns.CODES)


@pytest.mark.parametrize(("pattern", "flags"), sorted(_patterns.CODES, key=repr), ids=repr)
def test_each_stored_pattern_is_what_re_compiles(pattern: Any, flags: int) -> None:
    ours, theirs = patterns.compile(pattern, flags), re.compile(pattern, flags)
    assert (ours is not theirs) is SAME_INTERPRETER  # re made and cached it only elsewhere
    assert ours == theirs  # the engine compares the pattern, its flags and its whole code
    assert (ours.flags, ours.groups, ours.groupindex) == (
        theirs.flags,
        theirs.groups,
        theirs.groupindex,
    )


def test_stored_patterns_match_as_re_does() -> None:
    pages = r"\s*([^\W_][\w.:]*)\s*(?:-{1,3}|[–—‒−‐])\s*([^\W_][\w.:]*)\s*"
    assert patterns.stored(pages) is SAME_INTERPRETER
    for text in ("12--34", " iv – xii ", "A1-A9", "12", "", "--"):
        ours, theirs = patterns.compile(pages).fullmatch(text), re.fullmatch(pages, text)
        assert (ours and ours.groups()) == (theirs and theirs.groups())
    header = rb"^[ \t]*%[ \t]*Encoding:[ \t]*([A-Za-z0-9_.:-]+)"
    assert patterns.stored(header, re.MULTILINE) is SAME_INTERPRETER
    found = patterns.compile(header, re.MULTILINE).search(b"x\n% Encoding: latin1\n")
    assert found is not None
    assert found.group(1) == b"latin1"


def test_a_pattern_not_stored_is_compiled_by_re() -> None:
    odd = r"(?P<one>odd)\s+(?P<two>pattern)"
    assert not patterns.stored(odd, re.IGNORECASE)
    compiled = patterns.compile(odd, re.IGNORECASE)
    assert compiled is re.compile(odd, re.IGNORECASE)  # re's own cache: it compiled it
    found = compiled.match("ODD  Pattern")
    assert found is not None
    assert found.groupdict() == {"one": "ODD", "two": "Pattern"}
    with pytest.raises(re.error):
        patterns.compile("(unclosed")


@pytest.mark.parametrize(
    "change",
    [
        "_patterns.VERSION = (2, 7)",
        "_patterns.MAGIC -= 1",
        "_patterns.BYTEORDER = 'big' if sys.byteorder == 'little' else 'little'",
        "del _patterns.BYTEORDER",
        "sys.implementation.name = 'other'",
    ],
)
def test_another_interpreter_compiles_with_re(change: str) -> None:
    code = (
        "import sys, types\n"
        "from belharbi_bib import _patterns\n"
        "sys.implementation = types.SimpleNamespace(**vars(sys.implementation))\n"
        f"{change}\n"
        "from belharbi_bib import patterns\n"
        "import belharbi_bib.cli.commands.normalize\n"
        "print(len(patterns._CODES), patterns.stored(r'\\s*'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False"]


_MISSED = (
    _RECORDER
    + """
import json
import belharbi_bib.cli.commands.normalize
from belharbi_bib.cli import main
for path in sys.argv[2:]:
    main(['--no-config', '--quiet', 'normalize', '--no-cache', path, '-o', sys.argv[1]])
print(json.dumps(sorted({repr(p) for p, f in seen if not patterns.stored(p, f)})))
"""
)
"""Runs ``normalize`` on the files given and prints the patterns compiled without a stored code."""


def _real_files() -> list[Path]:
    shared = require(SHARED_DIR, "shared test data directory")
    realworld = require(shared / "corpus" / "realworld", "real-world corpus")
    perf = require(shared / "corpus" / "perf", "perf corpus")
    return [
        ROOT / "bib" / "belharbi.bib",
        *third_party_files(),
        *sorted(realworld.glob("*.bib")),
        *sorted(p for p in perf.glob("s-*.bib")),
    ]


def test_normalize_compiles_no_pattern_of_its_own_on_real_files(tmp_path: Path) -> None:
    """On real files of many origins, every pattern ``normalize`` needs comes stored."""
    require_same_interpreter()
    files = [str(p) for p in _real_files()]
    assert len(files) > 40
    done = subprocess.run(
        [sys.executable, "-c", _MISSED, str(tmp_path / "out.bib"), *files],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []
