"""Papers named in prose by their italic title, as a notes index names them.

    GPipe *Efficient Training of Giant Neural Networks* and its code    short GPipe
    *Curriculum Learning* 2009_ICML                                     year 2009, venue ICML
    混合精度训练 *mixed precision training*                              the Chinese words before it are prose

Each italic span of two words or more (or one CamelCase word) is a title. A single Latin word
right before it is its short name; the prose after it, up to the next title, is its remark,
except a year and venue standing first (`2009_ICML`, `ICML 2009`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .facts import Facts, canonical_venue, read_badge

_SHORT_RE = re.compile(r"[A-Za-z][A-Za-z0-9!+.\-]{0,23}")  # fullmatch on the word before a title
_YEAR_VENUE_RE = re.compile(r"((?:19|20)\d\d)[_ ]([A-Za-z]{2,12})\b|([A-Za-z]{2,12})[_ ]((?:19|20)\d\d)\b")
_MAX_TITLE = 300
MAX_TITLES = 20  # italic titles on one line: a line naming more is not a notes index's line


class ProseTitle(NamedTuple):
    title: str
    short: str | None
    year: int | None
    venue: str | None
    remark: str | None


def _blank_code(line: str) -> str:
    """The line with its code spans (`p_data`) blanked, same length: no emphasis inside them."""
    out = list(line)
    inside = False
    for index, char in enumerate(line):
        if char == "`":
            inside = not inside
            out[index] = " "
        elif inside:
            out[index] = " "
    return "".join(out)


def italic_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each `*text*` or `_text_` span (the marks included), in one pass.

    A mark opens a span when text follows it and closes one when text precedes it; a run of
    marks (`**`) does neither, nor does `_` inside a word (`snake_case`).
    """
    text = _blank_code(line)
    length = len(text)
    openers: list[int] = []
    closers: dict[str, list[int]] = {"*": [], "_": []}
    index = 0
    while index < length:
        char = text[index]
        if char not in "*_":
            index += 1
            continue
        run = index
        while run < length and text[run] == char:
            run += 1
        if run - index == 1:
            before = text[index - 1] if index else " "
            after = text[run] if run < length else " "
            in_word = char == "_" and (before.isalnum() or after.isalnum())
            if not after.isspace() and not (char == "_" and before.isalnum()):
                openers.append(index)
            if not before.isspace() and not in_word:
                closers[char].append(index)
        index = run
    spans: list[tuple[int, int]] = []
    next_closer = {"*": 0, "_": 0}  # both only move forward: one pass over the closers
    done = 0
    for start in openers:
        if start < done:
            continue
        char = text[start]
        found = closers[char]
        at = next_closer[char]
        while at < len(found) and found[at] <= start:
            at += 1
        next_closer[char] = at
        if at < len(found) and found[at] - start <= _MAX_TITLE + 1:
            spans.append((start, found[at] + 1))
            done = found[at] + 1
    return spans


def _looks_like_title(text: str) -> bool:
    words = text.split()
    if not any(char.isalpha() for char in text):
        return False
    if len(words) >= 2:
        return True
    return len(words) == 1 and sum(char.isupper() for char in text) >= 2  # `CurriculumLearning`, `ResNet`


def read_prose_titles(line: str) -> list[ProseTitle]:
    """The papers a prose line names by italic title; [] when it names none."""
    spans = [(start, end) for start, end in italic_spans(line) if _looks_like_title(line[start + 1 : end - 1].strip())]
    if len(spans) > MAX_TITLES:
        return []
    found: list[ProseTitle] = []
    for number, (start, end) in enumerate(spans):
        title = line[start + 1 : end - 1].strip()
        before = line[spans[number - 1][1] if number else 0 : start].split()
        short = before[-1] if before and _SHORT_RE.fullmatch(before[-1]) and len(before) == 1 else None
        after = line[end : spans[number + 1][0] if number + 1 < len(spans) else len(line)]
        year = venue = None
        tail = _YEAR_VENUE_RE.match(after.strip(" ,;"))
        if tail:
            year_text, name = (tail.group(1), tail.group(2)) if tail.group(1) else (tail.group(4), tail.group(3))
            facts = Facts()
            read_badge(f"{name} {year_text}", facts)
            year, venue = int(year_text), facts.venue or (canonical_venue(name) if name.isupper() else None)
            after = after.strip(" ,;")[tail.end() :]
        remark = after.strip(" ,;.:-–—")
        if number + 1 < len(spans) and len(remark.split()) == 1 and _SHORT_RE.fullmatch(remark):
            remark = ""  # the next title's short name
        found.append(ProseTitle(title, short, year, venue, remark if re.search(r"\w", remark) else None))
    return found
