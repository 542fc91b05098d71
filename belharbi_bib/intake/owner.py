"""The owner's identifiers at each service, from the project configuration.

``discover`` looks for the owner's works with them::

    [tool.belharbi-bib.owner]          # in pyproject.toml; [owner] in belharbi-bib.toml
    arxiv = 'au:"Soufiane Belharbi"'   # an arXiv API author query
    dblp = "123/4567"                  # the DBLP person id (pid) of https://dblp.org/pid/123/4567
    orcid = "0000-0002-1825-0097"      # the ORCID iD
    openreview = "~First_Last1"        # the OpenReview profile id

Each is optional; a service without one is skipped (and said so).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from belharbi_bib import patterns
from belharbi_bib.enrichment.orcid import parse_orcid
from belharbi_bib.errors import ReadError
from belharbi_bib.files import read_toml
from belharbi_bib.project import CONFIG_NAME, find_config
from belharbi_bib.structs import dataclass, fields, replace

TABLE = "owner"
_PID = patterns.compile(r"[0-9a-z]+/[0-9A-Za-z_-]+")
_PROFILE = patterns.compile(r"~[A-Za-z0-9_.-]+[0-9]+")


@dataclass(frozen=True, slots=True)
class Owner:
    """Who ``discover`` looks for.

    Attributes:
        arxiv: An arXiv API ``search_query`` naming the owner as author (``au:…``).
        dblp: The DBLP person id.
        orcid: The ORCID iD.
        openreview: The OpenReview profile id (``~First_Last1``).
    """

    arxiv: str = ""
    dblp: str = ""
    orcid: str = ""
    openreview: str = ""

    @property
    def configured(self) -> tuple[str, ...]:
        """The services the owner has an identifier for, in a fixed order."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name))


def validate(owner: Owner, where: str = "owner") -> Owner:
    """Return the owner with identifiers in canonical form.

    Raises:
        ValueError: An identifier is malformed (naming which and why).

    >>> validate(Owner(orcid="https://orcid.org/0000-0002-1825-0097")).orcid
    '0000-0002-1825-0097'
    >>> validate(Owner(dblp="https://dblp.org/pid/152/5716.html")).dblp
    '152/5716'
    """
    dblp = re.sub(r"^https?://dblp\.org/pid/|\.(html|xml)$", "", owner.dblp.strip())
    if dblp and not _PID.fullmatch(dblp):
        raise ValueError(f"{where}.dblp: {owner.dblp!r} is not a DBLP pid (like 152/5716)")
    orcid = ""
    if owner.orcid.strip():
        orcid = parse_orcid(owner.orcid) or ""
        if not orcid:
            raise ValueError(f"{where}.orcid: {owner.orcid!r} is not a valid ORCID iD")
    profile = owner.openreview.strip()
    if profile and not _PROFILE.fullmatch(profile):
        raise ValueError(
            f"{where}.openreview: {owner.openreview!r} is not a profile id (like ~First_Last1)"
        )
    query = owner.arxiv.strip()
    if query and ":" not in query:
        query = f'au:"{query}"'  # a bare name is an author query
    return replace(owner, arxiv=query, dblp=dblp, orcid=orcid, openreview=profile)


def load_owner(start: Path, explicit: Path | None = None) -> Owner:
    """Return the owner of the configuration ``explicit``, else the one found from ``start`` up.

    An empty owner when there is no configuration.

    Raises:
        ReadError: The configuration file is unreadable, or the owner table is invalid.
    """
    path = explicit if explicit is not None else find_config(start)
    if path is None:
        return Owner()
    data = read_toml(path)
    tool: Any = data if path.name == CONFIG_NAME else data.get("tool", {}).get("belharbi-bib", {})
    table = tool.get(TABLE, {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ReadError(str(path), f"the {TABLE} table must be a table")
    known = {f.name for f in fields(Owner)}
    for name, value in table.items():
        if name not in known:
            raise ReadError(str(path), f"unknown {TABLE} key {name!r} (use {', '.join(known)})")
        if not isinstance(value, str):
            raise ReadError(str(path), f"{TABLE}.{name} must be a string")
    try:
        return validate(Owner(**table), TABLE)
    except ValueError as exc:
        raise ReadError(str(path), str(exc)) from None
