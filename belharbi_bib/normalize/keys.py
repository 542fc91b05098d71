"""The key rule: missing citation keys generated from a pattern; ``rekey`` for all.

A key is never changed without ``rekey``: one BibTeX or biber cannot use is reported
(``norm.invalid-key``, with its line) and kept as it is.

The default pattern ``{author}{year}{title}`` gives the first author's last name, the year
and the first significant title word, each ASCII-folded, lower-cased and stripped of
everything but letters and digits: ``Belharbi, Soufiane`` / 2022 / ``F-CAM: Full
Resolution ...`` -> ``belharbi2022fcam``. Keys taken already get a suffix ``a``, ``b`` ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from itertools import count, product

from belharbi_bib import patterns, values
from belharbi_bib.model import Record
from belharbi_bib.names import parse_names
from belharbi_bib.normalize.changes import Change, diff_fields
from belharbi_bib.normalize.context import literal, problem
from belharbi_bib.normalize.folding import ascii_fold, first_surname, plain
from belharbi_bib.normalize.names import malformation
from belharbi_bib.normalize.options import Options
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import replace

STOPWORDS: frozenset[str] = frozenset(
    {
        "a", "an", "the", "of", "on", "in", "for", "and", "or", "to", "with", "via", "by", "at",
        "from", "towards", "toward", "into", "is", "are", "do", "does",
    }
)  # fmt: skip
"""Title words skipped when choosing the title word of a key."""

REFERENCE_FIELDS: tuple[str, ...] = ("crossref", "xref", "related", "entryset")
"""Fields holding other entries' keys (comma-separated lists), updated when keys change."""

_LOWERCASE = "abcdefghijklmnopqrstuvwxyz"
"""string.ascii_lowercase (the ``string`` module, with its Template pattern, is not loaded)."""
_AND = patterns.compile(r"\s+and\s+", re.IGNORECASE)
_INVALID = patterns.compile(r"[\s,{}\"#%'()=\\]")
_PLACEHOLDER = patterns.compile(r"\{(author|year|title)\}")


def is_valid_key(key: str) -> bool:
    """Return True for a key BibTeX and biber both accept.

    >>> is_valid_key("belharbi2022fcam"), is_valid_key("DBLP:conf/wacv/X22")
    (True, True)
    >>> is_valid_key(""), is_valid_key("a key"), is_valid_key("a{b}")
    (False, False, False)
    """
    return bool(key) and _INVALID.search(key) is None


def author_part(record: Record) -> str:
    """Return the first author's (else editor's) last name, folded; ``anon`` when none.

    >>> from belharbi_bib.model import Field
    >>> author_part(Record("k", "misc", (Field.of("author", "Jean de La Fontaine"),)))
    'lafontaine'
    """
    for role in ("author", "editor"):
        text = record.field(role)
        if not text or not text.strip():
            continue
        folded = ascii_fold(first_last_name(text))
        if folded:
            return folded
    return "anon"


def first_last_name(text: str) -> str:
    """Return the last name of the first person of a name list, by BibTeX's rules.

    Simple names (no braces, commands or ties) are split here; others by
    :func:`belharbi_bib.names.parse_names`.

    >>> first_last_name("de la Fuente, José and Doe, J."), first_last_name("Jean de La Fontaine")
    ('Fuente', 'La Fontaine')
    >>> first_last_name("Ben Ayed, Ismail"), first_last_name("{\\'E}mile Zola and others")
    ('Ben Ayed', 'Zola')
    """
    first = _AND.split(text.strip(), maxsplit=1)[0]
    if not any(mark in first for mark in "{}\\~") and first.count(",") <= 1:
        words = first.split(",")[0].split()
        low = [i for i, word in enumerate(words[:-1]) if word[:1].islower()]
        if low:
            words = words[low[-1] + 1 :]
        elif "," not in first:
            words = words[-1:]  # First Last: the last word
        return " ".join(words)
    if malformation(first) is not None:
        return first_surname(text)
    people = parse_names(first)
    return people[0].last if people else ""


def title_part(record: Record) -> str:
    """Return the first title word that is not a stop word, folded; empty when none.

    >>> from belharbi_bib.model import Field
    >>> title_part(Record("k", "misc", (Field.of("title", "The {F-CAM}: full resolution"),)))
    'fcam'
    """
    for word in plain(record.field("title") or "").split():
        folded = ascii_fold(word)
        if folded and folded not in STOPWORDS:
            return folded
    return ""


def generate_key(record: Record, pattern: str) -> str:
    """Return the key ``pattern`` gives for ``record`` (``entry`` if it comes out empty).

    >>> from belharbi_bib.model import Field
    >>> r = Record("", "article", (Field.of("author", "Belharbi, Soufiane and Doe, J."),
    ...     Field.of("year", "2022"), Field.of("title", "F-CAM: Full Resolution CAM")))
    >>> generate_key(r, "{author}{year}{title}"), generate_key(r, "{author}:{year}")
    ('belharbi2022fcam', 'belharbi:2022')
    """
    parts = {
        "author": lambda: author_part(record),
        "year": lambda: str(record.year) if record.year is not None else "",
        "title": lambda: title_part(record),
    }
    key = _PLACEHOLDER.sub(lambda match: parts[match.group(1)](), pattern)
    return key if is_valid_key(key) and key.strip(":-_/.") else "entry"


