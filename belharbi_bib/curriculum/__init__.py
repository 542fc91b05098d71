"""CV publication sections and a publications web page, always in sync with the ``.bib``.

``cv(library, to=...)`` renders the works of a library as LaTeX (a section to ``\\input``, or
a complete document), Markdown for a Jekyll site, one self-contained HTML page, or the
JSON Resume ``publications`` array. Works are grouped by kind (journal articles, conference
papers, workshop papers, preprints, thesis, patents, talks and tutorials, challenges) or by
year, newest first, numbered per kind (``J1``, ``C1`` ...), with the owner's name in bold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from belharbi_bib.curriculum.html_cv import render_html
from belharbi_bib.curriculum.jsonresume_cv import render_jsonresume
from belharbi_bib.curriculum.latex_cv import latex_problems, render_latex
from belharbi_bib.curriculum.markdown_cv import render_markdown
from belharbi_bib.curriculum.options import FORMATS, GROUPINGS, CvOptions, make_options
from belharbi_bib.curriculum.owner import DEFAULT_OWNER, Owner
from belharbi_bib.curriculum.sections import build_cv
from belharbi_bib.model import Library, Record
from belharbi_bib.problems import Produced
from belharbi_bib.project import registry_for
from belharbi_bib.structs import replace
from belharbi_bib.texmacros import expand_library

if TYPE_CHECKING:
    from belharbi_bib.curriculum.sections import Cv
    from belharbi_bib.venues import VenueRegistry

__all__ = [
    "DEFAULT_OWNER",
    "FORMATS",
    "GROUPINGS",
    "RENDERERS",
    "CvOptions",
    "Owner",
    "Rendered",
    "cv",
    "make_options",
    "render",
]


class Rendered(Produced):
    """A rendered CV (a ``str``) and, in ``.problems``, what is worth telling about its data.

    Problems are ``cv.*`` ones: merged preprints, works without the owner or a year ...
    """


RENDERERS: dict[str, Callable[[Cv], str]] = {
    "markdown": render_markdown,
    "latex": render_latex,
    "html": render_html,
    "jsonresume": render_jsonresume,
}
"""The CV renderers, one per format of :data:`FORMATS` (a test checks they match)."""


def render(
    records: Library | Iterable[Record],
    options: CvOptions,
    venues: VenueRegistry | None = None,
) -> Rendered:
    """Render the works of ``records`` as ``options`` say; see :func:`cv` for the defaults."""
    if isinstance(records, Library):  # its preamble's macros, as LaTeX would run them
        records = expand_library(records)
    document = build_cv(records, options, _venues_for(records, venues))
    problems = document.problems
    if options.to == "latex":
        problems = (*problems, *latex_problems(document))
    return Rendered(RENDERERS[options.to](document), problems)


def _venues_for(
    records: Library | Iterable[Record], venues: VenueRegistry | None
) -> VenueRegistry | None:
    """Return ``venues``, else the registry :mod:`belharbi_bib.project` picks for the records."""
    if venues is not None:
        return venues
    if not isinstance(records, Library):
        return None
    return registry_for(records.path)


def cv(
    library: Library | Iterable[Record],
    options: CvOptions | None = None,
    /,
    *,
    venues: VenueRegistry | None = None,
    **changes: Any,
) -> Rendered:
    r"""Return the CV publication sections (or page) of a library's works.

    The result is a ``str`` with ``.problems``. ``cv(lib, to="latex", standalone=True)`` is
    ``cv(lib, CvOptions(to="latex", standalone=True))``: keyword arguments are
    :class:`CvOptions` fields (``to``, ``owner``, ``group_by``, ``kinds``, ``query``,
    ``selected``, ``max_authors``, ``standalone``, ``full_venues``, ``title``), replacing those
    of ``options``; :func:`~belharbi_bib.curriculum.options.make_options` builds options from
    plain values (an owner's name and aliases, years).

    Args:
        library: The works (a library, or any records).
        options: What to show and how (default: :class:`CvOptions`).
        venues: The venue registry for short names (default: the one
            :mod:`belharbi_bib.project` picks: the bundled one for the bundled database).
        **changes: :class:`CvOptions` fields.

    Raises:
        ValueError: An unknown format, grouping or kind.
        TypeError: A keyword that is not a :class:`CvOptions` field.

    >>> from belharbi_bib import loads
    >>> lib = loads("@article{k, author={Belharbi, S. and Doe, J.}, title={T}, "
    ...             "journal={J. Stuff}, year=2020}")
    >>> print(cv(lib, to="markdown").splitlines()[-1])
    * **J1** J. Stuff 2020, “T.” **S. Belharbi**, J. Doe.
    """
    return render(library, replace(options or CvOptions(), **changes), venues)
