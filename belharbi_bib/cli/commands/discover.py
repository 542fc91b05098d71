"""The ``belharbi-bib discover`` command: the owner's works not yet in the database.

The owner's works at arXiv, DBLP, OpenReview and ORCID are compared with the database and
printed as a review list; ``--add`` adds the new ones.

Exit codes: 0 done; 1 with ``--add`` when a new work could not be added; 2 bad usage, no
owner identifier configured, or no service could answer (nothing is written).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from belharbi_bib.cli.commands.add import add_target_options, context_of, target_of, write
from belharbi_bib.cli.network import add_network_options, net_settings
from belharbi_bib.cli.options import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    add_output,
    emit,
    report,
    say,
)
from belharbi_bib.enrichment import open_client
from belharbi_bib.enrichment.client import HttpClient, NetError
from belharbi_bib.enrichment.services import Endpoints
from belharbi_bib.errors import ReadError
from belharbi_bib.intake.add import add_identifier
from belharbi_bib.intake.catalogue import NEW, PRESENT, UNCERTAIN, Catalogue
from belharbi_bib.intake.discover import Discovery, Item, discover
from belharbi_bib.intake.owner import Owner, load_owner, validate
from belharbi_bib.intake.target import Target
from belharbi_bib.problems import Problem, Severity
from belharbi_bib.structs import replace

DESCRIPTION = (
    "List the owner's works found at arXiv (author query), DBLP (person page), OpenReview "
    "(profile) and ORCID (works), each marked new, present (with the entry it matched) or "
    "uncertain, with the evidence. The identifiers come from [tool.belharbi-bib.owner] in "
    "the project configuration, or the options below. --add adds the new works as 'add' "
    "would. See docs/intake.md."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``discover`` arguments to ``parser`` (a subcommand parser)."""
    add_target_options(parser)
    who = parser.add_argument_group("owner (default: [tool.belharbi-bib.owner])")
    who.add_argument("--arxiv", metavar="QUERY", help="arXiv author query (au:...) or name")
    who.add_argument("--dblp", metavar="PID", help="DBLP person id (as in dblp.org/pid/PID)")
    who.add_argument("--orcid", metavar="ID", help="ORCID iD")
    who.add_argument("--openreview", metavar="PROFILE", help="OpenReview profile id (~First_Last1)")
    parser.add_argument("--json", action="store_true", help="print the review list as JSON")
    add_output(parser)
    parser.add_argument("--add", action="store_true", help="add the new works to the .bib")
    parser.add_argument(
        "--add-venue", action="store_true", help="with --add: register unknown venues"
    )
    add_network_options(parser)


def run(args: argparse.Namespace) -> int:
    """Run ``belharbi-bib discover`` with parsed ``args``; return the exit code."""
    owner = _owner(args)
    if not owner.configured:
        raise UsageError(
            "no owner identifier: set [tool.belharbi-bib.owner] (arxiv, dblp, orcid, "
            "openreview) or give --arxiv/--dblp/--orcid/--openreview"
        )
    if args.add and args.json and args.output in (None, "-"):
        raise UsageError("--add with --json on stdout: give -o FILE for the list")
    net = net_settings(args)
    target = target_of(args, writing=args.add)
    endpoints = net.endpoints or Endpoints.from_env()
    with open_client(net, endpoints) as client:
        found = discover(owner, Catalogue(target.library.records), client, endpoints)
        if not found.asked:
            reasons = "; ".join(f"{s}: {why}" for s, why in found.failed.items())
            raise UsageError(f"no service answered ({reasons}); nothing written")
        text = _json(found) if args.json else review_list(found)
        emit(text, args.output)
        status = _add_new(args, found, target, client, endpoints) if args.add else EXIT_OK
        sent, cached = client.stats.sent, client.stats.cached
    say(f"{_summary(found)}; {sent} requests sent, {cached} answers from the cache", args)
    return status


def _owner(args: argparse.Namespace) -> Owner:
    try:
        if args.no_config:
            owner = Owner()
        else:
            owner = load_owner(Path.cwd(), Path(args.config) if args.config else None)
    except ReadError as exc:
        raise UsageError(f"configuration: {exc}") from None
    given = {n: getattr(args, n) for n in ("arxiv", "dblp", "orcid", "openreview")}
    owner = replace(owner, **{n: v for n, v in given.items() if v})
    try:
        return validate(owner, "option")
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def review_list(found: Discovery) -> str:
    """Return the review list as text: new, uncertain, then present works."""
    lines: list[str] = []
    for status in (NEW, UNCERTAIN, PRESENT):
        items = [i for i in found.items if i.verdict.status == status]
        lines.append(f"{status} ({len(items)})")
        lines.extend(_item_lines(item) for item in items)
    return "\n".join(lines) + "\n"


def _item_lines(item: Item) -> str:
    year = str(item.year or "----")
    head = f"  {year}  {item.title}"
    if item.verdict.status == PRESENT:
        return f"{head}\n        = {item.verdict.key}: {item.verdict.evidence}"
    ident = item.identifier()
    rows = [head, f"        found: {', '.join(item.labels)}"]
    if item.verdict.key:
        rows.append(f"        maybe: {item.verdict.key}: {item.verdict.evidence}")
    else:
        rows.append(f"        evidence: {item.verdict.evidence}")
    rows.append(f"        add with: belharbi-bib add {ident}" if ident else
                "        add with: no identifier add can use (add it by hand)")  # fmt: skip
    return "\n".join(rows)


def _json(found: Discovery) -> str:
    data = {
        "format": "belharbi-bib/discover",
        "version": 1,
        "asked": found.asked,
        "failed": found.failed,
        "skipped": list(found.skipped),
        "items": [i.as_dict() for i in found.items],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _summary(found: Discovery) -> str:
    asked = ", ".join(f"{s} ({n} works)" for s, n in found.asked.items())
    parts = [f"discover: asked {asked}"]
    if found.failed:
        parts.append("failed " + ", ".join(f"{s} ({why})" for s, why in found.failed.items()))
    if found.skipped:
        parts.append(f"skipped {', '.join(found.skipped)} (no owner identifier)")
    parts.append(
        f"{found.count(NEW)} new, {found.count(UNCERTAIN)} uncertain, "
        f"{found.count(PRESENT)} present"
    )
    return "; ".join(parts)


def _add_new(
    args: argparse.Namespace,
    found: Discovery,
    target: Target,
    client: HttpClient,
    endpoints: Endpoints,
) -> int:
    context = context_of(args, target, client, endpoints)
    outcomes = []
    for item in (i for i in found.items if i.verdict.status == NEW):
        ident = item.identifier()
        if ident is None:
            message = (
                f"{item.title!r} ({', '.join(item.labels)}): no identifier 'add' can use; "
                "add it by hand"
            )
            problem = Problem("discover.no-identifier", message, Severity.WARNING, str(target.bib))
            report([problem], args)
            continue
        try:
            outcome = add_identifier(context, ident)
        except NetError as exc:
            raise UsageError(f"{ident}: {exc.reason}; nothing written") from None
        report(outcome.problems, args)
        outcomes.append(outcome)
    added = [o for o in outcomes if o.added]
    if added:
        write(target, added)
    keys = ", ".join(o.record.key for o in added if o.record is not None)
    say(f"discover --add: added {len(added)} ({keys or 'none'}), "
        f"refused {len(outcomes) - len(added)}", args)  # fmt: skip
    return EXIT_PROBLEMS if len(added) < len(outcomes) else EXIT_OK
