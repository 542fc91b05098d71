"""Placeholder subcommand (being written; replaced before release)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add this subcommand's options."""


def run(args: argparse.Namespace) -> int:
    """Run the subcommand."""
    print("belharbi-bib: error: this command is not available yet", file=sys.stderr)
    return 2
