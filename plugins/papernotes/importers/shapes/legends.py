"""Legends: a block of lines that says what a code or a symbol means.

    * [Gml] General ML            a code legend: `[Gml]` on an entry line tags it `gml`
    - ⭐ must read                 a symbol legend: `⭐` before a link tags it
    - 🔥 : hot topic

A legend is a legend only where it stands as one: two or more such lines in a row, or one line
standing alone between blank lines. A single line of that shape among entries is not one, and
a code or symbol defined twice keeps its first meaning (the second is reported): an entry line
never redefines a tag.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_MARKERS = 20  # symbols or badges before one title: more are left in the line (and reported)
# `- [x] Title` is a checked item, never the legend of a code `x`
_CODE_LINE_RE = re.compile(r"^\s*[-*+]\s+\[(?![xX]\])([A-Za-z][A-Za-z0-9+]{0,11})\]\s+([^\[(].*)$")
# One space, then the description (its own leading spaces are stripped later): a run of spaces
# is not split every way between separator and description when a bracket ends the line.
_SYMBOL_LINE_RE = re.compile(r"^\s*+(?:[-*+]\s++)?(\S{1,4}?)(?:[ \t]*+[:=\-–—])?[ \t]([^\[\]()]++)$")
_LETTER_RE = re.compile(r"[^\W\d_]")  # a description says something: it has a letter


def is_symbol(text: str) -> bool:
    """Emoji or other symbols only (`⭐`, `🔥`, `★★`, `†`): no letter, digit or Markdown punctuation."""
    if not text or len(text) > 4:
        return False
    for char in text:
        if char in "\ufe0f\u200d":  # emoji variation selector and joiner
            continue
        if unicodedata.category(char)[0] not in ("S", "P") or char in "[]()<>*`#!|_~\\-:.,;'\"/":
            return False
    return True


# GitHub's shortcodes of the marks reading lists use, as the emoji they show (a legend may say either)
SHORTCODES = {
    "question": "❓", "grey_question": "❔", "exclamation": "❗", "white_check_mark": "✅", "heavy_check_mark": "✔",
    "ballot_box_with_check": "☑", "x": "❌", "star": "⭐", "star2": "🌟", "fire": "🔥", "pushpin": "📌",
    "bookmark": "🔖", "memo": "📝", "book": "📖", "books": "📚", "hourglass": "⌛", "hourglass_flowing_sand": "⏳",
    "construction": "🚧", "eyes": "👀", "bulb": "💡", "warning": "⚠", "heart": "❤", "+1": "👍", "thumbsup": "👍",
    "red_circle": "🔴", "green_circle": "🟢", "yellow_circle": "🟡", "large_blue_circle": "🔵", "sparkles": "✨",
    "rocket": "🚀", "trophy": "🏆", "100": "💯", "zap": "⚡", "new": "🆕", "clock": "🕐", "calendar": "📅",
}
_SHORTCODE_RE = re.compile(r":([a-z0-9_+\-]{1,40}):")


def _symbol(head: str) -> str | None:
    """The symbol `head` is (`⭐`, or `:star:` as its emoji), else None."""
    shortcode = _SHORTCODE_RE.fullmatch(head)
    if shortcode:
        return SHORTCODES.get(shortcode.group(1))
    return head.replace("\ufe0f", "") if is_symbol(head) else None


def symbols_of(text: str) -> tuple[list[str], str]:
    """The symbols standing at the start of `text` (emoji, `:shortcode:`), each followed by a space
    or glued to the link after it (`❓[Title](u)`), and the rest."""
    found: list[str] = []
    rest = text.lstrip()
    while len(found) < MAX_MARKERS:  # bounded: each step copies the rest of the line
        head, _space, tail = rest.partition(" ")
        glued = head.find("[")
        if glued > 0 and _symbol(head[:glued]) is not None:  # `❓[Title](u)`: the mark touches the link
            head, tail = head[:glued], rest[glued:]
        symbol = _symbol(head)
        if not tail or symbol is None:
            return found, rest
        found.append(symbol)
        rest = tail.lstrip()
    return found, rest


@dataclass
class Legend:
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code (lowercase) -> (tag key, description)
    symbols: dict[str, tuple[str, str]] = field(default_factory=dict)  # symbol -> (tag key, description)
    lines: set[int] = field(default_factory=set)  # 0-based indexes of legend lines
    report: list[tuple[int, str]] = field(default_factory=list)


def _is_boundary(lines: list[str], index: int) -> bool:
    """Whether a legend block may end at `index`: the file's edge, a blank line or a heading."""
    return index < 0 or index >= len(lines) or not lines[index].strip() or lines[index].lstrip().startswith("#")


def is_code_line(line: str) -> bool:
    """A line shaped like a code legend line (`* [Gml] General ML`)."""
    return _CODE_LINE_RE.match(line) is not None


def read_legends(lines: list[str], has_links: Callable[[str], bool], slug: Callable[[str, str], str]) -> Legend:
    """Code and symbol legends of `lines` (blocks of two or more legend lines in a row).

    `has_links(line)` says whether a line holds a Markdown link (legend lines hold none);
    `slug(text, fallback)` makes a tag key.
    """
    legend = Legend()
    index = 0
    while index < len(lines):
        block: list[tuple[int, str, str, str]] = []  # (index, kind, code, description)
        while index < len(lines):
            line = lines[index]
            if not line.strip() or has_links(line):
                break
            code_line = _CODE_LINE_RE.match(line)
            symbol = _SYMBOL_LINE_RE.match(line) if code_line is None else None
            if code_line:
                block.append((index, "code", code_line.group(1), code_line.group(2)))
            elif symbol and is_symbol(symbol.group(1)) and _LETTER_RE.search(symbol.group(2)):
                block.append((index, "symbol", symbol.group(1).replace("\ufe0f", ""), symbol.group(2)))
            else:
                break
            index += 1
        first, last = (block[0][0], block[-1][0]) if block else (0, 0)
        alone = bool(block) and _is_boundary(lines, first - 1) and _is_boundary(lines, last + 1)
        if len(block) >= 2 or alone:
            for at, kind, code, description in block:
                description = re.sub(r"\s+", " ", description).strip(" ,*_")
                table = legend.codes if kind == "code" else legend.symbols
                name = code.lower() if kind == "code" else code
                if name in table:
                    legend.report.append(
                        (at + 1, f"skipped: legend line defines '{code}' again; it keeps its first meaning, "
                         f"'{table[name][1]}'")
                    )
                else:
                    key = slug(code if kind == "code" else description, "tag")
                    table[name] = (key, description)
                legend.lines.add(at)
        index += 1 if not block else 0
    return legend
