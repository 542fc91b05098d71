"""Configuration: ``[tool.belharbi-bib.normalize]`` or ``belharbi-bib.toml``, found upwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from belharbi_bib.cli import command_parser
from belharbi_bib.cli.commands import normalize as command
from belharbi_bib.errors import ReadError
from belharbi_bib.normalize import Options
from belharbi_bib.normalize.config import Config, find_config, load_config, read_config

DATA = Path(__file__).parent / "data" / "normalize"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_table_is_found_from_a_subdirectory(tmp_path: Path) -> None:
    project = write(
        tmp_path / "pyproject.toml",
        '[tool.belharbi-bib.normalize]\ntext = "unicode"\ndrop-noise = true\n'
        'protect-terms = ["LIVIA"]\nvenues = "bib/venues.toml"\nvenue = "short"\n',
    )
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config(sub) == project
    config = load_config(sub)
    options = config.to_options()
    assert (options.text, options.drop_noise, options.venue_form) == ("unicode", True, "short")
    assert "LIVIA" in options.protect_terms
    assert "Bayesian" in options.protect_terms
    assert config.venues == (tmp_path / "bib" / "venues.toml").resolve()


def test_tool_table_options_apply_and_other_keys_are_ignored(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.belharbi-bib]\nvenues = "v.toml"\ntext = "latex"\nbib = "refs.bib"\n'
        '[tool.belharbi-bib.normalize]\ntext = "unicode"\n[tool.belharbi-bib.export]\nx = 1\n',
    )
    config = load_config(tmp_path)
    assert config.venues == (tmp_path / "v.toml").resolve()
    assert config.to_options().text == "unicode"


def test_own_file_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.belharbi-bib.normalize]\ntitles = false\n")
    own = write(tmp_path / "belharbi-bib.toml", "[normalize]\nnames = false\n")
    assert find_config(tmp_path) == own
    options = load_config(tmp_path).to_options()
    assert (options.names, options.titles) == (False, True)


def test_search_stops_at_a_project_without_settings(tmp_path: Path) -> None:
    write(tmp_path / "belharbi-bib.toml", "[normalize]\nnames = false\n")
    write(tmp_path / "inner" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert load_config(tmp_path / "inner") == Config(tmp_path / "inner" / "pyproject.toml")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert find_config(tmp_path / "repo") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[normalize]\nbogus = 1\n", "unknown normalize option 'bogus'"),
        ("[normalize]\ntitles = 'no'\n", "wrong type"),
        ("[normalize]\nprotect-terms = 'LIVIA'\n", "wrong type"),
        ("normalize = 3\n", "must be a table"),
        ("[normalize\n", "invalid TOML"),
    ],
)
def test_bad_configuration_is_an_error(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "belharbi-bib.toml", text)
    with pytest.raises(ReadError, match=message):
        read_config(path)


def test_command_line_overrides_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "belharbi-bib.toml", '[normalize]\npages = false\ntext = "unicode"\n')
    bib = write(tmp_path / "refs.bib", "@misc{k, title = {H{\\'e}rault}, pages = {1-5}}\n")
    monkeypatch.chdir(tmp_path)
    parser = command_parser("normalize")
    assert command.run(parser.parse_args([str(bib)])) == 0
    out = capsys.readouterr().out
    assert "pages = {1-5}" in out
    assert "title = {Hérault}" in out
    assert command.run(parser.parse_args([str(bib), "--pages", "--text", "keep"])) == 0
    out = capsys.readouterr().out
    assert "pages = {1--5}" in out
    assert "title = {H{\\'e}rault}" in out
    assert command.run(parser.parse_args([str(bib), "--no-config"])) == 0
    assert "pages = {1--5}" in capsys.readouterr().out


def test_bad_values_surface_as_value_errors() -> None:
    with pytest.raises(ValueError, match="text must be"):
        Config(options={"text": "html"}).to_options()
    assert Config().to_options(terms=("X",)).protect_terms[-1] == "X"
    noise = Config(options={"noise_fields": ("a",)}).to_options(noise=("b",)).noise_fields
    assert noise == ("a", "b")
    assert Config().to_options() == Options()
