"""The venue registry: venues read from ``venues.toml``, looked up by id or by spelling."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping

from belharbi_bib.errors import ReadError
from belharbi_bib.files import read_toml
from belharbi_bib.folding import words
from belharbi_bib.model import Record, Venue, VenueKind
from belharbi_bib.structs import dataclass, field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import Any

_NOISE = frozenset({"proc", "proceedings", "of", "the", "in", "ieee", "cvf", "acm"})


def fold_venue(text: str) -> str:
    """Fold a venue spelling for lookup: lower case, no years, "Proceedings of", punctuation.

    >>> fold_venue("Proc. WACV 2022") == fold_venue("WACV")
    True
    >>> fold_venue("IEEE/CVF Conf. on Computer Vision (Łódź)")
    'conf on computer vision lodz'
    >>> fold_venue("Proceedings of the IEEE Winter Conference on Applications of Computer Vision")
    'winter conference on applications computer vision'
    """
    return " ".join(
        word
        for word in words(text)
        if word not in _NOISE and not (len(word) == 4 and word.isdigit())
    )


@dataclass(frozen=True, slots=True)
class VenueRegistry:
    """Venues by id, with a lookup table of folded names, acronyms and aliases."""

    venues: Mapping[str, Venue] = field(default_factory=dict)
    _lookup: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for venue in self.venues.values():
            for spelling in (venue.name, venue.short, *venue.aliases):
                lookup.setdefault(fold_venue(spelling), venue.id)
        object.__setattr__(self, "_lookup", lookup)

    def __iter__(self) -> Iterator[Venue]:
        return iter(self.venues.values())

    def __len__(self) -> int:
        return len(self.venues)

    def __contains__(self, venue_id: object) -> bool:
        return venue_id in self.venues

    def get(self, venue_id: str) -> Venue | None:
        """Return the venue with this id, or None."""
        return self.venues.get(venue_id)

    def match(self, text: str) -> Venue | None:
        """Return the venue a booktitle/journal string denotes, or None.

        >>> wacv = Venue("wacv", "WACV", "Winter Conf.", VenueKind.CONFERENCE)
        >>> reg = VenueRegistry({"wacv": wacv})
        >>> reg.match("Proc. WACV 2022").id
        'wacv'
        """
        venue_id = self._lookup.get(fold_venue(text))
        return self.venues[venue_id] if venue_id else None

    def venue_of(self, record: Record) -> Venue | None:
        """Return a record's venue: by its ``venueid`` field, else by its venue string."""
        if record.venue_id:
            return self.get(record.venue_id)
        name = record.venue_name
        return self.match(name) if name else None


def parse_registry(data: Mapping[str, Any], path: str = "<venues>") -> VenueRegistry:
    """Build a registry from decoded TOML (``[venues.ID]`` tables).

    Raises:
        ReadError: A venue lacks a field or has an unknown kind.
    """
    venues: dict[str, Venue] = {}
    for venue_id, table in dict(data.get("venues", {})).items():
        try:
            kind = VenueKind(table["kind"])
            editions = {
                int(year): {str(k): str(v) for k, v in details.items()}
                for year, details in dict(table.get("editions", {})).items()
            }
            venues[venue_id] = Venue(
                id=venue_id,
                short=str(table["short"]),
                name=str(table["name"]),
                kind=kind,
                publisher=str(table.get("publisher", "")),
                aliases=tuple(str(a) for a in table.get("aliases", ())),
                editions=editions,
            )
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise ReadError(path, f"venue {venue_id!r}: invalid or missing {exc}") from None
    return VenueRegistry(venues)


def read_registry(path: str | os.PathLike[str]) -> VenueRegistry:
    """Read a venue registry from a TOML file.

    Raises:
        ReadError: The file cannot be read or is not valid TOML.
    """
    return parse_registry(read_toml(path), os.fspath(path))
