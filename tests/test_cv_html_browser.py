"""The publications page in headless Chromium (Playwright, system chromium, no network).

Every work is listed; the year and kind filters and the search box narrow the list; a BibTeX
toggle opens (``aria-expanded``) and shows the entry; the page works from the keyboard; it
logs no console error, raises no page error and requests nothing but its own file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import require_tool

import belharbi_bib
from belharbi_bib.curriculum import CvOptions, render
from belharbi_bib.curriculum.owner import GAP
from belharbi_bib.curriculum.sections import Cv, build_cv
from belharbi_bib.latex import to_unicode

DATA = Path(__file__).parent / "data" / "cv"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = r"""@inproceedings{evil2024,
  author = {Belharbi, Soufiane and {<img src=x onerror=alert(2)>}},
  title = {<script>alert(1)</script> \textbackslash{}input\{x\} [a](javascript:b) \& \% \_ \# \$},
  booktitle = {Proc. <b onclick=alert(5)>x</b>},
  year = {2024},
  code = {javascript:alert(3)},
}
"""


class Page:
    """A loaded page and everything it reported."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(str(dialog.message))
        dialog.dismiss()

    def assert_clean(self, path: Path) -> None:
        assert not self.errors, self.errors
        assert not [m for m in self.console if m[0] in ("error", "warning")], self.console
        assert self.requests == [path.as_uri()], self.requests
        assert not self.dialogs, self.dialogs

    def visible(self) -> list[str]:
        keys: list[str] = self.page.eval_on_selector_all(
            "li.work", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.key)"
        )
        return keys

    def status(self) -> str:
        return str(self.page.text_content("#status"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or chromium, args=ARGS
        )
        yield launched
        launched.close()


def open_page(browser: Any, path: Path) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = Page(context.new_page())
    page.page.goto(path.as_uri())
    yield page
    page.assert_clean(path)
    context.close()


@pytest.fixture(scope="module")
def fixture_cv() -> tuple[Cv, str]:
    library = belharbi_bib.load(DATA / "works.bib")
    venues = belharbi_bib.load_venues(DATA / "venues.toml")
    options = CvOptions(to="html")
    return build_cv(library, options, venues), render(library, options, venues).text


@pytest.fixture
def site(browser: Any, tmp_path: Path, fixture_cv: tuple[Cv, str]) -> Iterator[Page]:
    path = tmp_path / "publications.html"
    path.write_text(fixture_cv[1], encoding="utf-8")
    yield from open_page(browser, path)


def test_every_work_is_listed(site: Page, fixture_cv: tuple[Cv, str]) -> None:
    document = fixture_cv[0]
    assert site.visible() == [item.key for item in document.items]
    assert site.status() == f"Showing {document.total} of {document.total} works."
    for item in document.items:
        text = site.page.text_content(f"#work-{item.number} .title")
        assert item.title in " ".join(str(text).split())
    owner = site.page.eval_on_selector_all(".authors strong", "els => els.map(e => e.textContent)")
    assert set(owner) == {"Soufiane Belharbi", "S. Belharbi"}


def test_year_filter_narrows(site: Page, fixture_cv: tuple[Cv, str]) -> None:
    expected = [item.key for item in fixture_cv[0].items if item.year == 2022]
    site.page.select_option("#filter-year", "2022")
    assert site.visible() == expected
    assert 0 < len(expected) < fixture_cv[0].total
    assert site.status() == f"Showing {len(expected)} of {fixture_cv[0].total} works."
    # Sections left empty are hidden.
    assert not site.page.is_visible("#section-thesis")
    assert site.page.is_visible("#section-conference")


def test_kind_filter_narrows(site: Page, fixture_cv: tuple[Cv, str]) -> None:
    site.page.select_option("#filter-kind", "talk")
    assert site.visible() == ["belharbi2022tutorial", "belharbi2017representation"]
    site.page.select_option("#filter-year", "2017")
    assert site.visible() == ["belharbi2017representation"]
    site.page.click("#filter-reset")
    site.page.wait_for_function("() => !document.querySelector('li.work[hidden]')")
    assert len(site.visible()) == fixture_cv[0].total


def test_search_narrows_and_ignores_accents_and_case(site: Page) -> None:
    site.page.fill("#filter-text", "histology")
    assert site.visible() == ["belharbi2022deep"]
    site.page.fill("#filter-text", "HERAULT ponderation")  # "Hérault", "Pondération"
    assert site.visible() == ["belharbi2016special"]
    site.page.fill("#filter-text", "no such words anywhere")
    assert site.visible() == []
    assert site.page.is_visible("#no-results")
    assert site.status().startswith("Showing 0 of")


def test_bibtex_toggle_opens_and_shows_the_entry(site: Page) -> None:
    toggle = site.page.locator("#work-1 .bibtex-toggle")
    panel = site.page.locator("#bibtex-1")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not panel.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert panel.is_visible()
    entry = str(panel.locator("code").text_content())
    assert entry.startswith("@article{belharbi2022deep,")
    assert "venueid" not in entry
    assert "selected" not in entry
    assert "doi = {10.1109/TMI.2021.3123461}" in entry
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not panel.is_visible()


def test_copy_button_copies_the_entry(site: Page) -> None:
    site.page.click("#work-1 .bibtex-toggle")
    site.page.click("#bibtex-1 .copy")
    site.page.wait_for_function(
        "() => document.querySelector('#bibtex-1 .copy').textContent !== 'Copy BibTeX'"
    )
    copied = site.page.evaluate("navigator.clipboard.readText()")
    assert copied == site.page.text_content("#bibtex-code-1")
    assert site.page.text_content("#copy-status") == "Copied"


def test_keyboard_operation(site: Page) -> None:
    page = site.page
    page.focus("#filter-text")
    page.keyboard.type("tutorial")
    assert site.visible() == ["belharbi2022tutorial"]
    page.keyboard.press("Escape")
    assert len(site.visible()) > 1
    page.keyboard.type("pattern")
    # Tab from the search box through the links to the first BibTeX toggle.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('bibtex-toggle')"):
            break
    else:
        pytest.fail("no BibTeX toggle reachable with Tab")
    button = page.evaluate_handle("document.activeElement")
    panel_id = button.get_attribute("aria-controls")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.is_visible(f"#{panel_id}")
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "false"
    # The filters are labelled controls.
    for control in ("filter-year", "filter-kind", "filter-text"):
        assert page.locator(f"label[for='{control}']").count() == 1


def test_bundled_database_page(browser: Any, tmp_path: Path) -> None:
    library = belharbi_bib.load()
    options = CvOptions(to="html")
    document = build_cv(library, options, belharbi_bib.load_venues())
    path = tmp_path / "bundled.html"
    path.write_text(render(library, options).text, encoding="utf-8")
    for page in open_page(browser, path):
        assert page.visible() == [item.key for item in document.items]
        page.page.select_option("#filter-year", "2024")
        assert page.visible() == [i.key for i in document.items if i.year == 2024]
        page.page.select_option("#filter-year", "")
        page.page.fill("#filter-text", "weakly supervised")
        shown = page.visible()
        assert 0 < len(shown) < document.total
        titles = {i.key: i.title.lower() for i in document.items}
        assert all("weakly" in titles[k] or "supervised" in titles[k] for k in shown)


def test_hostile_data_stays_text(browser: Any, tmp_path: Path) -> None:
    library = belharbi_bib.loads(HOSTILE, "evil.bib")
    path = tmp_path / "evil.html"
    path.write_text(render(library, CvOptions(to="html")).text, encoding="utf-8")
    for page in open_page(browser, path):
        title = " ".join(str(page.page.text_content("#work-1 .title")).split())
        assert to_unicode(library.records[0].title) in title
        assert page.page.locator("li.work img, li.work b, li.work script").count() == 0
        assert page.page.locator("#work-1 .links a").count() == 0  # javascript: is not a link
        page.page.click("#work-1 .bibtex-toggle")
        assert "<script>alert(1)</script>" in str(page.page.text_content("#bibtex-code-1"))


def test_names_are_never_broken_across_lines(browser: Any, tmp_path: Path) -> None:
    """On a phone-width page every author name sits on one line (each ``.name`` is one box)."""
    library = belharbi_bib.load()
    document = build_cv(library, CvOptions(to="html"), belharbi_bib.load_venues())
    path = tmp_path / "narrow.html"
    path.write_text(render(library, CvOptions(to="html")).text, encoding="utf-8")
    context = browser.new_context(viewport={"width": 340, "height": 700})
    page = Page(context.new_page())
    page.page.goto(path.as_uri())
    names = page.page.eval_on_selector_all(
        ".authors .name",
        """els => els.map(e => [e.textContent, e.getClientRects().length,
                               getComputedStyle(e).whiteSpace])""",
    )
    shown = sum(1 for item in document.items for person in item.authors.people if person != GAP)
    assert len(names) == shown
    assert {style for _, _, style in names} == {"nowrap"}
    broken = [text for text, boxes, _ in names if boxes != 1]
    assert broken == []
    # The author lists still wrap between names.
    tall = page.page.eval_on_selector_all(
        ".authors", "els => els.filter(e => e.getClientRects().length > 1).length"
    )
    assert tall > 0
    page.assert_clean(path)
    context.close()


def test_titles_are_styled_one_way(site: Page, fixture_cv: tuple[Cv, str]) -> None:
    """Upright, in quotes, not underlined (until hovered), the period inside the quotes."""
    styles = site.page.eval_on_selector_all(
        ".title",
        """els => els.map(e => {
            const a = e.querySelector('a');
            return [e.textContent, getComputedStyle(e).fontStyle,
                    a ? getComputedStyle(a).fontStyle : 'normal',
                    a ? getComputedStyle(a).textDecorationLine : 'none',
                    a ? a.textContent : ''];
        })""",
    )
    assert len(styles) == fixture_cv[0].total
    for text, style, link_style, decoration, link in styles:
        assert (style, link_style, decoration) == ("normal", "normal", "none"), text
        assert text.startswith("“"), text
        assert text.endswith(("?”", ".”", "!”")), text
        assert not {"“", "”"} & set(link), link  # the link covers the words only
    item = next(i for i in fixture_cv[0].items if i.key == "belharbi2022deep")
    href = site.page.get_attribute(f"#work-{item.number} .title a", "href")
    assert href == "https://doi.org/10.1109/TMI.2021.3123461"  # the publisher DOI, not arXiv
    links = site.page.eval_on_selector_all(
        f"#work-{item.number} .links a", "els => els.map(e => e.textContent)"
    )
    assert links[:2] == ["DOI", "arXiv"]
