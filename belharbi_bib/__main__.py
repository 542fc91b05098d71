"""Run the command-line interface: ``python -m belharbi_bib``."""

from belharbi_bib.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
