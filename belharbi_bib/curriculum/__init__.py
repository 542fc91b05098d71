"""CV publication sections and a publications web page, always in sync with the ``.bib``.

``cv(library, to=...)`` renders the works of a library as LaTeX (a section to ``\\input``, or
a complete document), Markdown for a Jekyll site, one self-contained HTML page, or the
JSON Resume ``publications`` array. Works are grouped by kind (journal articles, conference
papers, workshop papers, preprints, thesis, patents, talks and tutorials, challenges) or by
year, newest first, numbered per kind (``J1``, ``C1`` ...), with the owner's name in bold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from belharbi_bib.curriculum.options import FORMATS, GROUPINGS, CvOptions, make_options
from belharbi_bib.curriculum.owner import DEFAULT_OWNER, Owner

if TYPE_CHECKING:
    from belharbi_bib.curriculum.sections import Cv
    from belharbi_bib.model import Library, Record
    from belharbi_bib.problems import Problem
    from belharbi_bib.venues import VenueRegistry

__all__ = [
    "DEFAULT_OWNER",
    "FORMATS",
    "GROUPINGS",
    "CvOptions",
    "Owner",
    "Rendered",
    "cv",
    "render",
]


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered CV and what is worth telling about the data behind it.

    Attributes:
        text: The output, in the format asked for.
        problems: ``cv.*`` problems (merged preprints, works without the owner or a year ...).
    """

    text: str
    problems: tuple[Problem, ...]


def _renderer(name: str) -> Callable[[Cv], str]:
    if name == "latex":
        from belharbi_bib.curriculum.latex_cv import render_latex

        return render_latex
    if name == "html":
        from belharbi_bib.curriculum.html_cv import render_html

        return render_html
    if name == "jsonresume":
        from belharbi_bib.curriculum.jsonresume_cv import render_jsonresume

        return render_jsonresume
    from belharbi_bib.curriculum.markdown_cv import render_markdown

    return render_markdown


def render(
    records: Library | Iterable[Record],
    options: CvOptions,
    venues: VenueRegistry | None = None,
) -> Rendered:
    """Render the works of ``records`` as ``options`` say; see :func:`cv` for the defaults."""
    from belharbi_bib.curriculum.sections import build_cv

    document = build_cv(records, options, _venues_for(records, venues))
    problems = document.problems
    if options.to == "latex":
        from belharbi_bib.curriculum.latex_cv import latex_problems

        problems = (*problems, *latex_problems(document))
    return Rendered(_renderer(options.to)(document), problems)


def _venues_for(
    records: Library | Iterable[Record], venues: VenueRegistry | None
) -> VenueRegistry | None:
    """Return ``venues``, or the bundled registry when the records are the bundled database."""
    if venues is not None:
        return venues
    from belharbi_bib.model import Library

    if not isinstance(records, Library) or records.path is None:
        return None
    import os

    from belharbi_bib import database, load_venues

    if os.path.abspath(records.path) != os.path.abspath(database.bib_path()):
        return None
    return load_venues()


def cv(
    library: Library | Iterable[Record],
    *,
    to: str = "markdown",
    owner: str | Owner = DEFAULT_OWNER,
    group_by: str = "kind",
    kinds: Iterable[str] | None = None,
    since: int | None = None,
    selected: bool = False,
    max_authors: int | None = None,
    venues: VenueRegistry | None = None,
    standalone: bool = False,
    aliases: Iterable[str] = (),
    until: int | None = None,
    full_venues: bool = False,
    title: str = "",
) -> str:
    r"""Return the CV publication sections (or page) of a library's works.

    Args:
        library: The works (a library, or any records).
        to: ``markdown`` (Jekyll site), ``latex`` (section to ``\input``), ``html`` (one
            self-contained page) or ``jsonresume`` (the JSON Resume ``publications``).
        owner: The owner's name (any spelling), highlighted in bold and never truncated away.
        group_by: ``kind`` (sections by kind) or ``year``.
        kinds: Kinds to include, in section order (default: every kind in the standard order).
        since: Earliest year included.
        selected: Keep only works marked ``selected = {true}`` (or keyword ``selected``).
        max_authors: Show at most this many authors per work, plus the owner, then "et al.".
        venues: The venue registry for short names (default: the bundled one for the bundled
            database, else none).
        standalone: LaTeX: a complete document that compiles with pdflatex.
        aliases: Other spellings of the owner's name.
        until: Latest year included.
        full_venues: Write venues as ``Full Name (SHORT)``.
        title: The heading of a standalone document or page.

    Raises:
        ValueError: An unknown format, grouping or kind.

    >>> from belharbi_bib import loads
    >>> lib = loads("@article{k, author={Belharbi, S. and Doe, J.}, title={T}, "
    ...             "journal={J. Stuff}, year=2020}")
    >>> print(cv(lib, to="markdown").splitlines()[-1])
    * **J1** J. Stuff 2020, “T.” **S. Belharbi**, J. Doe.
    """
    options = make_options(
        to=to,
        owner=owner,
        aliases=aliases,
        kinds=kinds,
        since=since,
        until=until,
        group_by=group_by,
        selected=selected,
        max_authors=max_authors,
        standalone=standalone,
        full_venues=full_venues,
        title=title,
    )
    return render(library, options, venues).text
