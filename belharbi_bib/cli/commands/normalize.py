"""The ``belharbi-bib normalize`` command: files in, canonical files (or a verdict) out.

Exit codes: 0 done / already canonical; 1 ``--check`` found files to change; 2 bad usage,
an unreadable or unwritable file, or a file with errors (syntax, duplicate keys or fields,
missing keys, bytes that are not UTF-8, NUL bytes). A file with errors is never rewritten in place
unless ``--force``; every write is atomic.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator

from belharbi_bib.bibtex.reader import parse_decoded
from belharbi_bib.cli import stamps
from belharbi_bib.cli.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    STDIN,
    UsageError,
    add_input,
    configured,
    input_paths,
    read_source,
    source_name,
    venues_for,
)
from belharbi_bib.dirs import cache_root
from belharbi_bib.errors import ReadError, WriteError
from belharbi_bib.files import (
    decode_narrow,
    open_bytes,
    write_bytes_atomic,
    write_pieces_atomic,
)
from belharbi_bib.model import Library
from belharbi_bib.normalize import cache
from belharbi_bib.normalize.config import Config, load_config
from belharbi_bib.normalize.options import TEXT_FORMS, VENUE_FORMS, Options
from belharbi_bib.normalize.pipeline import normalize
from belharbi_bib.normalize.report import FileOutcome, as_json, check_lines
from belharbi_bib.normalize.rules import switches
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import dataclass, replace

DESCRIPTION = (
    "Normalize .bib files: canonical layout, names, titles, months, pages, identifiers, "
    "venues, keys. See docs/normalization.md."
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from typing import BinaryIO, TextIO

    from belharbi_bib.normalize.pipeline import Result
    from belharbi_bib.venues import VenueRegistry

EXIT_CHANGED = EXIT_PROBLEMS
"""``--check`` found files to change."""
EXIT_ERROR = EXIT_USAGE
"""Bad usage, or a file unreadable, unwritable or with errors (normalize's documented 2)."""

BLOCKING_CODES = frozenset({"bib.encoding", "bib.nul", "bib.duplicate-field"})
"""Warnings that still keep a file from being rewritten in place (besides any error)."""

_SWITCHES: tuple[tuple[str, str], ...] = tuple(
    (rule.option.replace("_", "-"), rule.help) for rule in switches("pair")
)
_ON_SWITCHES: tuple[tuple[str, str], ...] = tuple(
    (rule.option.replace("_", "-"), rule.help) for rule in switches("on")
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``normalize`` arguments to ``parser`` (a sub-command parser)."""
    add_input(parser, many=True, required=True)
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT ('-' for stdout, the default)"
    )
    target.add_argument("-i", "--in-place", action="store_true", help="rewrite each FILE")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file would change"
    )
    parser.add_argument("--diff", action="store_true", help="write nothing; print a unified diff")
    parser.add_argument("--report", metavar="FILE.json", help="write the changes as JSON")
    parser.add_argument(
        "--force", action="store_true", help="rewrite in place even files with errors"
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="do not read or write the cache of canonical entries"
        " ($XDG_CACHE_HOME/belharbi-bib/normalize)",
    )
    rules = parser.add_argument_group("rules (defaults from the configuration file)")
    for name, what in _SWITCHES:
        dest = "rule_" + name.replace("-", "_")
        rules.add_argument(
            f"--{name}", dest=dest, action="store_true", default=None, help=f"do {what}"
        )
        rules.add_argument(f"--no-{name}", dest=dest, action="store_false", help=f"skip {what}")
    for name, what in _ON_SWITCHES:
        dest = "rule_" + name.replace("-", "_")
        rules.add_argument(f"--{name}", dest=dest, action="store_true", default=None, help=what)
    rules.add_argument("--key-pattern", dest="rule_key_pattern", metavar="PATTERN",
                       help="pattern of new keys (default {author}{year}{title})")  # fmt: skip
    rules.add_argument("--text", dest="rule_text", choices=TEXT_FORMS,
                       help="write accents as Unicode or LaTeX (default keep)")  # fmt: skip
    rules.add_argument("--protect", dest="rule_protect", action="append", metavar="TERM",
                       help="a term to keep capitalised in titles (repeatable)")  # fmt: skip
    rules.add_argument("--venue", dest="rule_venue_form", choices=VENUE_FORMS,
                       help="rewrite known venues to their full or short form")  # fmt: skip
    rules.add_argument("--drop-noise", dest="rule_drop_noise", action="store_true", default=None,
                       help="remove bookkeeping fields (timestamp, owner, file ...)")  # fmt: skip
    rules.add_argument("--noise-field", dest="rule_noise_field", action="append", metavar="NAME",
                       help="also remove this field with --drop-noise (repeatable)")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Plan:
    """What one run does.

    Attributes:
        options: The normalizer options (configuration, then command line).
        venues: The venue registry, when a venue form is asked for.
        check: ``--check``: write nothing, list what would change, exit 1 if anything would.
        diff: ``--diff``: write nothing, print a unified diff.
        in_place: ``--in-place``: rewrite each file.
        output: ``-o``: the output file, or None / ``-`` for stdout.
        force: ``--force``: rewrite files with errors in place too.
        cache_dir: Where the cache of canonical entries lives; None with ``--no-cache``.
        human: Where the "would reformat" lines go: stdout, unless the JSON report goes there.
    """

    options: Options
    venues: VenueRegistry | None
    check: bool = False
    diff: bool = False
    in_place: bool = False
    output: str | None = None
    force: bool = False
    cache_dir: str | None = None
    human: TextIO | None = None


def run(args: argparse.Namespace) -> int:
    """Run ``belharbi-bib normalize`` with parsed ``args``; return the exit code."""
    plan = make_plan(args)
    status = EXIT_OK
    outcomes: list[FileOutcome] = []
    canonical: list[tuple[str, int, str, str, int]] = []
    for path in input_paths(args):
        outcome = process(path, plan.options, plan.venues, plan.cache_dir)
        if outcome is None:
            status = EXIT_ERROR
            continue
        delivered, outcome = deliver(outcome, plan)
        status = max(status, delivered)
        if plan.check and outcome.is_canonical:
            lines = "".join(problem.format() + "\n" for problem in outcome.problems)
            canonical.append((path, outcome.size, outcome.digest, lines, delivered))
        outcomes.append(_slim(outcome))
    if plan.check and not plan.diff:
        _summarize(outcomes, plan.human)
        if plan.cache_dir is not None and _is_plain_check(args, plan):
            _stamp(plan.cache_dir, bool(args.no_config), canonical)
    if args.report:
        status = max(status, _write_report(args.report, outcomes))
    return status


_EMPTY = Library(())


def _slim(outcome: FileOutcome) -> FileOutcome:
    """Return what the summary and the report still need of a delivered outcome."""
    return replace(outcome, data=None, library=_EMPTY, normalized=_EMPTY, known=None)


def _is_plain_check(args: argparse.Namespace, plan: Plan) -> bool:
    """True for ``normalize --check [--no-config] FILE...``: what :mod:`.stamps` answers."""
    return (
        not _overrides(args)
        and not (args.rule_protect or args.rule_noise_field)
        and not (args.report or args.config or args.venues or args.verbose or args.quiet)
        and STDIN not in input_paths(args)
        and plan.options.venue_form == "keep"
    )


def _stamp(
    directory: str, no_config: bool, canonical: list[tuple[str, int, str, str, int]]
) -> None:
    """Record the files found canonical, so that the next check answers before parsing."""
    content = stamps.record(directory, no_config, canonical)
    if content is None:
        return
    try:  # noqa: SIM105 - contextlib.suppress would load contextlib (start-up)
        write_bytes_atomic(os.path.join(directory, stamps.STAMPS_NAME), content)
    except OSError:
        pass  # a stamp not written only means a full run next time


def make_plan(args: argparse.Namespace) -> Plan:
    """Check the argument combination and build the options.

    Raises:
        UsageError: Incompatible arguments, or a bad configuration or venue registry.
    """
    files = input_paths(args)
    if (args.check or args.diff) and (args.in_place or args.output):
        raise UsageError("--check and --diff write nothing; drop -o/--in-place")
    if args.output not in (None, "-") and len(files) > 1:
        raise UsageError("-o FILE takes one input file (use --in-place for several)")
    if args.in_place and STDIN in files:
        raise UsageError("--in-place cannot rewrite stdin; use -o FILE")
    if files.count(STDIN) > 1:
        raise UsageError("stdin ('-') can be read once")
    if args.report == "-" and (args.diff or not (args.check or args.in_place or args.output)):
        raise UsageError("--report - would mix with the BibTeX or the diff on stdout; give a file")
    config = normalizer_config(args)
    try:
        options = config.to_options(
            _overrides(args),
            terms=tuple(args.rule_protect or ()),
            noise=tuple(args.rule_noise_field or ()),
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    venues = None
    if options.venue_form != "keep":
        source = files[0] if len(files) == 1 else STDIN
        venues = venues_for(args, source, config.venues, needed=True)
    return Plan(
        options,
        venues,
        check=bool(args.check),
        diff=bool(args.diff),
        in_place=bool(args.in_place),
        output=args.output,
        force=bool(args.force),
        cache_dir=None if getattr(args, "no_cache", False) else cache_root("normalize"),
        human=sys.stderr if args.report == "-" else sys.stdout,
    )


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    values: dict[str, object] = {}
    for name, _ in _SWITCHES:
        attr = name.replace("-", "_")
        given = getattr(args, "rule_" + attr)
        if given is not None:
            values[attr] = given
    on = tuple(name.replace("-", "_") for name, _ in _ON_SWITCHES)
    for attr in (*on, "key_pattern", "text", "venue_form", "drop_noise"):
        given = getattr(args, "rule_" + attr)
        if given is not None:
            values[attr] = given
    return values


def process(
    path: str, options: Options, venues: VenueRegistry | None, cache_dir: str | None = None
) -> FileOutcome | None:
    """Read and normalize one file; print its problems. None when unreadable.

    With ``cache_dir``, entries known canonical from an earlier run skip the record rules and
    are written back as they are (see :mod:`belharbi_bib.normalize.cache`); the output is the
    same byte for byte. The outcome's text is rendered when it is delivered (:func:`deliver`).
    """
    name = source_name(path)
    cached = cache_dir is not None and path != STDIN
    try:
        library, sources, (size, digest, kept) = _load(path, name, cached)
    except ReadError as exc:
        print(f"{exc.path}: error io.read: {exc.reason}", file=sys.stderr)
        return None
    known: cache.CanonicalCache | None = None
    if cache_dir is None or not cached:
        result = normalize(library, options, venues=venues)
    else:
        result, known = _cached_run(library, sources, name, options, venues, cache_dir)
    del sources
    problems = (*library.problems, *result.problems)
    if problems:  # one write: a file can have thousands (one per use of an undefined macro)
        sys.stderr.write("".join([problem.format() + "\n" for problem in problems]))
    text = None if known is None else known.text
    return FileOutcome(
        name, kept, library, result.library, result.changes, problems, text, None, size, digest
    )


def _load(
    path: str, name: str, with_sources: bool
) -> tuple[Library, tuple[str, ...], tuple[int, str, bytes | None]]:
    """Read and parse ``path``; also its size, its hash and its bytes when kept (stdin only).

    The bytes of a file are dropped before the parse (a report reads them again if needed).

    Raises:
        ReadError: The file cannot be read or decoded.
    """
    data = read_source(path)
    facts = len(data), stamps.content_hash(data), data if path == STDIN else None
    decoded, stand_ins = decode_narrow(data, name)
    del data
    return (*parse_decoded(decoded, stand_ins, name, with_sources=with_sources), facts)


def parse_bytes(
    data: bytes, name: str, *, with_sources: bool = False
) -> tuple[Library, tuple[str, ...]]:
    """Decode and parse ``data`` as :func:`belharbi_bib.read` does; with each record's text.

    The text is decoded a piece at a time with every character above U+00FF standing in
    (``files.decode_narrow``), so that one emoji does not make the whole text four bytes a
    character. The library carries the decoding problems after the reader's (as
    ``parse_string(...).with_problems(...)`` gives). The record texts are empty unless
    ``with_sources``.

    Raises:
        ReadError: The bytes cannot be decoded at all (broken UTF-16).
    """
    decoded, stand_ins = decode_narrow(data, name)
    return parse_decoded(decoded, stand_ins, name, with_sources=with_sources)


def _cached_run(
    library: Library,
    sources: tuple[str, ...],
    path: str,
    options: Options,
    venues: VenueRegistry | None,
    cache_dir: str,
) -> tuple[Result, cache.CanonicalCache]:
    """Normalize ``library`` with the on-disk cache of canonical entries (saved at the end)."""
    key_salt = cache.salt(options, venues)
    where = cache.cache_file(cache_dir, path, key_salt)
    known = cache.load(where, key_salt)
    known.attach(library, sources)
    result = normalize(library, options, venues=venues, cache=known)
    cache.save(where, known)
    known.release()
    return result, known


def normalizer_config(args: argparse.Namespace) -> Config:
    """Return the project configuration with the normalizer's options (``--config``, ...).

    Raises:
        UsageError: The configuration file is unreadable or invalid.
    """
    return configured(args, load_config, Config)


def has_errors(problems: tuple[Problem, ...]) -> bool:
    """Return True when a file's problems forbid rewriting it in place."""
    return any(p.severity is Severity.ERROR or p.code in BLOCKING_CODES for p in problems)


def deliver(outcome: FileOutcome, plan: Plan) -> tuple[int, FileOutcome]:
    """Check, diff or write one outcome as planned; return its exit status and the outcome.

    The normalized text is streamed to its destination block by block (never held whole,
    except for ``--diff``) and compared on the way with the bytes read, which the returned
    outcome records (``canonical``).
    """
    broken = has_errors(outcome.problems)
    status = EXIT_ERROR if broken else EXIT_OK
    same = _Same(outcome)
    if plan.diff:
        output = outcome.output()
        outcome = replace(outcome, canonical=outcome.read() == output.encode("utf-8"))
        sys.stdout.write(_diff(outcome, output))
    elif plan.check:
        same.run(outcome.pieces(), stop=True)
        outcome = replace(outcome, canonical=same.result)
        if not outcome.is_canonical:
            print(f"would reformat {outcome.path}", file=plan.human)
            for line in check_lines(outcome):
                print(f"  {line}", file=plan.human)
    if plan.check or plan.diff:
        changed = plan.check and not outcome.is_canonical
        return max(status, EXIT_CHANGED if changed else EXIT_OK), outcome
    if plan.in_place:
        if broken and not plan.force:
            print(
                f"{outcome.path}: error norm.not-written: the file has errors;"
                " left untouched (fix them, or use --force)",
                file=sys.stderr,
            )
            same.run(outcome.pieces(), stop=True)
            return EXIT_ERROR, replace(outcome, canonical=same.result)
        written = _write(outcome.path, same.follow(outcome.pieces()), same.differs)
        return max(status, written), replace(outcome, canonical=same.result)
    if plan.output in (None, "-"):
        for piece in same.follow(outcome.pieces()):
            sys.stdout.write(piece)
        return status, replace(outcome, canonical=same.result)
    written = _write(plan.output, same.follow(outcome.pieces()))
    return max(status, written), replace(outcome, canonical=same.result)


class _Same:
    """Compares a text, piece by piece as it goes by, with the bytes of a file.

    The bytes are those kept (stdin), else the file's, read again a piece at a time.
    """

    def __init__(self, outcome: FileOutcome) -> None:
        self.outcome = outcome
        self.opened: BinaryIO | None = None
        self.same = True
        self.verdict: bool | None = None

    def stream(self) -> BinaryIO:
        """Return the bytes to compare with, opened on first use."""
        if self.opened is None:
            if self.outcome.data is not None:
                self.opened = io.BytesIO(self.outcome.data)
            else:
                try:
                    self.opened = open_bytes(self.outcome.path)
                except ReadError:  # gone since it was read: nothing is the same
                    self.opened = io.BytesIO(b"\0")
        return self.opened

    def follow(self, pieces: Iterable[str]) -> Iterator[str]:
        """Yield ``pieces`` as they are, comparing each with the bytes at its place."""
        read = self.stream().read
        for piece in pieces:
            if self.same:
                encoded = piece.encode("utf-8")
                self.same = read(len(encoded)) == encoded
            yield piece

    def run(self, pieces: Iterable[str], *, stop: bool = False) -> None:
        """Compare ``pieces`` (with ``stop``, only up to the first difference)."""
        for _ in self.follow(pieces):
            if stop and not self.same:
                return

    @property
    def result(self) -> bool:
        """True when the pieces were exactly the bytes, all of them (asked at the end)."""
        if self.verdict is None:
            stream = self.stream()
            self.verdict = self.same and not stream.read(1)
            stream.close()
        return self.verdict

    def differs(self) -> bool:
        """True unless the pieces were exactly the bytes (then a rewrite is not needed)."""
        return not self.result


def _write(
    path: str | os.PathLike[str], pieces: Iterable[str], keep: Callable[[], bool] | None = None
) -> int:
    try:
        write_pieces_atomic(path, pieces, keep)
    except WriteError as exc:
        print(f"{exc.path}: error io.write: {exc.reason}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _diff(outcome: FileOutcome, output: str) -> str:
    import difflib  # noqa: PLC0415  (only --diff needs it)

    lines = difflib.unified_diff(
        outcome.source().splitlines(keepends=True),
        output.splitlines(keepends=True),
        fromfile=outcome.path,
        tofile=f"{outcome.path} (normalized)",
    )
    return "".join(lines)


def _summarize(outcomes: list[FileOutcome], stream: TextIO | None) -> None:
    changed = sum(1 for o in outcomes if not o.is_canonical)
    print(stamps.summary(changed, len(outcomes) - changed), file=stream)


def _write_report(path: str, outcomes: list[FileOutcome]) -> int:
    import json  # noqa: PLC0415  (only --report needs it: start-up time)

    text = json.dumps(as_json(outcomes), indent=2, ensure_ascii=False) + "\n"
    if path == "-":
        sys.stdout.write(text)
        return EXIT_OK
    return _write(path, (text,))
