"""The cache of canonical entries: same bytes, problems and changes with or without it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from test_normalize_properties import OPTIONS, bibtex, chaotic_bibtex

from belharbi_bib.bibtex.reader import parse_string, parse_with_sources
from belharbi_bib.bibtex.writer import write
from belharbi_bib.cli import command_parser
from belharbi_bib.cli.commands import normalize as command
from belharbi_bib.files import decode, read_bytes
from belharbi_bib.model import Record, Venue, VenueKind
from belharbi_bib.normalize import Change, Options, duplicates, normalize
from belharbi_bib.normalize import cache as cache_mod
from belharbi_bib.normalize.cache import CanonicalCache
from belharbi_bib.problems import Problem
from belharbi_bib.venues import VenueRegistry

Run = tuple[str, tuple[Change, ...], tuple[Problem, ...]]


def plain(text: str, options: Options) -> Run:
    result = normalize(parse_string(text, "x.bib"), options)
    return write(result.library), result.changes, result.problems


def cached(text: str, options: Options, known: frozenset[str]) -> tuple[Run, CanonicalCache]:
    library, sources = parse_with_sources(text, "x.bib")
    store = CanonicalCache(cache_mod.salt(options), known)
    store.attach(library, sources)
    result = normalize(library, options, cache=store)
    return (write(result.library, store.text), result.changes, result.problems), store


def check_same(text: str, options: Options) -> None:
    """Cold, warm, and warm from the canonical text's cache: all as without a cache."""
    expected = plain(text, options)
    cold, store = cached(text, options, frozenset())
    assert cold == expected
    warm, again = cached(text, options, frozenset(store.kept))
    assert warm == expected
    assert again.kept == store.kept
    canonical = expected[0]
    from_canonical, learned = cached(canonical, options, frozenset())
    assert from_canonical == plain(canonical, options)
    warm_canonical, _ = cached(canonical, options, frozenset(learned.kept))
    assert warm_canonical == from_canonical
    mixed, _ = cached(text, options, frozenset(learned.kept | store.kept))
    assert mixed == expected


def corpus_files(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "corpus" / "realworld").glob("*.bib"))


def test_corpus_cached_output_is_byte_identical(shared_dir: Path) -> None:
    files = corpus_files(shared_dir)
    assert len(files) >= 30
    bundled = Path(__file__).parent.parent / "bib" / "belharbi.bib"
    hits = 0
    for path in [*files, bundled]:
        text = decode(read_bytes(path), str(path)).text
        check_same(text, Options())
        if path == bundled:
            check_same(text, Options(text="unicode", merge=True, rekey=True))
        canonical = plain(text, Options())[0]
        _, store = cached(canonical, Options(), frozenset())
        hits += len(store.kept)
    assert hits > 1000  # most canonical entries are learned, so warm runs skip them


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=bibtex(), options=OPTIONS)
def test_generated_cached_output_is_byte_identical(source: str, options: Options) -> None:
    check_same(source, options)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=chaotic_bibtex(), options=OPTIONS)
def test_chaotic_cached_output_is_byte_identical(source: str, options: Options) -> None:
    check_same(source, options)


CANONICAL = """@article{doe2020deep,
  author = {Doe, Jane},
  title = {Deep {CAM} for {ResNet}},
  journal = {Pattern Recognition},
  year = {2020},
}
"""


def learned(text: str, options: Options) -> frozenset[str]:
    _, store = cached(text, options, frozenset())
    return frozenset(store.kept)


def test_canonical_entry_is_learned_and_skipped() -> None:
    known = learned(CANONICAL, Options())
    assert len(known) == 1
    library, sources = parse_with_sources(CANONICAL)
    store = CanonicalCache(cache_mod.salt(Options()), known)
    store.attach(library, sources)
    assert store.hit(library.records[0])
    assert store.text(library.records[0]) == CANONICAL.rstrip("\n")


def test_entry_changed_by_rules_or_layout_is_not_learned() -> None:
    assert learned(CANONICAL.replace("Doe, Jane", "Jane Doe"), Options()) == frozenset()
    assert learned(CANONICAL.replace("  title", "    title"), Options()) == frozenset()


def test_entry_with_problems_is_not_learned() -> None:
    text = CANONICAL.replace("Doe, Jane", "Doe, Jane, Jr, X")
    assert plain(text, Options())[2]  # the names rule complains about this one
    assert learned(text, Options()) == frozenset()


def test_options_and_venues_change_the_salt() -> None:
    base = cache_mod.salt(Options())
    assert cache_mod.salt(Options()) == base
    assert cache_mod.salt(Options(titles=False)) != base
    assert cache_mod.salt(Options(protect_terms=("Foo",))) != base
    one = VenueRegistry({"pr": Venue("pr", "PR", "Pattern Recognition", VenueKind.JOURNAL)})
    two = VenueRegistry({"pr": Venue("pr", "Patt. Rec.", "Pattern Recognition", VenueKind.JOURNAL)})
    assert cache_mod.salt(Options(), one) != cache_mod.salt(Options(), two)
    assert cache_mod.salt(Options(), one) != base


