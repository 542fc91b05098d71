"""The arXiv rule: an arXiv id found anywhere in an entry becomes ``eprint`` + ``archiveprefix``.

Sources, in order: ``eprint``; ``arxivid``/``arxiv``; an arXiv DOI (``10.48550/arXiv.ID``);
``url``; ``journal``/``journaltitle`` (``arXiv preprint arXiv:ID``); ``note``;
``howpublished``; DBLP's ``journal = {CoRR}`` + ``volume = {abs/ID}``. The id is written
without version (old-style ids such as ``math/0601001`` whole), ``archiveprefix = {arXiv}``
is added, and ``primaryclass`` when the entry names the class (``[cs.CV]``, ``eprintclass``,
``math.GT/0309136``) and it is a category of arXiv's taxonomy (see
:data:`~belharbi_bib.normalize.syntax.ARXIV_CATEGORIES`; Zotero's ``[cs]`` names an archive, not
a category, and is reported instead). Nothing is lost: the source fields stay (an arXiv DOI
stays beside ``eprint``: it is the DOI arXiv registered), except a journal that only said
"arXiv preprint", which moves to ``howpublished`` (an ``@article`` left without journal
becomes ``@misc``). Every such move is a reported change.
"""

from __future__ import annotations

import functools

from belharbi_bib import patterns
from belharbi_bib.identifiers import ArxivId, find_arxiv, is_preprint_doi, parse_arxiv
from belharbi_bib.model import Field, Record
from belharbi_bib.normalize.context import Context, Outcome, literal, problem, unchanged
from belharbi_bib.normalize.syntax import arxiv_category
from belharbi_bib.problems import Problem
from belharbi_bib.structs import replace

TEXT_SOURCES: tuple[str, ...] = (
    "arxivid", "arxiv", "doi", "url", "journal", "journaltitle", "note", "howpublished",
)  # fmt: skip
"""Fields searched for an arXiv id when ``eprint`` holds none, in this order."""

_SOURCE_NAMES = frozenset(TEXT_SOURCES)


class _Patterns:
    """The patterns of the rule, compiled on first use (most entries never need them)."""

    __slots__ = ("id_text", "id_with_class", "klass", "letters", "old_subject")

    def __init__(self) -> None:
        self.klass = patterns.compile(r"[a-zA-Z-]+(?:\.[a-zA-Z-]+)?")
        self.id_with_class = patterns.compile(
            r"(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\s*"
            r"\[\s*([a-zA-Z-]+(?:\.[a-zA-Z-]+)?)\s*\]"
        )
        self.old_subject = patterns.compile(r"([a-z][a-z-]*\.[A-Z]{2})/\d{7}")
        self.id_text = patterns.compile(
            r"\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?|\[[^\]]*\]"
        )
        self.letters = patterns.compile(r"[^\W\d_]+")


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


_ARXIV_WORDS = frozenset(
    {"arxiv", "preprint", "preprints", "e", "print", "prints", "eprint", "eprints", "org",
     "abs", "pdf", "http", "https", "www"}
)  # fmt: skip


def class_near(text: str, arxiv: ArxivId) -> str | None:
    """Return the primary class written next to an id (``arXiv:2201.02445 [cs.CV]``), if any.

    >>> class_near("arXiv:2201.02445v2 [cs.CV]", ArxivId("2201.02445"))
    'cs.CV'
    >>> class_near("math.GT/0309136", ArxivId("math/0309136"))
    'math.GT'
    """
    old = _patterns().old_subject.search(text)
    if old is not None and arxiv.id.startswith(old.group(1).split(".")[0] + "/"):
        return old.group(1)
    number = arxiv.id.split("/")[-1]
    for match in _patterns().id_with_class.finditer(text):
        if match.group(1).split("/")[-1] == number:
            return match.group(2)
    return None


