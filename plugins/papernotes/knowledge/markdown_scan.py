"""What papernotes reads in a note's Markdown without rendering it: the front matter, fenced
code and code spans, the first heading and paragraph, and `[[id]]` references."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from .knowledge_base import Ref

# `[[id]]` or `[[id|text]]`; ids never hold brackets, pipes or newlines. Linear: a match
# attempt starts only at `[[` and stops at the next bracket or newline, so no two attempts
# read the same characters.
REF_RE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_BACKTICKS_RE = re.compile(r"`+")  # one maximal run per match: linear


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, 1-based line where the body starts)."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return None, text, 1
    end = re.search(r"^(---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        return None, text, 1
    front = text[4 : 4 + end.start()]
    body = text[4 + end.end() :]
    if body.startswith("\n"):
        body = body[1:]
    return front, body, front.count("\n") + 3


def lines_outside_fences(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) of the lines of `body` that are not fenced code (nor its fences)."""
    fence: str | None = None
    for index, line in enumerate(body.split("\n")):
        opener = _FENCE_RE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        yield index, line


def prose_lines(body: str) -> Iterator[tuple[int, str, list[tuple[int, int]]]]:
    """(index, line, code span ranges) of the lines outside fenced code that may hold refs."""
    for index, line in lines_outside_fences(body):
        if "[[" in line:
            yield index, line, code_spans(line)


def code_spans(line: str) -> list[tuple[int, int]]:
    """The (start, end) ranges of the code spans of one line, as Python-Markdown finds them.

    Python-Markdown opens a span at a run of backticks (its first backtick left out when an odd
    number of backslashes escapes it) and closes it at the next run of the same length; with
    none, at the longest later run if that is shorter (the opener gives the content its extra
    backticks); with neither, it looks again twice the opener's length after the opener's
    start. Finding the closers through an index of runs keeps this O(n log n) on a line of
    50,000 backticks, where a regular expression backtracks for minutes.
    """
    runs = [(m.start(), m.end() - m.start()) for m in _BACKTICKS_RE.finditer(line)]
    if not runs:
        return []
    runs_of_length: dict[int, list[int]] = {}
    for number, (_, length) in enumerate(runs):
        runs_of_length.setdefault(length, []).append(number)
    # longest_from[k]: the first of the longest runs among runs[k:]
    longest_from = [0] * (len(runs) + 1)
    longest_from[len(runs)] = -1
    for number in range(len(runs) - 1, -1, -1):
        after = longest_from[number + 1]
        longest_from[number] = number if after < 0 or runs[number][1] >= runs[after][1] else after
    spans: list[tuple[int, int]] = []
    search_from = 0  # where Python-Markdown looks for the next opening backtick
    number = 0
    while number < len(runs):
        start, length = runs[number]
        if start + length <= search_from:
            number += 1
            continue
        begin = max(start, search_from)
        slashes = backslashes_before(line, start) if begin == start else 0
        # An even run of backslashes escapes itself, but only when it starts where the
        # search does; otherwise the first backtick is escaped and the rest may open.
        if slashes and (slashes % 2 or start - slashes < search_from):
            begin = start + 1
            if begin == start + length:
                number += 1
                continue
        ticks = start + length - begin
        same = runs_of_length.get(ticks, [])
        at = bisect.bisect_right(same, number)
        closer = same[at] if at < len(same) else longest_from[number + 1]
        if closer >= 0 and runs[closer][1] <= ticks:
            end = runs[closer][0] + runs[closer][1]
            spans.append((begin, end))
            search_from = end
            number = closer + 1
        else:
            search_from = begin + 2 * ticks
    return spans


def backslashes_before(line: str, position: int) -> int:
    """How many backslashes come right before `position` (counted back one by one: slicing the
    line before every position would make a long line quadratic)."""
    count = 0
    while position - count > 0 and line[position - count - 1] == "\\":
        count += 1
    return count


def in_code(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `position` falls inside one of `spans` (sorted, not overlapping)."""
    at = bisect.bisect_right(spans, position, key=lambda span: span[0]) - 1
    return at >= 0 and position < spans[at][1]


def first_heading(body: str) -> str | None:
    """The text of the first '# ' heading outside fenced code, without closing '#'s."""
    found = locate_first_heading(body)
    return found[0] if found else None


def locate_first_heading(body: str) -> tuple[str, int, bool] | None:
    """The first '# ' heading outside fenced code: its text, its line index in `body`, and
    whether it opens the body (nothing but blank lines before it)."""
    previous = -1  # index of the last line looked at: a gap means fenced code came between
    blank_so_far = True
    for index, line in lines_outside_fences(body):
        if index != previous + 1:
            blank_so_far = False
        previous = index
        if line[:1] == "#" and line[1:2] in (" ", "\t"):
            text = line[1:].strip(" \t").rstrip(" \t#")
            if text:
                return text, index, blank_so_far
        if line.strip():
            blank_so_far = False
    return None


def first_paragraph(body: str) -> str | None:
    """The Markdown of the first paragraph of prose outside fenced code: not a heading, list,
    quote, table, HTML, comment or `<!-- ... -->` marker."""
    lines: list[str] = []
    previous = -1
    for index, line in lines_outside_fences(body):
        stripped = line.strip()
        if lines and (index != previous + 1 or not stripped):
            break
        previous = index
        if not stripped:
            continue
        numbered = stripped[:1].isdigit() and ". " in stripped[:4]
        if not lines and (stripped[0] in "#<|>-*+!" or numbered or line.startswith("    ")):
            continue
        lines.append(stripped)
    return " ".join(lines) if lines else None


def find_refs(body: str, first_line: int) -> Iterator[Ref]:
    """`[[id]]` references in Markdown, outside fenced code and code spans."""
    for index, line, spans in prose_lines(body):
        for match in REF_RE.finditer(line):
            if not in_code(match.start(), spans) and backslashes_before(line, match.start()) % 2 == 0:
                text = match.group(2)
                yield Ref(match.group(1).strip(), text.strip() if text else None, first_line + index, match.start() + 1)