def test_entries_learned_under_other_options_are_not_trusted() -> None:
    known = learned(CANONICAL, Options(titles=False))
    library, sources = parse_with_sources(CANONICAL)
    store = CanonicalCache(cache_mod.salt(Options()), known)
    store.attach(library, sources)
    assert not store.hit(library.records[0])


def test_macro_expansion_is_part_of_the_key() -> None:
    entry = "@article{k,\n  author = {Doe, Jane},\n  journal = pr,\n  year = {2020},\n}"
    first = f"@string{{pr = {{Pattern Recognition}}}}\n\n{entry}\n"
    second = f"@string{{pr = {{Pattern  Analysis}}}}\n\n{entry}\n"
    known = learned(first, Options())
    assert len(known) == 1
    library, sources = parse_with_sources(second)
    store = CanonicalCache(cache_mod.salt(Options()), known)
    store.attach(library, sources)
    assert not store.hit(library.records[0])
    assert cached(second, Options(), known)[0] == plain(second, Options())


def test_duplicates_and_keys_still_see_cached_entries() -> None:
    text = CANONICAL + "\n" + CANONICAL.replace("doe2020deep", "doe2020deepb")
    options = Options(merge=True)
    known = learned(CANONICAL, options)
    (output, changes, problems), _ = cached(text, options, known)
    assert (output, changes, problems) == plain(text, options)
    assert output.count("@article") == 1  # merged although both entries were cache hits
    assert any(c.rule == "merge" for c in changes)


def test_load_and_save_round_trip(tmp_path: Path) -> None:
    options = Options()
    store = cached(CANONICAL, options, frozenset())[1]
    where = cache_mod.cache_file(tmp_path / "sub", "a.bib", store.salt)
    assert cache_mod.save(where, store)
    assert cache_mod.load(where, store.salt).known == frozenset(store.kept)


@pytest.mark.parametrize(
    "junk",
    [
        b"",
        b"garbage",
        cache_mod.FORMAT + b"short",  # truncated: no line break at the end
        cache_mod.FORMAT + b"0123\n",  # a line without its tab
        cache_mod.FORMAT + b"0123\t?\n\n",  # an empty line
        cache_mod.FORMAT + b"0123\t\xff\n",  # not UTF-8
        b"\x00" * 48,
    ],
)
def test_corrupt_cache_is_ignored(tmp_path: Path, junk: bytes) -> None:
    where = tmp_path / "c.bin"
    where.write_bytes(junk)
    assert cache_mod.load(where, b"s" * 16).known == frozenset()


def test_unwritable_cache_is_ignored(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    store = cached(CANONICAL, Options(), frozenset())[1]
    assert not cache_mod.save(blocker / "c.bin", store)


def namespace(*files: str, **extra: object) -> argparse.Namespace:
    parser = command_parser("normalize")
    args = parser.parse_args(["--no-config", *files])
    for name, value in extra.items():
        setattr(args, name, value)
    return args


def cache_files() -> list[Path]:
    root = Path(os.environ["XDG_CACHE_HOME"]) / "belharbi-bib" / "normalize"
    return sorted(root.glob("*.bin")) if root.is_dir() else []


def test_command_check_uses_the_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.bib"
    source.write_text(CANONICAL + "\n" + CANONICAL.replace("doe2020deep", "x", 1), "utf-8")
    before = cache_files()
    assert command.run(namespace(str(source), check=True)) == 0
    made = [p for p in cache_files() if p not in before]
    assert len(made) == 1
    stamp = made[0].stat().st_mtime_ns
    assert command.run(namespace(str(source), check=True)) == 0
    assert made[0].stat().st_mtime_ns == stamp  # nothing new learned: not rewritten
    made[0].write_bytes(b"corrupt")
    assert command.run(namespace(str(source), check=True)) == 0
    assert made[0].read_bytes().startswith(cache_mod.FORMAT)
    capsys.readouterr()


def test_command_no_cache_writes_no_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "b.bib"
    source.write_text(CANONICAL.replace("Deep", "Deeper"), "utf-8")
    before = cache_files()
    assert command.run(namespace(str(source), "--no-cache", check=True)) == 0
    assert cache_files() == before
    capsys.readouterr()


def test_command_output_same_with_and_without_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "c.bib"
    source.write_text(CANONICAL + "\n@misc{y, author = {Jane Doe}, pages = {1-2}}\n", "utf-8")
    outputs: list[bytes] = []
    for flags in (["--no-cache"], [], []):
        target = tmp_path / f"out{len(outputs)}.bib"
        assert command.run(namespace(str(source), *flags, output=str(target))) == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    capsys.readouterr()


def test_the_cache_directory_is_bounded(tmp_path: Path) -> None:
    for index in range(7):
        path = tmp_path / f"{index}.bin"
        path.write_bytes(b"x")
        os.utime(path, ns=(index * 10**9, index * 10**9))
    (tmp_path / "check-stamps.json").write_text("{}", encoding="utf-8")
    cache_mod.prune(tmp_path, keep=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "4.bin",
        "5.bin",
        "6.bin",
        "check-stamps.json",
    ]


def test_known_entries_keep_their_duplicate_signatures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "@article{a,\n  author = {Doe, Jane},\n  title = {Deep},\n  year = {2020},\n}\n\n"
        "@misc{b,\n  author = {Doe, Jane},\n  title = {Deep},\n  year = {2020},\n}\n"
    )
    first, store = cached(text, Options(), frozenset())
    assert [p.code for p in first[2]] == ["norm.duplicate"]
    where = tmp_path / "c.bin"
    assert cache_mod.save(where, store)
    loaded = cache_mod.load(where, store.salt)
    assert loaded.known == frozenset(store.kept)
    assert len(loaded.stored) == 2
    computed: list[str] = []
    original = duplicates.signatures

    def counting(record: Record) -> list[tuple[str, str]]:
        computed.append(record.key)
        return original(record)

    monkeypatch.setattr(duplicates, "signatures", counting)
    library, sources = parse_with_sources(text, "x.bib")
    loaded.attach(library, sources)
    result = normalize(library, Options(), cache=loaded)
    assert computed == []  # both entries known: their signatures come from the cache
    assert (write(result.library, loaded.text), result.changes, result.problems) == first


