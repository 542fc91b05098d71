"""The facts table: per work, which facts are confirmed and from where, and which are missing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from belharbi_bib.model import Record
from belharbi_bib.provenance import Provenance, unconfirmed_fields

_SHOWN = ("author", "title", "venue", "year", "pages", "doi", "eprint", "code")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _short(source: str) -> str:
    if source.startswith(("http://", "https://")):
        host = source.split("/")[2]
        return f"[{host}]({source})"
    return f"`{source}`"


def facts_table(records: Iterable[Record], provenance: Mapping[str, Provenance]) -> str:
    """Return a Markdown table: one row per work, one column per main fact.

    A cell shows how many sources confirm the fact (✓n), ``—`` when the work has no such
    field and nothing says it should, **missing** when the fact is marked incomplete, and
    **unconfirmed** when the field is present but no primary source confirms it. The last
    column lists the distinct sources.
    """
    header = [
        "key",
        "year",
        *(_SHOWN[i] for i in range(len(_SHOWN)) if _SHOWN[i] != "year"),
        "sources",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for record in records:
        entry = provenance.get(record.key, Provenance(record.key))
        cells = [f"`{record.key}`", str(record.year or "")]
        unconfirmed = unconfirmed_fields(record, entry)
        for fact in _SHOWN:
            if fact == "year":
                continue
            if fact in entry.incomplete:
                cells.append("**missing**")
            elif fact in unconfirmed:
                cells.append("**unconfirmed**")
            elif fact in entry.facts:
                cells.append(f"✓{len(entry.facts[fact])}")
            elif fact == "venue" and any(k in entry.facts for k in ("booktitle", "journal")):
                cells.append("✓")
            else:
                cells.append("—")
        cells.append(", ".join(_short(s) for s in entry.sources))
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


_INTRO = """\
# Facts of the bundled database

Which facts of each work are confirmed, and from where; which could not be confirmed.
This page is generated from `bib/belharbi.bib` and `bib/provenance.toml`; regenerate it with
`belharbi-bib facts -o docs/facts.md` (a test fails when it is out of date).

Legend: ✓n = confirmed by n sources; **missing** = no source confirms it (the field is left out,
or the author list ends with `and others`); **unconfirmed** = the field is present but no primary
source confirms it (`belharbi-bib check` warns); — = the work has no such fact.

Only primary sources are cited: `seed:listing` and `seed:homepage` are the researcher's two
seed documents, `site:publications` and `site:index` the snapshot of his site,
`repo:OWNER/NAME/PATH` a file of a public repository of an author of the work (a code or
challenge README, a co-author's BibTeX, a paper or slides PDF of the researcher's site
repository, read with `pdftotext`), `arxiv:ID` the arXiv record; links are pages of the
publisher, the preprint server, an open archive, DBLP, or the authors and organisers
themselves. Mirrors, aggregators and third-party reference lists are never cited:
`belharbi-bib check` reports them as errors (`check.secondary-source`).

"""


def facts_page(records: Iterable[Record], provenance: Mapping[str, Provenance]) -> str:
    """Return the whole Markdown page: an introduction and :func:`facts_table`."""
    return _INTRO + facts_table(records, provenance)
