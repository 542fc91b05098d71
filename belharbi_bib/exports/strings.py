"""``--strings``: venues as ``@string`` macros, one definition per distinct venue text.

Only venues the registry knows become macros, named by their registry id (``wacv``): a name
made up from a user's text (``a``, ``irichrh5``) would mean nothing to a reader. Without a
registry, or for venues it does not know, the venue stays written out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from belharbi_bib import values
from belharbi_bib.model import Field, Record, StringDef

MACRO_FIELDS: tuple[str, ...] = ("journal", "journaltitle", "booktitle")
"""Fields whose value becomes a macro."""

RESERVED: frozenset[str] = frozenset(
    {
        *values.MONTH_MACROS,
        "acmcs", "acta", "cacm", "ibmjrd", "ibmsj", "ieeese", "ieeetc", "ieeetcad", "ipl",
        "jacm", "jcss", "scp", "sicomp", "tcs", "tocs", "tods", "tog", "toms", "toois",
        "toplas",
    }
)  # fmt: skip
"""Macros the standard styles predefine (months, plain.bst's journals): never redefined."""


def base_name(venue_id: str) -> str:
    """Return the macro name for a venue of the registry: its id, made a valid macro name.

    Only venues the registry knows become macros (see the module docstring): the id is the
    name, lower-cased and reduced to letters and digits, starting with a letter, and never a
    macro the standard styles predefine.

    >>> base_name("wacv"), base_name("CVPR-W"), base_name("3dv"), base_name("jan")
    ('wacv', 'cvprw', 'venue3dv', 'janvenue')
    """
    name = re.sub(r"[^a-z0-9]", "", venue_id.lower())
    if not name or not name[0].isalpha():
        name = "venue" + name
    return name + "venue" if name in RESERVED else name


def macroize(
    records: Sequence[Record], venue_ids: Sequence[str | None]
) -> tuple[tuple[StringDef, ...], tuple[Record, ...]]:
    """Replace venue fields by macros; return the ``@string`` definitions and the new records.

    ``venue_ids[i]`` is the registry id of ``records[i]``'s venue, or None (then its venue
    stays written out). The same venue spelled the same way shares one macro; a venue spelled
    two ways gets ``name``, ``name2``... so no text is lost. Definitions come sorted by name.

    >>> a = Record("a", "article", (Field.of("journal", "Pattern Recognition"),))
    >>> b = Record("b", "article", (Field.of("journal", "Pattern Recognition"),))
    >>> defs, out = macroize([a, b], ["patrec", "patrec"])
    >>> [(d.name, d.raw) for d in defs], out[1].get("journal").raw
    ([('patrec', '{Pattern Recognition}')], 'patrec')
    >>> macroize([a], [None])[0]
    ()
    """
    by_text: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    out: list[Record] = []
    for record, venue_id in zip(records, venue_ids, strict=True):
        if not venue_id:
            out.append(record)
            continue
        fields: list[Field] = []
        for item in record.fields:
            text = values.literal_text(item.raw)
            if item.name not in MACRO_FIELDS or text is None or not text.strip():
                fields.append(item)
                continue
            base = base_name(venue_id)
            name = by_text.get((base, text))
            if name is None:
                name = _fresh(base, used)
                by_text[(base, text)] = name
                used.add(name)
            fields.append(Field(item.name, name))
        out.append(Record(record.key, record.entry_type, tuple(fields)))
    definitions = sorted(
        (StringDef(name, values.braced(text)) for (_, text), name in by_text.items()),
        key=lambda d: d.name,
    )
    return tuple(definitions), tuple(out)


def _fresh(base: str, used: set[str]) -> str:
    if base not in used:
        return base
    number = 2
    while f"{base}{number}" in used:
        number += 1
    return f"{base}{number}"
