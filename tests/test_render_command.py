"""``belharbi-bib format`` and ``belharbi-bib styles`` on the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import belharbi_bib
from belharbi_bib.cli import main
from belharbi_bib.render.styles import STYLES_DIR, StyleNotFound, resolve


def test_default_is_apa_text_of_the_bundled_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert main(["format"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n\n") == len(belharbi_bib.load()) - 1
    assert out.startswith("Aslam, M. H., Zeeshan, M. O., Belharbi, S.")
    assert (tmp_path / "xdg" / "belharbi-bib" / "render").is_dir()
    assert not (tmp_path / ".cache").exists()


def test_filters_style_format_and_output_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "refs.html"
    code = main(
        [
            "format", "--style", "ieee", "--to", "html", "--kind", "journal", "--since", "2023",
            "--link", "--no-cache", "-o", str(target),
        ]
    )  # fmt: skip
    assert code == 0
    html = target.read_text(encoding="utf-8")
    assert html.count('class="csl-entry"') == 3
    assert '<a href="https://doi.org/10.1016/j.patcog.2025.111358">DOI</a>' in html
    assert capsys.readouterr().out == ""


def test_keys_and_sort(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["format", "--style", "unsrt", "--keys", "belharbi2018neural,belharbi2022deepa"]
    assert main([*args, "--sort", "date", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert out.index("Deep interpretable") < out.index("Neural Networks Regularization")


def test_any_csl_file_by_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    style = tmp_path / "my.csl"
    shutil.copy(STYLES_DIR / "nature.csl", style)
    assert main(["format", "--style", str(style), "--keys", "belharbi2022deepa", "--no-cache"]) == 0
    assert capsys.readouterr().out.startswith("1. Belharbi, S. et al.")


def test_any_bst_file_by_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A ``.bst`` file runs whole in the interpreter: its order, its labels, its text."""
    from belharbi_bib.render.bibtexstyle import BST_DIR

    style = tmp_path / "mine.bst"
    shutil.copy(BST_DIR / "alpha.bst", style)
    args = ["format", "--style", str(style), "--keys", "belharbi2022deepa", "--no-cache"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("[BRD+22] Soufiane Belharbi, J\u00e9r\u00f4me")
    assert resolve(str(style)).kind == "bst"
    html = belharbi_bib.format(belharbi_bib.load(), style=str(style), to="html")
    assert "[BRD<sup>+</sup>22a]" in html  # the same labels as the bundled alpha


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "no style file"),
        ('FUNCTION {misc} { "a" write$ ', "cannot read BibTeX style"),
    ],
)
def test_a_bst_that_cannot_be_read_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str | None, message: str
) -> None:
    style = tmp_path / "broken.bst"
    if text is not None:
        style.write_text(text, encoding="utf-8")
    assert main(["format", "--style", str(style), "--no-cache"]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_dependent_style_resolves_to_its_bundled_parent(tmp_path: Path) -> None:
    dependent = tmp_path / "dependent.csl"
    dependent.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-US">'
        "<info><title>Some Journal</title>"
        '<link href="http://www.zotero.org/styles/apa" rel="independent-parent"/>'
        '<category citation-format="author-date"/></info></style>\n',
        encoding="utf-8",
    )
    style = resolve(str(dependent))
    assert style.path == STYLES_DIR / "apa.csl"
    assert (style.title, style.kind) == ("Some Journal", "author-date")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--style", "nonesuch"], "unknown style 'nonesuch'"),
        (["--style", "missing.csl"], "no style file 'missing.csl'"),
        (["--sort", "size"], None),
        (["--to", "pdf"], None),
    ],
)
def test_bad_usage_exits_2_without_traceback(
    args: list[str], message: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(["format", "--no-cache", *args])
    except SystemExit as exc:  # argparse choices
        code = int(exc.code or 0)
    assert code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if message:
        assert f"belharbi-bib: error: {message}" in err


def test_not_a_csl_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bogus = tmp_path / "bogus.csl"
    bogus.write_text("<html/>", encoding="utf-8")
    assert main(["format", "--style", str(bogus), "--no-cache"]) == 2
    assert "not a CSL style" in capsys.readouterr().err


def test_styles_lists_names_kinds_and_aliases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["styles"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 15
    assert "ieee\tcsl\tnumeric\tIEEE" in lines
    assert main(["styles", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    mla = next(r for r in rows if r["name"] == "modern-language-association")
    assert mla["aliases"] == ["mla"]
    assert {r["engine"] for r in rows} == {"csl", "bibtex"}


def test_resolve_aliases() -> None:
    assert resolve("Chicago").name == "chicago-author-date"
    assert resolve("lncs").name == "springer-lecture-notes-in-computer-science"
    with pytest.raises(StyleNotFound):
        resolve("nope")


def test_format_api_rejects_unknown_format() -> None:
    from belharbi_bib.render import format

    with pytest.raises(ValueError, match="unknown output format"):
        format([], to="pdf")
