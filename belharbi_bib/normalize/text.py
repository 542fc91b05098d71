"""The text rule: accented letters as Unicode characters or as LaTeX accent commands.

Only accents and the special Latin letters (``\\o``, ``\\ss``, ``\\ae`` ...) are converted,
outside math; LaTeX specials (``\\&``, ``\\%``, ``$``, ``~``, ``--``) mean the same in both
forms and stay as written. Letters LaTeX has no accent command for (Greek, Cyrillic, CJK)
stay Unicode in LaTeX mode.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from belharbi_bib import patterns
from belharbi_bib.model import Record
from belharbi_bib.normalize.context import Context, FieldMap, Outcome, apply_map, is_text_field

ACCENTS: dict[str, str] = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "d": "\u0323",
    "b": "\u0331", "r": "\u030a", "k": "\u0328",
}  # fmt: skip
"""LaTeX accent commands and the Unicode combining marks they stand for."""

LETTERS: dict[str, str] = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å",
    "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}  # fmt: skip
"""LaTeX commands for special Latin letters and the characters they stand for."""

TYPOGRAPHY: dict[str, str] = {
    "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "\u00a0": "~",
}  # fmt: skip
"""Characters written with ASCII ligatures in LaTeX mode (Unicode mode leaves these alone)."""

_MARKS = {mark: command for command, mark in ACCENTS.items()}
_LETTER_COMMANDS = {char: command for command, char in LETTERS.items()}
_BASE = r"(?:\\[ij](?![A-Za-z])|[A-Za-z])"
_ACCENT = (
    r"\\(?:(?P<sym>['`^\"~=.])|(?P<word>[uvHcdbrk])(?![A-Za-z]))[ \t\n]*"
    rf"(?:\{{[ \t\n]*(?P<inner>{_BASE})[ \t\n]*\}}|(?P<bare>{_BASE}))"
)
_LETTER = r"\\(?P<letter>ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])"
_MATH_SPLIT = patterns.compile(r"(?<!\\)\$")


@functools.cache
def _command_pattern() -> re.Pattern[str]:
    """Compile the alternation of wrapped and bare accent and letter commands.

    Named groups cannot repeat in one pattern, so each alternative gets its own suffix. A
    brace after a backslash (``\\{``) is an escaped brace, not a group: ``\\{\\'e}`` keeps its
    braces (dropping them would glue the backslash to the letter, ``\\é``). Compiled on
    first use, not at import.
    """
    parts = []
    group_name = patterns.compile(r"\(\?P<(\w+)>")
    wrapped_accent, wrapped_letter = rf"(?<!\\)\{{{_ACCENT}\}}", rf"(?<!\\)\{{{_LETTER}\}}"
    for index, template in enumerate(
        (wrapped_accent, _ACCENT, wrapped_letter, rf"{_LETTER}(?:\{{\}}|[ \t\n]+)?")
    ):
        parts.append(group_name.sub(rf"(?P<\g<1>{index}>", template))
    return patterns.compile("|".join(parts))


def _replace_command(match: re.Match[str]) -> str:
    groups = {name[:-1]: value for name, value in match.groupdict().items() if value is not None}
    if "letter" in groups:
        return LETTERS[groups["letter"]]
    base = groups.get("inner") or groups.get("bare") or ""
    if base.startswith("\\"):
        base = base[1]
    accent = groups.get("sym") or groups.get("word") or ""
    composed = unicodedata.normalize("NFC", base + ACCENTS[accent])
    return composed if len(composed) == 1 else match.group()


def _outside_math(text: str, convert: Callable[[str], str]) -> str:
    pieces = _MATH_SPLIT.split(text)
    if len(pieces) % 2 == 0:  # an unclosed $: leave the value alone
        return text
    return "$".join(convert(p) if i % 2 == 0 else p for i, p in enumerate(pieces))


@functools.lru_cache(maxsize=1024)
def _commands_to_unicode(text: str) -> str:
    return _command_pattern().sub(_replace_command, text)


@functools.lru_cache(maxsize=1024)
def decode_accents(text: str) -> str:
    """Return ``text`` with LaTeX accent and letter commands turned into characters.

    Braces that only wrap one command (``{\\'e}``) go with it; other braces stay.

    >>> decode_accents(
    ...     "H{\\\\'e}rault, Bj\\\\o rn, G\\\\\\"{o}del, {\\\\c c}a, Stra\\\\ss{}e, {CAM}"
    ... )
    'Hérault, Bjørn, Gödel, ça, Straße, {CAM}'
    >>> decode_accents("$\\\\'a$ \\\\& 10\\\\%")
    "$\\\\'a$ \\\\& 10\\\\%"
    """
    if "\\" not in text:
        return text
    if "$" in text:
        return _outside_math(text, _commands_to_unicode)
    return _commands_to_unicode(text)


def _char_to_latex(char: str) -> str:
    command = _LETTER_COMMANDS.get(char)
    if command is not None:
        return f"{{\\{command}}}"
    typography = TYPOGRAPHY.get(char)
    if typography is not None:
        return typography
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) != 2 or not decomposed[0].isascii() or not decomposed[0].isalpha():
        return char
    accent = _MARKS.get(decomposed[1])
    if accent is None:
        return char
    base = decomposed[0]
    return f"{{\\{accent}{base}}}" if not accent.isalpha() else f"{{\\{accent}{{{base}}}}}"


@functools.lru_cache(maxsize=1024)
def _chars_to_latex(text: str) -> str:
    return "".join(char if char.isascii() else _char_to_latex(char) for char in text)


@functools.lru_cache(maxsize=1024)
def encode_accents(text: str) -> str:
    """Return ``text`` with accented Latin letters written as LaTeX commands.

    >>> encode_accents("Hérault – Bjørn, Çelik, Москва")
    "H{\\\\'e}rault -- Bj{\\\\o}rn, {\\\\c{C}}elik, Москва"
    """
    if text.isascii():
        return text
    if "$" in text:
        return _outside_math(text, _chars_to_latex)
    return _chars_to_latex(text)


def _no_command(text: str) -> bool:
    return "\\" not in text


_TO_UNICODE = FieldMap(is_text_field, decode_accents, keeps=_no_command)
_TO_LATEX = FieldMap(is_text_field, encode_accents, keeps=str.isascii)


def text_map(context: Context) -> FieldMap | None:
    """Return the text rule's field map for the run's ``text`` form (None for ``keep``)."""
    form = context.options.text
    if form == "unicode":
        return _TO_UNICODE
    if form == "latex":
        return _TO_LATEX
    return None


def convert_text(record: Record, context: Context) -> Outcome:
    """Write accents as Unicode (``text="unicode"``) or LaTeX (``text="latex"``)."""
    return apply_map(record, text_map(context))
