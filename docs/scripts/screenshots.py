"""Make the screenshots of docs/cv.md from the bundled database.

- ``docs/img/cv-html.png``: the publications page (``belharbi-bib cv --to html``) in headless
  Chromium (the system ``chromium``, driven by Playwright; no browser is downloaded), with the
  search box filled in and one BibTeX toggle open;
- ``docs/img/cv-pdf.png``: the first page of ``belharbi-bib cv --to latex --standalone``
  compiled with pdflatex, rendered by ``pdftoppm -png -r 80 -singlefile``.

Run from the repository root: ``python docs/scripts/screenshots.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import belharbi_bib

IMG = Path(__file__).resolve().parents[1] / "img"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def tool(name: str) -> str:
    """Return the path of an external program, or exit with a message."""
    found = shutil.which(name)
    if found is None:
        sys.exit(f"screenshots: {name} not found on PATH")
    return found


def html_screenshot(workdir: Path, target: Path) -> None:
    """Render the page and screenshot it with one BibTeX entry open."""
    from playwright.sync_api import sync_playwright

    page_path = workdir / "publications.html"
    page_path.write_text(belharbi_bib.cv(belharbi_bib.load(), to="html"), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=tool("chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 820})
        page.goto(page_path.as_uri())
        page.fill("#filter-text", "class activation")
        page.locator("li.work:not([hidden]) .bibtex-toggle").first.click()
        page.screenshot(path=str(target))
        browser.close()


def pdf_screenshot(workdir: Path, target: Path) -> None:
    """Compile the standalone LaTeX CV and render its first page."""
    tex = workdir / "cv.tex"
    tex.write_text(
        belharbi_bib.cv(belharbi_bib.load(), to="latex", standalone=True, max_authors=8),
        encoding="utf-8",
    )
    for _ in range(2):
        subprocess.run(
            [tool("pdflatex"), "-interaction=nonstopmode", "-halt-on-error", tex.name],
            cwd=workdir,
            check=True,
            capture_output=True,
        )
    stem = workdir / "page"
    subprocess.run(
        [
            tool("pdftoppm"),
            "-png",
            "-r",
            "80",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
            "cv.pdf",
            str(stem),
        ],
        cwd=workdir,
        check=True,
    )
    shutil.copyfile(stem.with_suffix(".png"), target)


def main() -> None:
    """Write both screenshots into docs/img/."""
    IMG.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        html_screenshot(Path(tmp), IMG / "cv-html.png")
        pdf_screenshot(Path(tmp), IMG / "cv-pdf.png")
    print(f"wrote {IMG / 'cv-html.png'} and {IMG / 'cv-pdf.png'}")


if __name__ == "__main__":
    main()