def suffixes() -> Iterator[str]:
    """Yield the collision suffixes: ``a`` ... ``z``, ``aa`` ... ``zz``, ``aaa`` ...

    >>> from itertools import islice
    >>> list(islice(suffixes(), 27))[-2:]
    ['z', 'aa']
    """
    for length in count(1):
        for letters in product(_LOWERCASE, repeat=length):
            yield "".join(letters)


def unique_key(base: str, taken: set[str]) -> str:
    """Return ``base``, or ``base`` with the first suffix not in ``taken`` (folded keys).

    >>> unique_key("doe2020deep", {"doe2020deep", "doe2020deepa"})
    'doe2020deepb'
    """
    if base.casefold() not in taken:
        return base
    return next(base + s for s in suffixes() if (base + s).casefold() not in taken)


def aliases(record: Record) -> list[str] | None:
    """Return the keys listed in ``ids``; None when ``ids`` cannot be rewritten safely.

    >>> from belharbi_bib.model import Field
    >>> aliases(Record("k", "misc", (Field("ids", "{a, b}"),))), aliases(Record("k", "misc"))
    (['a', 'b'], [])
    >>> aliases(Record("k", "misc", (Field("ids", "old", text="x"),))) is None
    True
    """
    item = record.get("ids")
    if item is None:
        return []
    text = literal(item)
    if text is None or not values.is_balanced(text):
        return None
    return [a.strip() for a in text.split(",") if a.strip()]


def with_alias(record: Record, old: str) -> Record:
    """Return ``record`` with ``old`` added to its ``ids`` (unchanged if ``ids`` is unsafe)."""
    known = aliases(record)
    if known is None or old.casefold() in {a.casefold() for a in known}:
        return record
    return record.with_field("ids", ", ".join([*known, old]))


def _keeps_key(record: Record, rekey: bool, pinned: frozenset[str]) -> bool:
    if not record.key:
        return False  # nothing to cite it by: a key is generated
    if record.key.casefold() in pinned or not rekey:
        return True  # without --rekey a key is never changed, even one BibTeX cannot use
    if not is_valid_key(record.key):
        return False
    return aliases(record) is None  # no safe place for the old key


def _unusable(record: Record) -> Problem:
    message = (
        f"key {record.key!r} cannot be used by BibTeX or biber (white space or one of"
        " , { } \" # % ' ( ) = \\); kept: rename it, or use --rekey"
    )
    return problem(record, "norm.invalid-key", message)


def assign_keys(
    records: Sequence[Record], options: Options, pinned: frozenset[str] = frozenset()
) -> tuple[list[Record], list[Change], list[Problem], dict[str, str]]:
    """Give keys to entries that lack one (to every entry with ``rekey``).

    Without ``rekey`` a key is never changed: one BibTeX cannot use is reported
    (``norm.invalid-key``) and kept. Keys in ``pinned`` (folded) are never changed: another
    block of the file, kept verbatim as a duplicate, uses them, and would otherwise turn into
    an entry on the next run.

    Returns:
        The records, the changes, the problems, and the renames (old folded key -> new key).
    """
    result = list(records)
    keep = [_keeps_key(r, options.rekey, pinned) for r in records]
    taken = {r.key.casefold() for r, kept in zip(records, keep, strict=True) if kept} | pinned
    changes: list[Change] = []
    found: list[Problem] = []
    renames: dict[str, str] = {}
    for index, record in enumerate(records):
        if keep[index]:
            if not options.rekey and record.key and not is_valid_key(record.key):
                found.append(_unusable(record))
            continue
        key = unique_key(generate_key(record, options.key_pattern), taken)
        taken.add(key.casefold())
        if key == record.key:
            continue
        updated = record
        if is_valid_key(record.key):
            updated = with_alias(record, record.key)
            changes.extend(diff_fields(record, updated, "keys"))
            renames[record.key.casefold()] = key
        elif record.key:
            message = f"invalid key {record.key!r} replaced by {key!r}"
            found.append(problem(record, "norm.invalid-key", message))
        else:
            message = f"missing key generated: {key!r}"
            found.append(problem(record, "norm.missing-key", message, Severity.INFO))
        changes.append(Change(record.key, "keys", None, record.key, key, record.line))
        result[index] = replace(updated, key=key)
    return result, changes, found, renames


def _retarget_text(text: str, renames: Mapping[str, str]) -> str:
    keys = [k.strip() for k in text.split(",")]
    if not any(k.casefold() in renames for k in keys):
        return text
    return ", ".join(renames.get(k.casefold(), k) for k in keys)


def retarget(
    records: Sequence[Record],
    renames: Mapping[str, str],
    rule: str,
    keys_read: Sequence[str] | None = None,
) -> tuple[list[Record], list[Change]]:
    """Point ``crossref``/``xref``/``related``/``entryset`` at renamed keys.

    ``keys_read`` gives each record's key as read, for the changes (default: its key now).
    """
    if not renames:
        return list(records), []
    result: list[Record] = []
    changes: list[Change] = []
    for index, record in enumerate(records):
        updated = record
        for name in REFERENCE_FIELDS:
            item = updated.get(name)
            text = literal(item) if item is not None else None
            if text is not None:
                new = _retarget_text(text, renames)
                if new != text and values.is_balanced(new):
                    updated = updated.with_field(name, new)
        if updated is not record:
            before = record if keys_read is None else replace(record, key=keys_read[index])
            changes.extend(diff_fields(before, updated, rule))
        result.append(updated)
    return result, changes
