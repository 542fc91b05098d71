"""Intake: new works into the database (``add``) and the owner's works not yet in it (``discover``).

Usage::

    belharbi-bib add 2109.07069 --dry-run
    belharbi-bib add https://doi.org/10.1016/j.media.2024.103154 --bib refs.bib
    belharbi-bib discover
    belharbi-bib discover --add

See docs/intake.md.
"""
