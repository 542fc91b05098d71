"""Run the command-line interface: ``python -m belharbi_bib``."""

from belharbi_bib.cli import main

raise SystemExit(main())
