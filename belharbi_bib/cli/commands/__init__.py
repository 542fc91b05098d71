"""One module per command, named after it (see :data:`belharbi_bib.cli.COMMANDS`).

Each has ``DESCRIPTION``, ``add_arguments(parser)`` and ``run(args) -> int``.
"""
