"""Logging for a command run: what ``-v`` and ``-q`` mean for the modules that log.

Loaded only when it has something to do (:func:`belharbi_bib.cli.main` decides): ``-v`` or
``-q`` was given, or the command's modules import :mod:`logging` (the enrichment client and
its pacing log their requests). ``import logging`` costs ~6 ms of a run's start-up, and the
commands that read and write files (``normalize``, ``check``, ``list``, ``format``...) log
nothing. pylatexenc, loaded on demand by :mod:`belharbi_bib.latex`, is silenced there.
"""

from __future__ import annotations

import logging


def configure_logging(verbose: bool, quiet: bool) -> None:
    """Set up logging for a command run: INFO with ``-v``, errors only with ``-q``."""
    level = logging.INFO if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="belharbi-bib: %(levelname)s: %(message)s")
    logging.getLogger().setLevel(level)  # pylatexenc's own logger: belharbi_bib.latex
