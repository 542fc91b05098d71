"""Start-up stays light: ``import belharbi_bib`` and ``belharbi-bib --version`` load no feature.

No timings here (see benchmarks/): what is checked is which modules a fresh interpreter loads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import belharbi_bib

_LOADED = "import sys\n{code}\nprint(' '.join(sorted(sys.modules)))\n"
"""Prints the loaded modules last, space-separated (``json`` would load ``re`` itself)."""


def _modules_after(code: str, cwd: Path | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
    )
    return set(done.stdout.splitlines()[-1].split())


def test_import_loads_no_submodule_but_the_version() -> None:
    loaded = {m for m in _modules_after("import belharbi_bib") if m.startswith("belharbi_bib.")}
    assert loaded == {"belharbi_bib._version"}


def test_version_loads_neither_commands_nor_logging_nor_typing_nor_argparse() -> None:
    code = (
        "from belharbi_bib.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    )
    loaded = _modules_after(code)
    assert not {"logging", "typing", "argparse"} & loaded
    ours = {m for m in loaded if m.startswith("belharbi_bib.")}
    assert ours <= {"belharbi_bib._version", "belharbi_bib.cli", "belharbi_bib.cli.base",
                    "belharbi_bib.errors"}  # fmt: skip


def test_every_public_name_resolves() -> None:
    for name in belharbi_bib.__all__:
        assert getattr(belharbi_bib, name) is not None, name
    assert belharbi_bib.loads("@misc{k, title={T}}").records[0].key == "k"


def test_a_command_run_builds_only_its_own_parser() -> None:
    from belharbi_bib.cli import COMMANDS, build_parser

    def choices(only: str | None) -> list[str]:
        actions = build_parser(only=only)._subparsers._group_actions  # type: ignore[union-attr]
        return list(actions[0].choices)  # type: ignore[arg-type]

    assert choices("normalize") == ["normalize"]
    assert choices("") == choices(None) == [row.name for row in COMMANDS]


def test_main_help_before_a_command_still_lists_every_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from belharbi_bib.cli import COMMANDS, main

    with pytest.raises(SystemExit):
        main(["-h", "normalize"])
    out = capsys.readouterr().out
    assert all(row.name in out for row in COMMANDS)


BIB = Path(__file__).resolve().parent.parent / "bib" / "belharbi.bib"

_NOT_FOR_READING = {
    "pathlib",  # files uses os.path
    "urllib.parse",  # was loaded by pathlib
    "ipaddress",  # was loaded by urllib.parse
    "tempfile",  # atomic writes open their temporary file themselves
    "hashlib",
    "html",
    "unicodedata",  # only LaTeX encoding and folding need it
    "belharbi_bib.markup",  # the renderers' output markup
    "belharbi_bib.links",  # a record's links, people and identifiers load on first use
    "belharbi_bib.names",
    "belharbi_bib.identifiers",
    "belharbi_bib.folding",
    "typing",  # the scanner's protocols and aliases that need it exist for type checkers only
}


def test_reading_a_file_loads_nothing_it_does_not_use() -> None:
    code = (
        "from belharbi_bib.bibtex.reader import parse_string, read\n"
        f"read({str(BIB)!r})\n"
        "parse_string('@string{j = {J}}\\n@article{k, author = {Doe, J. and R{\\\\\"o}e, A.},"
        " journal = j, doi = {10.1/x}, eprint = {2101.00001}, url = {https://x.org}}')"
    )
    assert not _NOT_FOR_READING & _modules_after(code)


def test_the_model_loads_names_and_links_when_asked() -> None:
    code = (
        "from belharbi_bib.model import Field, Person, Record\n"
        "record = Record('k', 'misc', (Field.of('author', 'Doe, J.'), Field.of('url', 'https://x')))\n"
        "assert record.authors == (Person('Doe', 'J.'),) and record.links"
    )
    loaded = _modules_after(code)
    assert {"belharbi_bib.names", "belharbi_bib.links", "belharbi_bib.markup"} <= loaded


def test_the_normalize_command_loads_no_markup() -> None:
    assert "belharbi_bib.markup" not in _modules_after("import belharbi_bib.cli.commands.normalize")


def test_a_normalize_run_loads_neither_typing_nor_hashlib_nor_tempfile(tmp_path: Path) -> None:
    code = (
        f"import os; os.environ['XDG_CACHE_HOME'] = {str(tmp_path / 'cache')!r}\n"
        "from belharbi_bib.cli import main\n"
        f"main(['normalize', '--no-config', {str(BIB)!r}, '-o', {str(tmp_path / 'out.bib')!r}])"
    )
    assert not {
        "typing",
        "hashlib",
        "tempfile",
        "belharbi_bib.markup",
        "logging",
        "dataclasses",
        "json",  # only --report writes JSON
        "shutil",  # the terminal's width is asked only for help
        "string",  # its Template class compiles a pattern when it loads
        "contextlib",
        "pathlib",  # with urllib.parse and ipaddress: ~3.5 ms (paths are strings here)
    } & (_modules_after(code))


def test_a_normalize_run_with_its_cache_and_config_search_loads_no_pathlib(
    tmp_path: Path,
) -> None:
    """The default run looks for a configuration file and fills the cache, on strings alone."""
    (tmp_path / ".git").mkdir()  # the search for a configuration file ends here
    (tmp_path / "a.bib").write_text("@misc{k,\n  title = {T},\n}\n", encoding="utf-8")
    code = (
        f"import os; os.environ['XDG_CACHE_HOME'] = {str(tmp_path / 'cache')!r}\n"
        "from belharbi_bib.cli import main\n"
        "assert main(['normalize', 'a.bib', '-o', 'out.bib']) == 0\n"
        "assert main(['normalize', '--check', 'out.bib']) == 0"
    )
    loaded = _modules_after(code, cwd=tmp_path)
    assert (tmp_path / "cache" / "belharbi-bib" / "normalize").is_dir()  # the cache was used
    assert "pathlib" not in loaded
    (tmp_path / "belharbi-bib.toml").write_text("[normalize]\nmonths = false\n", encoding="utf-8")
    assert "pathlib" in _modules_after(code, cwd=tmp_path)  # a configuration found: Paths


def test_the_check_stamps_hash_without_openssl() -> None:
    loaded = _modules_after("from belharbi_bib.cli import stamps\nstamps.content_hash(b'x')")
    assert not {"hashlib", "_hashlib"} & loaded


def test_a_stamped_check_loads_neither_json_nor_re_nor_the_reader(tmp_path: Path) -> None:
    """The warm ``normalize --check`` of an unchanged file answers from the stamp alone."""
    bib = tmp_path / "a.bib"
    bib.write_text("@misc{k,\n  title = {T},\n}\n", encoding="utf-8")
    code = (
        f"import os; os.environ['XDG_CACHE_HOME'] = {str(tmp_path / 'cache')!r}\n"
        "from belharbi_bib.cli import main\n"
        f"assert main(['--no-config', 'normalize', '--check', {str(bib)!r}]) == 0"
    )
    _modules_after(code)  # leaves the stamp
    loaded = _modules_after(code)
    assert not {"json", "re", "belharbi_bib.bibtex.reader", "argparse"} & loaded


def test_logging_is_set_up_where_it_can_matter(tmp_path: Path) -> None:
    """``-v`` and ``-q`` set logging up; so does a command whose modules log (enrichment)."""
    run = "from belharbi_bib.cli import main\nmain({words!r})"
    bib = str(tmp_path / "a.bib")
    (tmp_path / "a.bib").write_text("@misc{k, title={T}}\n", encoding="utf-8")
    plain = _modules_after(run.format(words=["--no-config", "list", bib]))
    verbose = _modules_after(run.format(words=["--no-config", "-v", "list", bib]))
    assert "logging" not in plain
    assert {"logging", "belharbi_bib.cli.logs"} <= verbose


_COLLECTOR = (
    "import gc, sys\nfrom belharbi_bib.cli import {entry}\n"
    "sys.argv[1:] = {words!r}\n"
    "try:\n    code = {entry}()\nexcept SystemExit as exc:\n    code = exc.code\n"
    "print(code, gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr)\n"
)
"""Runs an entry point in a fresh interpreter; prints its exit code and the collector's state."""


def _collector_after(entry: str, words: list[str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _COLLECTOR.format(entry=entry, words=words)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stderr.splitlines()[-1].split()


@pytest.mark.parametrize(
    "words",
    [["--no-config", "normalize", "--no-cache", "-o", "-", "{bib}"], ["--help"], ["bogus"]],
)
def test_the_console_entry_freezes_what_its_run_made(tmp_path: Path, words: list[str]) -> None:
    """``console`` leaves the collector off and the run frozen (the exit's collections skip
    it), however the command ends; ``main`` restores the collector and freezes nothing."""
    bib = tmp_path / "a.bib"
    bib.write_text("@misc{k, title={T}}\n", encoding="utf-8")
    words = [word.format(bib=bib) for word in words]
    code, enabled, frozen = _collector_after("console", words)
    assert (enabled, frozen) == ("False", "True")
    assert _collector_after("main", words) == [code, "True", "False"]


def test_the_script_and_python_m_run_the_console_entry() -> None:
    root = Path(__file__).resolve().parent.parent
    project = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'belharbi-bib = "belharbi_bib.cli:console"' in project
    main_module = (root / "belharbi_bib" / "__main__.py").read_text(encoding="utf-8")
    assert "raise SystemExit(console())" in main_module
