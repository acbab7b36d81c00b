"""The text of an entry's link, split into title, short name, year and legend codes.

    2015 - **[ResNet]**: Deep Residual Learning    short ResNet, year 2015
    20210218 [2019 CVPR] Deep Residual Learning     read 2021-02-18, venue CVPR, year 2019
    Mask R-CNN (2017)                              year 2017
    [Gml] Attention Is All You Need               the legend code Gml
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .authors import read_authors
from .facts import Facts, read_badge, read_facts
from .markup import link_label, strip_html, strip_markup

# Bracketed words that label an entry rather than name the paper.
GENERIC_LABELS = {"survey", "review", "tutorial", "overview", "website", "paper", "code", "new", "book"}
_DATE_PREFIX_RE = re.compile(r"\s*((?:19|20)\d\d)([-./]?)(\d\d)\2(\d\d)(?:\s*[-–—:]\s*|\s+)(?=\S)")  # .match(text, pos)
_YEAR_PREFIX_RE = re.compile(r"\s*+((?:19|20)\d\d)(?:\s*+[-–—:]\s*+|\s++)(?=\S)")  # .match(text, pos)
_YEAR_SUFFIX_RE = re.compile(r"\(((?:19|20)\d\d)\)")  # fullmatch on the last 6 characters
_NAME_SUFFIX_RE = re.compile(r"\(([A-Za-z][\w-]{1,24})\)\Z")  # searched in the last 27 characters
_LEGEND_CODE_RE = re.compile(r"\[([A-Za-z][A-Za-z0-9+]{0,11})\]")
_SHORT_CANDIDATE_RE = re.compile(r"^([A-Za-z0-9][\w+.-]*?):\s+\S")
# Prefixes of link text, matched at a position: `**[ResNet]**:`, `[ResNet]:`, `**MoCo**:`, `(ResNeXt)`
_TITLE_PREFIX_RES = tuple(
    re.compile(pattern)
    for pattern in (r"\*\*\[([^\]]+)\]\*\*\s*(?:[:\-–—]\s*)?", r"\[([^\]]+)\]\s*(?:[:\-–—]\s*)?",
                    r"\*\*([^*\[\]]+?)\*\*\s*:\s*", r"\(([^)\s]+)\)\s+")
)
_INNER_SHORT_RE = re.compile(r"\*\*\[([^\[\]]+)\]\*\*")  # not [^\]]+: from every `**[` of `**[**[` to the end
_LABEL_RE = re.compile(r"\[([A-Za-z ]{2,20})\]")  # no leading \s*: spaces are collapsed after


def _looks_like_name(word: str) -> bool:
    """A one-word short name: CamelCase, an acronym, or holding a digit or a hyphen (U-Net)."""
    if len(word) > 24 or word.lower() in GENERIC_LABELS:
        return False
    capitals = sum(1 for char in word if char.isupper())
    return capitals >= 2 or any(char.isdigit() for char in word) or ("-" in word and capitals >= 1)


def _is_generic(label: str) -> bool:
    return re.sub(r"[^a-z]", "", label.lower()) in GENERIC_LABELS


@dataclass
class TitleParts:
    title: str
    short: str | None = None
    year: int | None = None
    codes: list[str] = field(default_factory=list)
    venue: str | None = None
    read: dt.date | None = None  # a day log's date before the title (`20210218 Title`)
    authors: list[str] = field(default_factory=list)  # of a citation (`Last, First, and Other. "Title." ...`)


# `Lovelace, Ada, and Alan Turing. "Folding cranes." arXiv preprint arXiv:2301.00001 (2023).`
_QUOTED_RE = re.compile(r"[\"“]([^\"“”]{3,300}?)[.,]?[\"”]")
# `Graph Folding Networks. ICLR 2018.`: a venue and year closing the title
_VENUE_TAIL_RE = re.compile(r"\.[ \t]++([A-Z][A-Za-z]{1,15}(?:[ \t][A-Z][A-Za-z]{1,15})?[ \t]'?\d{2,4})\.?\Z")


def _citation(text: str, parts: TitleParts) -> str:
    """The title a citation quotes, its authors, venue and year read into `parts`; else `text` as it is."""
    quoted = _QUOTED_RE.search(text)
    if quoted is None or len(quoted.group(1).split()) < 2:
        return text
    authors = read_authors(text[: quoted.start()].strip(" ."))
    if authors is None:
        return text
    facts = read_facts(text[quoted.end() :].replace("preprint", " "), keyword_tags=False)
    parts.authors = authors
    parts.venue, parts.year = facts.venue, facts.year
    if parts.venue is None and "arxiv" in text[quoted.end() :].lower():  # `arXiv preprint arXiv:2301.00001 (2023)`
        parts.venue = "arXiv"
    return quoted.group(1).strip()


def _without_venue_tail(text: str, parts: TitleParts) -> str:
    """`Graphs. ICLR 2018.`: the title without a venue and year closing it, read into `parts`."""
    tail = _VENUE_TAIL_RE.search(text)
    if tail:
        venue, venue_year = _venue_year(tail.group(1))
        if venue is not None:
            parts.venue, parts.year = venue, venue_year
            return text[: tail.start()]
    return text


def _take_prefixes(text: str, parts: TitleParts, legend: dict[str, str]) -> int:
    """Read the prefixes of `text` into `parts`; returns where the title starts."""
    position = 0  # the prefixes before it are read; matched in place, never copied off one by one
    changed = True
    while changed:  # prefixes come in any order: "2015 - **[ResNet]**", "[Net] 2015 - ..."
        changed = False
        day = _DATE_PREFIX_RE.match(text, position)
        if day and parts.read is None:
            try:
                parts.read = dt.date(int(day.group(1)), int(day.group(3)), int(day.group(4)))
                position = day.end()
                changed = True
            except ValueError:  # not a day: the number stays in the title
                pass
        year = _YEAR_PREFIX_RE.match(text, position)
        if year and parts.year is None:
            parts.year = int(year.group(1))
            position = year.end()
            changed = True
        for pattern in _TITLE_PREFIX_RES:
            match = pattern.match(text, position)
            if not match:
                continue
            label = match.group(1).strip()
            venue, venue_year = _venue_year(label)
            if label.lower() in legend:
                parts.codes.append(legend[label.lower()])
            elif venue_year is not None and parts.venue is None:  # `[2019 CVPR]`, `[CVPR 2019]`: not a name
                parts.venue, parts.year = venue, parts.year or venue_year
            elif not _is_generic(label) and parts.short is None:
                parts.short = strip_markup(label)
            position = match.end()
            changed = True
            break
    return position


def parse_title(raw: str, legend: dict[str, str]) -> TitleParts:
    """Split link text into title, short name, year and legend codes."""
    parts = TitleParts(title="")
    text = _without_venue_tail(_citation(raw.strip(), parts), parts)
    position = _take_prefixes(text, parts, legend)
    text = text[position:]
    inner = _INNER_SHORT_RE.search(text)
    if inner:
        label = inner.group(1).strip()
        if parts.short is None and not _is_generic(label):
            parts.short = strip_markup(label)
        text = text[: inner.start()] + label + text[inner.end() :]

    def take_code(match: re.Match[str]) -> str:
        key = legend.get(match.group(1).lower())
        if key is None:
            return match.group(0)
        parts.codes.append(key)
        return " "

    text = _LEGEND_CODE_RE.sub(take_code, text)
    text = text.rstrip().rstrip(":,;")  # `Title (2020):` before its label links
    text = text.rstrip()
    suffix = _YEAR_SUFFIX_RE.fullmatch(text[-6:])
    if suffix:
        parts.year = parts.year or int(suffix.group(1))
        text = text[:-6].rstrip()
    named = _NAME_SUFFIX_RE.search(text[-27:])
    if named and parts.short is None and _looks_like_name(named.group(1)):
        parts.short = named.group(1)
        text = text[: len(text) - len(named.group(0))]
    # "[website]" or "[paper]" inside the link text labels the link, it is not the title's
    text = _LABEL_RE.sub(lambda m: " " if link_label(m.group(1)) else m.group(0), text)
    title = strip_markup(text).strip(" -–—:")
    if parts.short is None:
        match = _SHORT_CANDIDATE_RE.match(title)
        if match and _looks_like_name(match.group(1)):
            parts.short = match.group(1)
    parts.title = title or parts.short or ""
    return parts


def _venue_year(label: str) -> tuple[str | None, int | None]:
    """(venue, year) a bracketed label names, in either order (`2019 CVPR`, `CVPR 2019`); (None, None) else."""
    facts = Facts()
    read_badge(label, facts)
    if facts.year is None:
        words = label.split()
        if len(words) == 2 and re.fullmatch(r"(?:19|20)\d\d", words[0]):
            facts = Facts()
            read_badge(f"{words[1]} {words[0]}", facts)
    return (facts.venue, facts.year) if facts.venue and facts.year else (None, None)


def parse_venue_badge(text: str) -> tuple[str | None, int | None]:
    """`NIPS 2015` -> ('NeurIPS', 2015); `2020` -> (None, 2020); `ICML` -> ('ICML', None)."""
    facts = Facts()
    read_badge(strip_html(text), facts)
    return facts.venue, facts.year
