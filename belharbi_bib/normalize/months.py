"""The month rule: months as the bare macros every BibTeX style defines (``jan`` ... ``dec``)."""

from __future__ import annotations

from belharbi_bib import dates, values
from belharbi_bib.model import Field, Record
from belharbi_bib.normalize.context import Context, FieldMap, Outcome, apply_map, literal
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


def month_field(item: Field) -> Field | None:
    """Return a ``month`` field rewritten as a bare macro, or None to leave it as it is.

    >>> month_field(Field("month", "{June}", 3))
    Field(name='month', raw='jun', line=3, text='June')
    >>> month_field(Field("month", "jun", text="June")) is None
    True
    """
    raw = item.raw.strip()
    if raw in MONTH_MACROS:
        return None
    text = literal(item)
    if text is None:
        parts = values.parse(raw)
        text = item.value if parts is not None and len(parts) == 1 else None
    macro = month_macro(text) if text is not None else None
    if macro is None:
        return None
    return Field("month", macro, item.line, MONTH_MACROS[macro])


_MONTH = frozenset({"month"})

MONTHS = FieldMap(_MONTH.__contains__, str, field=month_field)
"""The month rule as a field map (it rewrites whole fields: a month may be a macro)."""


def month_map(context: Context) -> FieldMap:
    """Return the month rule's field map."""
    return MONTHS


def normalize_month(record: Record, context: Context) -> Outcome:
    """Rewrite ``month`` as a bare macro; values that are not one month are left alone."""
    return apply_map(record, MONTHS)