def says_only_arxiv(text: str) -> bool:
    """Return True when a journal name only says "arXiv preprint" (with or without the id).

    >>> says_only_arxiv("arXiv preprint arXiv:2201.02445"), says_only_arxiv("ArXiv e-prints")
    (True, True)
    >>> says_only_arxiv("Ar{X}iv:1802.02219 [stat.ML]"), says_only_arxiv("arxiv.org/abs/2205.11916")
    (True, True)
    >>> says_only_arxiv("CoRR"), says_only_arxiv("arXiv and Pattern Recognition")
    (False, False)
    """
    compiled = _patterns()
    words = set(compiled.letters.findall(compiled.id_text.sub(" ", unbraced(text)).lower()))
    return "arxiv" in words and words <= _ARXIV_WORDS


def unbraced(text: str) -> str:
    """Return ``text`` without braces (``Ar{X}iv`` is ``ArXiv`` to a reader).

    >>> unbraced("Ar{X}iv:1802.02219")
    'ArXiv:1802.02219'
    """
    return text.replace("{", "").replace("}", "") if "{" in text else text


def _value(record: Record, name: str) -> str | None:
    item = record.get(name)
    if item is None:
        return None
    text = literal(item)
    return unbraced(text if text is not None else item.value)


def _locate(record: Record) -> tuple[ArxivId, str] | None:
    """Return the first arXiv id the entry mentions outside ``eprint``, and its field."""
    candidates: dict[str, Field] = {}
    for item in record.fields:
        if item.name in _SOURCE_NAMES and item.name not in candidates:
            candidates[item.name] = item
    for name in TEXT_SOURCES:
        source = candidates.get(name)
        if source is None:
            continue
        text = literal(source)
        text = unbraced(source.value if text is None else text)
        if name == "doi" and not is_preprint_doi(text.strip()):
            continue
        found = parse_arxiv(text) if name in ("arxivid", "arxiv") else find_arxiv(text)
        if found is not None:
            return found, name
    journal = candidates.get("journal")
    if journal is not None and (literal(journal) or journal.value).strip().lower() == "corr":
        volume = (_value(record, "volume") or "").strip()
        if volume.startswith("abs/"):
            found = parse_arxiv(volume[4:])
            if found is not None:
                return found, "volume"
    return None


def _archive(record: Record) -> str | None:
    text = _value(record, "archiveprefix") or _value(record, "eprinttype")
    return text.strip().lower() if text else None


def _set(record: Record, name: str, text: str) -> Record:
    item = record.get(name)
    if item is not None and literal(item) == text:
        return record
    return record.with_field(name, text)


def _drop(record: Record, item: Field) -> Record:
    return replace(record, fields=tuple(f for f in record.fields if f is not item))


_ARXIV_FIELDS = frozenset({"eprint", "archiveprefix", "eprinttype", "arxivid", "arxiv"})
_MENTION_FIELDS = frozenset(TEXT_SOURCES) - _ARXIV_FIELDS


def _may_mention_arxiv(record: Record) -> bool:
    """Return False when the entry certainly holds no arXiv id for :func:`gather_arxiv`.

    Without ``eprint``, ``archiveprefix``, ``eprinttype``, ``arxivid`` and ``arxiv``, an id
    is found only in a source field saying "arXiv" (in any case, braces aside) or in a DBLP
    ``journal = {CoRR}``.

    >>> _may_mention_arxiv(Record("k", "misc", (Field("url", "{https://arxiv.org/abs/1}"),)))
    True
    >>> _may_mention_arxiv(Record("k", "misc", (Field("note", "{Ar{X}iv}"), Field("year", "2"))))
    True
    >>> _may_mention_arxiv(Record("k", "misc", (Field("journal", "{Nature}"),)))
    False
    """
    for item in record.fields:
        name = item.name
        if name in _MENTION_FIELDS:
            text = item.raw if item.text is None else item.text
            if not text.isascii():
                return True  # case-insensitive matching of non-ASCII letters: look closely
            if "{" in text:
                text = text.replace("{", "").replace("}", "")
            folded = text.lower()
            if "arxiv" in folded or (name == "journal" and "corr" in folded):
                return True
        elif name in _ARXIV_FIELDS:
            return True
    return False


