"""The month rule: months as the bare macros every BibTeX style defines (``jan`` ... ``dec``)."""

from __future__ import annotations

from dataclasses import replace

from belharbi_bib import dates, values
from belharbi_bib.model import Field, Record
from belharbi_bib.normalize.context import Context, Outcome, literal, unchanged
from belharbi_bib.values import MONTH_MACROS


def month_macro(text: str) -> str | None:
    """Return the macro for a month written as a name, abbreviation or number, else None.

    One parser for every output: :func:`belharbi_bib.dates.month_macro`.

    >>> [month_macro(t) for t in ("January", "june", "Sept.", "6", "06", "jun", "juin")]
    ['jan', 'jun', 'sep', 'jun', 'jun', 'jun', 'jun']
    >>> month_macro("Spring") is None, month_macro("13") is None
    (True, True)
    """
    return dates.month_macro(text)


def normalize_month(record: Record, context: Context) -> Outcome:
    """Rewrite ``month`` as a bare macro; values that are not one month are left alone."""
    if "month" not in record:
        return unchanged(record)
    fields = list(record.fields)
    changed = False
    for index, item in enumerate(record.fields):
        if item.name != "month":
            continue
        raw = item.raw.strip()
        if raw in MONTH_MACROS:
            continue
        text = literal(item)
        if text is None:
            parts = values.parse(raw)
            text = item.value if parts is not None and len(parts) == 1 else None
        macro = month_macro(text) if text is not None else None
        if macro is None:
            continue
        fields[index] = Field("month", macro, item.line, MONTH_MACROS[macro])
        changed = True
    if not changed:
        return unchanged(record)
    return replace(record, fields=tuple(fields)), ()
