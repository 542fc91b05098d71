"""The real syntax of identifiers: arXiv categories, DOIs, ISBNs and ISSNs (with check digits).

Normalization rules and ``check`` use these to decide whether a value can be trusted: a value
that fails is reported, never rewritten into something else that looks valid.
"""

from __future__ import annotations

import re

from belharbi_bib import patterns
from belharbi_bib.identifiers import clean_doi, is_valid_doi

ARXIV_CATEGORIES: frozenset[str] = frozenset(
    {
        # Computer Science
        *(f"cs.{c}" for c in (
            "AI", "AR", "CC", "CE", "CG", "CL", "CR", "CV", "CY", "DB", "DC", "DL", "DM", "DS",
            "ET", "FL", "GL", "GR", "GT", "HC", "IR", "IT", "LG", "LO", "MA", "MM", "MS", "NA",
            "NE", "NI", "OH", "OS", "PF", "PL", "RO", "SC", "SD", "SE", "SI", "SY",
        )),
        *(f"econ.{c}" for c in ("EM", "GN", "TH")),
        *(f"eess.{c}" for c in ("AS", "IV", "SP", "SY")),
        *(f"math.{c}" for c in (
            "AC", "AG", "AP", "AT", "CA", "CO", "CT", "CV", "DG", "DS", "FA", "GM", "GN", "GR",
            "GT", "HO", "IT", "KT", "LO", "MG", "MP", "NA", "NT", "OA", "OC", "PR", "QA", "RA",
            "RT", "SG", "SP", "ST",
        )),
        "astro-ph",
        *(f"astro-ph.{c}" for c in ("CO", "EP", "GA", "HE", "IM", "SR")),
        "cond-mat",
        *(f"cond-mat.{c}" for c in (
            "dis-nn", "mes-hall", "mtrl-sci", "other", "quant-gas", "soft", "stat-mech",
            "str-el", "supr-con",
        )),
        "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math-ph", "nucl-ex", "nucl-th",
        "quant-ph", "nlin", "physics", "q-bio", "q-fin", "stat",
        *(f"nlin.{c}" for c in ("AO", "CD", "CG", "PS", "SI")),
        *(f"physics.{c}" for c in (
            "acc-ph", "ao-ph", "app-ph", "atm-clus", "atom-ph", "bio-ph", "chem-ph",
            "class-ph", "comp-ph", "data-an", "ed-ph", "flu-dyn", "gen-ph", "geo-ph",
            "hist-ph", "ins-det", "med-ph", "optics", "plasm-ph", "pop-ph", "soc-ph",
            "space-ph",
        )),
        *(f"q-bio.{c}" for c in (
            "BM", "CB", "GN", "MN", "NC", "OT", "PE", "QM", "SC", "TO",
        )),
        *(f"q-fin.{c}" for c in ("CP", "EC", "GN", "MF", "PM", "PR", "RM", "ST", "TR")),
        *(f"stat.{c}" for c in ("AP", "CO", "ME", "ML", "OT", "TH")),
        # Archives of old-style identifiers (``chao-dyn/9510015``), retired since.
        "acc-phys", "adap-org", "alg-geom", "ao-sci", "atom-ph", "bayes-an", "chao-dyn",
        "chem-ph", "cmp-lg", "comp-gas", "dg-ga", "funct-an", "mtrl-th", "patt-sol",
        "plasm-ph", "q-alg", "solv-int", "supr-con",
    }
)  # fmt: skip
"""Every arXiv category a ``primaryclass`` may name.

Source: arXiv's category taxonomy, https://arxiv.org/category_taxonomy (archives and their
subject classes, the ones without subject classes such as ``hep-th`` standing alone), plus the
archives of retired old-style identifiers listed in arXiv's identifier documentation,
https://info.arxiv.org/help/arxiv_identifier.html. An archive that has subject classes
(``cs``) is not a category: ``[cs]`` in a Zotero note names no class.
"""

