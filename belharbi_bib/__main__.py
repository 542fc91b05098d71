"""Run the command-line interface: ``python -m belharbi_bib``."""

from belharbi_bib.cli import console

if __name__ == "__main__":
    raise SystemExit(console())