def gather_arxiv(record: Record, context: Context) -> Outcome:
    """Put the entry's arXiv id in ``eprint`` with ``archiveprefix`` and ``primaryclass``."""
    if not _may_mention_arxiv(record):
        return unchanged(record)
    archive = _archive(record)
    if archive not in (None, "arxiv"):
        return unchanged(record)
    eprint = record.get("eprint")
    if eprint is not None:
        text = _value(record, "eprint") or ""
        found = parse_arxiv(text) or find_arxiv(text)
        if found is None:
            if archive == "arxiv":
                message = f"eprint {text!r} is not an arXiv identifier"
                return record, (problem(record, "norm.bad-arxiv-id", message),)
            return unchanged(record)
        source = "eprint"
    else:
        located = _locate(record)
        if located is None:
            return unchanged(record)
        found, source = located
    updated, problems = _apply(record, found, _class_hint(record, source, found))
    problems += _doi_conflicts(updated, found)
    if context.options.arxiv_journal:
        updated = _move_journal(updated)
    return updated, problems


def _class_hint(record: Record, source: str, found: ArxivId) -> str | None:
    """Return the primary class written next to the id in its source or any other field."""
    for name in (source, "eprint", *TEXT_SOURCES):
        text = _value(record, name)
        hint = class_near(text, found) if text else None
        if hint is not None:
            return hint
    return None


def _apply(record: Record, found: ArxivId, hint: str | None) -> tuple[Record, tuple[Problem, ...]]:
    record = _set(record, "eprint", found.id)
    archive = record.get("archiveprefix")
    if archive is None or (literal(archive) or "").strip().lower() == "arxiv":
        record = _set(record, "archiveprefix", "arXiv")
    if "primaryclass" in record:
        return record, ()
    known = (_value(record, "eprintclass") or hint or "").strip()
    if not known or not _patterns().klass.fullmatch(known):
        return record, ()
    category = arxiv_category(known)
    if category is None:
        message = (
            f"{known!r} is not an arXiv category (see arxiv.org/category_taxonomy);"
            " primaryclass not set"
        )
        return record, (problem(record, "norm.arxiv-class", message),)
    return record.with_field("primaryclass", category), ()


def _doi_conflicts(record: Record, found: ArxivId) -> tuple[Problem, ...]:
    """Report arXiv DOIs naming another id than ``eprint`` (the DOI itself stays)."""
    problems: list[Problem] = []
    for item in record.fields:
        text = literal(item) if item.name == "doi" else None
        if text is None or not is_preprint_doi(text.strip()):
            continue
        named = find_arxiv(text)
        if named is not None and named.id != found.id:
            message = f"doi {text.strip()} names arXiv {named.id} but eprint is {found.id}"
            problems.append(problem(record, "norm.arxiv-conflict", message))
    return tuple(problems)


def _move_journal(record: Record) -> Record:
    """Move a journal that only says "arXiv preprint ..." to ``howpublished``.

    An ``@article`` so left without a journal becomes ``@misc``, the type BibTeX styles
    print ``howpublished`` for.
    """
    journals = [item for item in record.fields if item.name == "journal"]
    if len(journals) != 1:  # none, or ambiguous
        return record
    journal = journals[0]
    text = literal(journal)
    if text is None or not says_only_arxiv(text):
        return record
    published = record.get("howpublished")
    if published is None:
        record = _drop(record, journal).with_raw("howpublished", journal.raw)
    elif literal(published) == text:
        record = _drop(record, journal)
    else:
        return record
    if record.entry_type == "article" and "journal" not in record:
        record = replace(record, entry_type="misc")
    return record