def test_a_released_cache_still_gives_the_texts_and_knows_nothing_new() -> None:
    text = "@misc{a,\n  title = {A},\n}\n\n@MISC{b, title={B}}\n"
    library, sources = parse_with_sources(text)
    known = CanonicalCache(cache_mod.salt(Options()))
    known.attach(library, sources)
    result = normalize(library, Options(), cache=known)
    canonical, other = library.records
    assert known.text(canonical) == sources[0]
    assert known.text(other) is None  # not canonical: the writer renders it
    known.release()
    assert known.text(canonical) == sources[0]
    assert write(result.library, known.text) == write(result.library)
    known.learn(other)
    assert not known.hit(canonical)
    assert known.text(other) is None


def test_signatures_never_asked_for_are_written_back_as_read(tmp_path: Path) -> None:
    text = "@article{a,\n  author = {Doe, Jane},\n  title = {Deep},\n  year = {2020},\n}\n"
    store = cached(text, Options(), frozenset())[1]
    where = tmp_path / "c.bin"
    assert cache_mod.save(where, store)
    written = where.read_bytes()
    assert b"title\tdeep|doe|2020" in written
    loaded = cache_mod.load(where, store.salt)
    library, sources = parse_with_sources(text, "x.bib")
    loaded.attach(library, sources)
    normalize(library, Options(), cache=loaded)  # asks for the signatures: decodes them
    assert loaded.signatures
    assert not loaded.changed
    assert loaded.content() == written
    quiet = cache_mod.load(where, store.salt)  # a run that never asks keeps them as read
    assert quiet.signatures == {}
    assert quiet.content() == cache_mod.FORMAT
    quiet.kept.update(quiet.known)
    assert quiet.content() == written


def test_signatures_the_file_cannot_hold_do_not_rewrite_it_each_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a signature with a tab cannot be written (``?``): each run computes it again, and
    # that alone must not make the cache file be written again
    monkeypatch.setattr(duplicates, "signatures", lambda record: [("title", "a\tb")])
    text = "@misc{a,\n  title = {A},\n}\n"
    store = cached(text, Options(), frozenset())[1]
    where = tmp_path / "c.bin"
    assert cache_mod.save(where, store)
    assert where.read_bytes().endswith(b"\t?\n")
    loaded = cache_mod.load(where, store.salt)
    library, sources = parse_with_sources(text, "x.bib")
    loaded.attach(library, sources)
    normalize(library, Options(), cache=loaded)
    assert loaded.signatures  # computed again
    assert not loaded.changed  # but the file already says all it can


def test_a_warm_run_writes_the_lines_it_read_back_unchanged(tmp_path: Path) -> None:
    """After a few edits, the entries still known keep their lines byte for byte.

    The signatures decoded for the duplicate search are not encoded again: the line read is
    the line written (and it is what encoding them would give).
    """
    bundled = Path(__file__).parent.parent / "bib" / "belharbi.bib"
    canonical = plain(decode(read_bytes(bundled), str(bundled)).text, Options())[0]
    _, store = cached(canonical, Options(), frozenset())
    where = cache_mod.cache_file(tmp_path, "a.bib", store.salt)
    assert cache_mod.save(where, store)
    before = Path(where).read_bytes().splitlines(keepends=True)
    edited = canonical.replace("  title = {", "  title = {  ", 3)
    loaded = cache_mod.load(where, store.salt)
    library, sources = parse_with_sources(edited, "a.bib")
    loaded.attach(library, sources)
    normalize(library, Options(), cache=loaded)
    assert loaded.changed  # the three edited entries are no longer known
    after = loaded.content().splitlines(keepends=True)
    assert after[0] == before[0] == cache_mod.FORMAT
    assert len(after) == len(before) - 3
    assert set(after) < set(before)
    for line in after[1:]:
        signatures = line.decode("utf-8").rstrip("\n").split("\t", 1)[1]
        decoded = cache_mod._decode(signatures)
        assert decoded is not None
        assert cache_mod._encode(decoded) == signatures
