"""Configuration: normalizer options read from ``belharbi-bib.toml`` or ``pyproject.toml``.

The search starts in the working directory and goes up to the first directory holding a
``belharbi-bib.toml`` or a ``pyproject.toml`` (a ``.git`` directory ends it). Options are read
from the tool's table (``[tool.belharbi-bib]`` in ``pyproject.toml``, the top level of
``belharbi-bib.toml``), where keys the normalizer does not know belong to other commands and
are ignored, then from its ``normalize`` sub-table, which wins and where every key must be a
normalizer option. Option names are the :class:`~belharbi_bib.normalize.options.Options`
attributes, with ``-`` or ``_``::

    [tool.belharbi-bib]
    venues = "bib/venues.toml"               # relative to this file; shared with other commands

    [tool.belharbi-bib.normalize]
    text = "unicode"
    protect-terms = ["LIVIA", "Montréal"]   # added to the built-in list
    titles = false
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from belharbi_bib.errors import ReadError
from belharbi_bib.files import read_toml
from belharbi_bib.normalize.options import Options, flag_options
from belharbi_bib.project import CONFIG_NAME, as_path, find_config
from belharbi_bib.structs import dataclass, field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

__all__ = ["CONFIG_NAME", "Config", "find_config", "load_config", "parse_config", "read_config"]


_FLAGS = flag_options()
_STRINGS = frozenset({"key_pattern", "text", "venue_form"})
_LISTS = frozenset({"noise_fields"})
_ALIASES = {"venue": "venue_form"}
_KNOWN = _FLAGS | _STRINGS | _LISTS | {"protect_terms", "venues"}


@dataclass(frozen=True, slots=True)
class Config:
    """Options read from a configuration file.

    Attributes:
        path: The file they came from; None when no file was found.
        options: Values for :class:`Options` attributes (only those the file sets).
        protect_terms: Terms added to the built-in protected-terms list.
        venues: The venue registry the file names, resolved against its directory.
    """

    path: Path | None = None
    options: Mapping[str, object] = field(default_factory=dict)
    protect_terms: tuple[str, ...] = ()
    venues: Path | None = None

    def to_options(
        self,
        overrides: Mapping[str, object] | None = None,
        *,
        terms: tuple[str, ...] = (),
        noise: tuple[str, ...] = (),
    ) -> Options:
        """Return :class:`Options` from this configuration, ``overrides`` winning.

        Args:
            overrides: Option values given on the command line.
            terms: Protected terms added to the built-in and configured ones.
            noise: Noise fields added to the configured (or default) ones.

        Raises:
            ValueError: A value is out of range (unknown text form, bad key pattern ...).
        """
        values: dict[str, Any] = {**self.options, **(overrides or {})}
        defaults = Options()
        values["protect_terms"] = (*defaults.protect_terms, *self.protect_terms, *terms)
        if noise:
            values["noise_fields"] = (*values.get("noise_fields", defaults.noise_fields), *noise)
        return Options(**values)


def read_config(path: Path) -> Config:
    """Read the normalizer options of one configuration file.

    Raises:
        ReadError: The file cannot be read, is not TOML, or sets an unknown or ill-typed option.
    """
    data = read_toml(path)
    tool = data if path.name == CONFIG_NAME else data.get("tool", {}).get("belharbi-bib", {})
    if not isinstance(tool, dict):
        raise ReadError(str(path), "[tool.belharbi-bib] must be a table")
    table = tool.get("normalize", {})
    if not isinstance(table, dict):
        raise ReadError(str(path), "the normalize table must be a table")
    shared = {k: v for k, v in tool.items() if _option_name(k) in _KNOWN}
    return parse_config({**shared, **table}, path)


def _option_name(name: str) -> str:
    name = name.replace("-", "_")
    return _ALIASES.get(name, name)


def parse_config(table: Mapping[str, object], path: Path) -> Config:
    """Validate a decoded ``normalize`` table into a :class:`Config`.

    Raises:
        ReadError: An option is unknown or has the wrong type.
    """
    options: dict[str, object] = {}
    terms: tuple[str, ...] = ()
    venues: Path | None = None
    for raw_name, value in table.items():
        name = _option_name(raw_name)
        if (name in _FLAGS and isinstance(value, bool)) or (
            name in _STRINGS and isinstance(value, str)
        ):
            options[name] = value
        elif name in _LISTS | {"protect_terms"} and _is_strings(value):
            strings = tuple(str(v) for v in value)  # type: ignore[attr-defined]
            if name == "protect_terms":
                terms = strings
            else:
                options[name] = strings
        elif name == "venues" and isinstance(value, str):
            venues = (path.parent / value).resolve()
        elif name in _KNOWN:
            raise ReadError(str(path), f"option {raw_name!r} has the wrong type")
        else:
            raise ReadError(str(path), f"unknown normalize option {raw_name!r}")
    return Config(path, options, terms, venues)


def _is_strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def load_config(
    start: str | os.PathLike[str], explicit: str | os.PathLike[str] | None = None
) -> Config:
    """Return the configuration from ``explicit``, else the one found from ``start`` up.

    Raises:
        ReadError: The configuration file is unreadable or invalid.
    """
    path = as_path(explicit) if explicit is not None else find_config(start)
    return read_config(path) if path is not None else Config()