_ISBN_CHARS = patterns.compile(r"[0-9Xx]")
_ISSN = patterns.compile(r"(\d{4})-?(\d{3}[\dXx])")
_SEPARATORS = patterns.compile(r"[\s-]")


def is_arxiv_category(text: str) -> bool:
    """Return True when ``text`` is an arXiv category (case of subject classes as arXiv writes).

    >>> is_arxiv_category("cs.CV"), is_arxiv_category("cs"), is_arxiv_category("hep-th")
    (True, False, True)
    >>> is_arxiv_category("cs.cv"), is_arxiv_category("math.GT")
    (False, True)
    """
    return text in ARXIV_CATEGORIES


def arxiv_category(text: str) -> str | None:
    """Return the category ``text`` names once case is fixed (``cs.cv`` is ``cs.CV``), or None.

    >>> arxiv_category("cs.cv"), arxiv_category(" stat.ml "), arxiv_category("cs")
    ('cs.CV', 'stat.ML', None)
    """
    text = text.strip()
    if text in ARXIV_CATEGORIES:
        return text
    folded = text.casefold()
    for category in ARXIV_CATEGORIES:
        if category.casefold() == folded:
            return category
    return None


def is_doi(text: str) -> bool:
    """Return True for a DOI (a resolver prefix allowed): ``10.`` registrant ``/`` suffix.

    >>> is_doi("https://doi.org/10.1109/CVPR.2016.90"), is_doi("10.1109"), is_doi("10.1/x")
    (True, False, False)
    """
    return is_valid_doi(clean_doi(text))


def is_isbn(text: str) -> bool:
    """Return True for an ISBN-10 or ISBN-13 whose check digit is right (hyphens allowed).

    >>> is_isbn("978-3-16-148410-0"), is_isbn("0-306-40615-2"), is_isbn("0-306-40615-3")
    (True, True, False)
    >>> is_isbn("0-8044-2957-X"), is_isbn("978-3-16-148410-X")
    (True, False)
    """
    compact = _SEPARATORS.sub("", text.strip())
    if len(compact) == 10 and compact[:9].isdigit() and _ISBN_CHARS.fullmatch(compact[9]):
        digits = [10 if c in "Xx" else int(c) for c in compact]
        return sum((10 - i) * d for i, d in enumerate(digits)) % 11 == 0
    if len(compact) == 13 and compact.isdigit():
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(compact))
        return total % 10 == 0
    return False


def is_isbn_list(text: str) -> bool:
    """Return True when every ISBN of a list (``,``, ``;`` or `` and `` between) is valid.

    >>> is_isbn_list("978-3-16-148410-0; 0-306-40615-2"), is_isbn_list("978-3-16-148410-1")
    (True, False)
    """
    parts = [p for p in re.split(r"[,;]|\sand\s", text) if p.strip()]
    return bool(parts) and all(is_isbn(p) for p in parts)


def is_issn(text: str) -> bool:
    """Return True for an ISSN (``NNNN-NNNC``) whose check digit is right.

    >>> is_issn("0378-5955"), is_issn("0317-8471"), is_issn("0378-5956"), is_issn("2049-3630")
    (True, True, False, True)
    """
    match = _ISSN.fullmatch(text.strip())
    if match is None:
        return False
    compact = match.group(1) + match.group(2)
    total = sum((8 - i) * int(c) for i, c in enumerate(compact[:7]))
    check = (11 - total % 11) % 11
    return compact[7].upper() == ("X" if check == 10 else str(check))


def is_issn_list(text: str) -> bool:
    """Return True when every ISSN of a list (``,``, ``;`` or spaces between) is valid.

    >>> is_issn_list("1057-7149, 1941-0042"), is_issn_list("1057-7148")
    (True, False)
    """
    parts = [p for p in re.split(r"[,;\s]+", text) if p.strip()]
    return bool(parts) and all(is_issn(p) for p in parts)
