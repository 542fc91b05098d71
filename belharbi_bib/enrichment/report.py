"""The provenance report: per entry, per field, what each source offered and what became of it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from belharbi_bib.enrichment import EnrichResult

REPORT_FORMAT = "belharbi-bib/enrich-report"
REPORT_VERSION = 1


def as_json(result: EnrichResult, sources: Sequence[str], *, offline: bool = False) -> object:
    """Return the report as JSON-ready data (entries in library order; no timestamps).

    Entries appear when a source said something about them or a problem concerns them.
    """
    by_key: dict[str, dict[str, list[object]]] = {}
    order = [r.key for r in result.library.records]

    def slot(key: str) -> dict[str, list[object]]:
        return by_key.setdefault(key, {"changes": [], "provenance": [], "problems": []})

    for change in result.changes:
        data = change.as_dict(by_name="source")
        del data["key"]
        slot(change.key)["changes"].append(data)
    for decision in result.provenance:
        slot(decision.key)["provenance"].append(
            {
                "field": decision.field,
                "status": decision.status,
                "offered": decision.offered,
                "before": decision.before,
                "source": decision.source,
                "label": decision.label,
                "url": decision.url,
                "score": decision.score,
            }
        )
    for problem in result.problems:
        slot(problem.key or "")["problems"].append(
            {
                "code": problem.code,
                "severity": problem.severity.value,
                "message": problem.message,
                "line": problem.line,
            }
        )
    entries = [{"key": key, **by_key[key]} for key in order if key in by_key]
    changed = {c.key for c in result.changes}
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "sources": list(sources),
        "offline": offline,
        "summary": {
            "entries": len(order),
            "changed_entries": len(changed),
            "changed_fields": len(result.changes),
            "problems": _count_problems(result),
        },
        "entries": entries,
    }


def _count_problems(result: EnrichResult) -> dict[str, int]:
    counts: dict[str, int] = {}
    for problem in result.problems:
        counts[problem.code] = counts.get(problem.code, 0) + 1
    return dict(sorted(counts.items()))


def render(result: EnrichResult, sources: Sequence[str], *, offline: bool = False) -> str:
    """Return the report as JSON text (indented, UTF-8, ending with a newline)."""
    data = as_json(result, sources, offline=offline)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
