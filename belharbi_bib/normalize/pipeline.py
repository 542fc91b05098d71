"""The pipeline: record rules folded over every entry, then duplicates, then keys.

Each record rule is a pure :data:`~belharbi_bib.normalize.context.Step`; the pipeline diffs
what a rule returns against what it was given, so every modification is accounted for by a
:class:`Change` naming the rule, whatever the rule does.
"""

from __future__ import annotations

from belharbi_bib.model import Block, Library, Record
from belharbi_bib.normalize import duplicates, keys
from belharbi_bib.normalize.changes import Change, diff_fields
from belharbi_bib.normalize.context import Chooser, Context, FieldMap, Step, rewrite_fields
from belharbi_bib.normalize.options import Options
from belharbi_bib.normalize.rules import active, record_steps
from belharbi_bib.problems import Problem
from belharbi_bib.structs import dataclass

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from belharbi_bib.normalize.cache import CanonicalCache
    from belharbi_bib.venues import VenueRegistry


@dataclass(frozen=True, slots=True)
class Result:
    """What :func:`normalize` returns.

    Attributes:
        library: The normalized library (its reader problems kept as they were).
        changes: Every modification, in file order, then merges, then key changes.
        problems: What the normalizer found (duplicates, invalid keys, malformed names ...).
    """

    library: Library
    changes: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def changed(self) -> bool:
        """True when the normalizer modified at least one entry."""
        return bool(self.changes)


def active_rules(options: Options) -> tuple[tuple[str, Step], ...]:
    """Return the record rules ``options`` enable, in order, with their names.

    The order is the registry's (:data:`~belharbi_bib.normalize.rules.REGISTRY`): text
    conversion runs before names (so that ``\\'{E}ric Sopena`` is read as the Éric the text
    means) and again after them (splitting names can bring an accent next to its letter).
    """
    return record_steps(options)


def normalize_record(
    record: Record, rules: tuple[tuple[str, Step], ...], context: Context
) -> tuple[Record, list[Change], list[Problem]]:
    """Run ``rules`` over one record, one after the other; return it with the changes and problems.

    :func:`normalize` runs the same rules grouped in :func:`stages`, with the same outcome.
    """
    return run_stages(record, rules, context)


@dataclass(frozen=True, slots=True)
class FieldPass:
    """Consecutive field-map rules, run in one pass over each record's fields.

    Attributes:
        maps: The rules, in order: (rule name, field map).
        chooser: Which maps select each field name met so far (filled during the run).
    """

    maps: tuple[tuple[str, FieldMap], ...]
    chooser: Chooser

    def run(self, record: Record, changes: list[Change], found: list[Problem]) -> Record:
        """Rewrite ``record``; add its changes and problems in rule order, as steps would."""
        made: list[tuple[int, Change]] = []
        seen: list[tuple[int, Problem]] = []
        updated = rewrite_fields(record, self.maps, self.chooser, made, seen)
        if made:
            made.sort(key=_position)
            changes.extend(change for _, change in made)
        if seen:
            seen.sort(key=_position)
            found.extend(item for _, item in seen)
        return updated


def _position(item: tuple[int, object]) -> int:
    return item[0]


Stage = tuple[str, Step] | FieldPass
"""One stage of the record rules: a step (rule name, step), or a pass of field maps."""


def stages(options: Options, context: Context) -> tuple[Stage, ...]:
    """Return the record rules ``options`` enable as stages: field maps grouped in passes.

    Running the stages gives the same records, changes and problems as running the steps of
    :func:`active_rules` one after the other (a rule whose field map is None does nothing).
    """
    result: list[Stage] = []
    group: list[tuple[str, FieldMap]] = []
    for rule in active(options):
        if rule.fields is not None:
            fmap = rule.fields(context)
            if fmap is not None:
                group.append((rule.name, fmap))
            continue
        if group:
            result.append(FieldPass(tuple(group), {}))
            group = []
        if rule.step is not None:
            result.append((rule.name, rule.step))
    if group:
        result.append(FieldPass(tuple(group), {}))
    return tuple(result)


def run_stages(
    record: Record, plan: tuple[Stage, ...], context: Context
) -> tuple[Record, list[Change], list[Problem]]:
    """Run the stages ``plan`` over one record; return it with the changes and problems."""
    changes: list[Change] = []
    found: list[Problem] = []
    for stage in plan:
        if isinstance(stage, FieldPass):
            record = stage.run(record, changes, found)
            continue
        name, rule = stage
        updated, problems = rule(record, context)
        if problems:
            found.extend(problems)
        if updated is not record:
            changes.extend(diff_fields(record, updated, name))
            record = updated
    return record, changes, found


def normalize(
    library: Library,
    options: Options | None = None,
    *,
    venues: VenueRegistry | None = None,
    cache: CanonicalCache | None = None,
) -> Result:
    """Return the library with every enabled rule applied, and the account of it. Pure.

    Args:
        library: What to normalize (as read; blocks other than entries are kept as they are).
        options: Which rules run and how; the defaults when None.
        venues: The venue registry the venue rule matches against (needed only when
            ``options.venue_form`` is not ``"keep"``).
        cache: Known canonical entries (see :mod:`belharbi_bib.normalize.cache`), built for
            these options and venues and attached to ``library``: their record rules are
            skipped, and the records the rules leave alone are taught to it. None: no cache.

    >>> from belharbi_bib.bibtex.reader import parse_string
    >>> result = normalize(parse_string("@article{k, author={Jane Doe}, pages={1-5}}"))
    >>> [(c.rule, c.field, c.after) for c in result.changes]
    [('names', 'author', '{Doe, Jane}'), ('pages', 'pages', '{1--5}')]
    """
    return _normalize(library, options or Options(), venues, cache)


def _normalize(
    library: Library,
    options: Options,
    venues: VenueRegistry | None,
    cache: CanonicalCache | None,
) -> Result:
    context = Context(options, venues)
    plan = stages(options, context)
    changes: list[Change] = []
    found: list[Problem] = []
    records: list[Record] = []
    for record in library.records:
        if cache is not None and cache.hit(record):
            records.append(record)  # the rules would return it as it is, saying nothing
            continue
        updated, record_changes, record_problems = run_stages(record, plan, context)
        if cache is not None and updated is record and not record_problems:
            cache.learn(record)
        records.append(updated)
        changes.extend(record_changes)
        found.extend(record_problems)
    pinned = pinned_keys(library)
    slots: list[Record | None] = list(records)
    if options.duplicates or options.merge:
        slots = _deduplicate(records, options, pinned, changes, found, cache)
    if options.keys or options.rekey:
        slots = _rekey(slots, options, pinned, changes, found)
    return Result(_rebuild(library, slots), tuple(changes), tuple(found))


def pinned_keys(library: Library) -> frozenset[str]:
    """Return the folded keys of entries the reader kept verbatim as duplicates.

    The entries holding these keys keep them and are never merged away: otherwise the
    verbatim duplicate would read as a new entry the next time, and output would not be stable.
    """
    return frozenset(
        p.key.casefold() for p in library.problems if p.code == "bib.duplicate-key" and p.key
    )


def _deduplicate(
    records: list[Record],
    options: Options,
    pinned: frozenset[str],
    changes: list[Change],
    found: list[Problem],
    cache: CanonicalCache | None = None,
) -> list[Record | None]:
    if cache is None:
        dups = duplicates.find_duplicates(records)
    else:  # known entries keep their signatures in the cache
        dups = duplicates.find_duplicates(
            records, lambda record: cache.signatures_of(record, duplicates.signatures)
        )
    found.extend(duplicates.report(records, dups))
    dups = [d for d in dups if records[d.index].key.casefold() not in pinned]
    if not options.merge or not dups:
        return list(records)
    slots, merge_changes, problems, renames = duplicates.merge_duplicates(records, dups, options)
    found.extend(problems)
    changes.extend(merge_changes)
    retargeted, retarget_changes = keys.retarget([s for s in slots if s], renames, "merge")
    changes.extend(retarget_changes)
    return _refill(slots, retargeted)


def _refill(slots: list[Record | None], records: list[Record]) -> list[Record | None]:
    filled = iter(records)
    return [next(filled) if slot is not None else None for slot in slots]


def _rekey(
    slots: list[Record | None],
    options: Options,
    pinned: frozenset[str],
    changes: list[Change],
    found: list[Problem],
) -> list[Record | None]:
    present = [s for s in slots if s is not None]
    assigned, key_changes, problems, renames = keys.assign_keys(present, options, pinned)
    read_keys = [r.key for r in present]
    retargeted, retarget_changes = keys.retarget(assigned, renames, "keys", read_keys)
    changes.extend(key_changes)
    changes.extend(retarget_changes)
    found.extend(problems)
    return _refill(slots, retargeted)


def _rebuild(library: Library, slots: list[Record | None]) -> Library:
    position = 0
    blocks: list[Block] = []
    for block in library.blocks:
        if isinstance(block, Record):
            slot = slots[position]
            position += 1
            if slot is not None:
                blocks.append(slot)
        else:
            blocks.append(block)
    return Library(tuple(blocks), library.problems, library.path)
