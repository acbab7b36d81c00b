"""What an entry line says besides its title and links: venue, year, qualifier, rating, keywords.

    , ICML 2018 (3)            venue ICML, year 2018, rating 3
    ACL'17                     venue ACL, year 2017
    (2019):                    year 2019
    **ICLR 2021**              venue ICLR, year 2021 (a bold or code badge)
    <kbd>CVPR 2020 oral</kbd>  venue CVPR, year 2020, qualifier oral
    `GAN`                      a badge that is no venue is a tag
    [MoE, LLM]                 keyword tags
    (aka YOLOv2)               short name
    (monocular depth, LiDAR)   the reader's remark (a parenthesis standing alone)

What is left over is returned as `dropped`, for the report: nothing disappears in silence.
Every pattern is linear on a line of any length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ids_and_links import stable_slug
from ..venues import VENUE_SPELLINGS

QUALIFIERS = (
    "oral", "spotlight", "poster", "workshop", "workshops", "best paper", "best paper award", "short", "long",
    "findings", "demo", "highlight", "award", "honorable mention", "student paper",
)
_QUALIFIER_RE = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))
# A venue name: an acronym or up to four capitalised words (`Intelligent Vehicles (IV)`), then a year.
# A word is at most 60 characters: a name may start after `&`, `+` or `-` inside a word, so an
# unbounded word was scanned again from each of them (`A&A&A…` took quadratic time).
_NAME = r"[A-Z][A-Za-z0-9&+\-]{0,60}(?:\s(?:[A-Z][A-Za-z0-9&+\-]{0,60}|\([A-Z][A-Za-z]{0,60}\)|of|on|for|and|the)){0,5}"
_VENUE_YEAR_RE = re.compile(
    rf"(?<![\w'])(?P<name>{_NAME}|arXiv|arxiv)(?:(?<=\))\s*,)?\s*(?:'(?P<short_year>\d\d)|(?P<year>(?:19|20)\d\d))\b"
    rf"(?:\s*\(?(?P<qualifier>(?i:{_QUALIFIER_RE}))\)?(?![\w]))?",
)
_YEAR_RE = re.compile(r"(?<![\w./-])\(?((?:19|20)\d\d)\)?(?![\w/-])")
_RATING_RE = re.compile(r"\((\d)\)\s*$")
_AKA_RE = re.compile(r"\(\s*(?:aka|a\.k\.a\.?)\s+([^()]{1,40})\)", re.I)
_KBD_RE = re.compile(r"<kbd>([^<>]{0,200})</kbd>", re.I)
_BOLD_CODE_RE = re.compile(r"\*{1,4}\s*`([^`]{1,80})`\s*\*{0,4}|`([^`]{1,80})`|\*\*([^*]{1,80})\*\*")
_BRACKETED_RE = re.compile(r"(?<!\])\[([^\[\]]{1,300})\](?!\()")
_NOISE_RE = re.compile(r"^[\s,;:.|()\[\]*_~\-–—/\\]*$")
_REMARK_RE = re.compile(r"\(([^()]{1,300})\)")
_SUMMARY_RE = re.compile(r"[ \t]*+[-–—:][ \t]++(\S.*)")  # a summary after a dash or colon
# A venue named alone: any known one or arXiv, or after a comma an acronym (two capitals or more: CoRL, IJRR).
_VENUE_ALONE_RE = re.compile(r"(?P<comma>,\s*)?(?P<name>[A-Za-z]+)", re.ASCII)


@dataclass
class Facts:
    venue: str | None = None
    qualifier: str | None = None
    year: int | None = None
    rating: int | None = None
    short: str | None = None
    tags: list[str] = field(default_factory=list)
    tag_names: dict[str, str] = field(default_factory=dict)  # tag key -> the text it was read from
    remarks: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def add_tag(self, text: str) -> None:
        name = text.strip().strip(",;").strip()
        if not name:
            return
        key = stable_slug(name.lower(), "tag")
        if key not in self.tags:
            self.tags.append(key)
            self.tag_names.setdefault(key, name)


def canonical_venue(name: str) -> str:
    """`NIPS` -> NeurIPS, `icml` -> ICML; an unknown name is kept as written."""
    name = name.strip(" ,-'")
    return VENUE_SPELLINGS.get(name.lower(), name)


def _full_year(two_digits: str) -> int:
    value = int(two_digits)
    return 2000 + value if value < 70 else 1900 + value


def read_badge(text: str, facts: Facts) -> None:
    """A badge (`<kbd>`, bold, code): a venue with a year or a known venue name, a year, else a tag."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return
    if re.fullmatch(r"(?:19|20)\d\d", text):
        facts.year = facts.year or int(text)
        return
    match = _VENUE_YEAR_RE.fullmatch(text)
    ends_in_year = re.search(r"(?:^|\s|')((?:19|20)\d\d)$", text)
    if match is None and ends_in_year and text[: ends_in_year.start()].strip(" -,'"):  # `Conf #1 2019`: a venue still
        facts.venue = facts.venue or canonical_venue(text[: ends_in_year.start()])
        facts.year = facts.year or int(ends_in_year.group(1))
        return
    if match is None:
        # `CVPR oral` (no year), or a known venue alone
        words = text.split(" ", 1)
        if words[0].lower() in VENUE_SPELLINGS and (len(words) == 1 or re.fullmatch(_QUALIFIER_RE, words[1], re.I)):
            facts.venue = facts.venue or canonical_venue(words[0])
            if len(words) > 1:
                facts.qualifier = facts.qualifier or words[1].lower()
            return
        facts.add_tag(text)
        return
    _take_venue_year(match, facts)


def _take_venue_year(match: re.Match[str], facts: Facts) -> None:
    year = int(match.group("year")) if match.group("year") else _full_year(match.group("short_year"))
    name = match.group("name")
    words = name.rsplit(" ", 1)
    if len(words) == 2 and words[1].lower() in QUALIFIERS:  # `NIPS Workshop 2016`
        name = words[0]
        facts.qualifier = facts.qualifier or words[1].lower()
    elif name.endswith("W") and name[:-1].lower() in VENUE_SPELLINGS:  # `CVPRW 2020`: a workshop of CVPR
        name = name[:-1]
        facts.qualifier = facts.qualifier or "workshop"
    facts.venue = facts.venue or canonical_venue(name)
    facts.year = facts.year or year
    if match.group("qualifier"):
        facts.qualifier = facts.qualifier or match.group("qualifier").lower()


def read_facts(rest: str, keyword_tags: bool = True) -> Facts:
    """The facts of the text of an entry line that is neither its title nor its links."""
    facts = Facts()

    def badge(match: re.Match[str]) -> str:
        read_badge(next(group for group in match.groups() if group is not None), facts)
        return " "

    rest = _KBD_RE.sub(badge, rest)
    rest = _BOLD_CODE_RE.sub(badge, rest)
    aka = _AKA_RE.search(rest)
    if aka:
        facts.short = aka.group(1).strip()
        rest = rest[: aka.start()] + " " + rest[aka.end() :]
    rating = _RATING_RE.search(rest)
    if rating and 1 <= int(rating.group(1)) <= 5:
        facts.rating = int(rating.group(1))
        rest = rest[: rating.start()]

    def bracketed(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        venue = _VENUE_YEAR_RE.fullmatch(inner)
        if venue:
            _take_venue_year(venue, facts)
        elif keyword_tags:
            for word in re.split(r"[,;]", inner):
                facts.add_tag(word)
        else:
            return match.group(0)
        return " "

    rest = re.sub(r"\[\s*\]|\(\s*\)", " ", rest)  # what is left of links taken out: `[]`, `()`
    rest = _BRACKETED_RE.sub(bracketed, rest)
    venue = _VENUE_YEAR_RE.search(rest)
    if venue:
        _take_venue_year(venue, facts)
        rest = rest[: venue.start()] + " " + rest[venue.end() :]
    year = _YEAR_RE.search(rest)
    if year:
        facts.year = facts.year or int(year.group(1))
        rest = rest[: year.start()] + " " + rest[year.end() :]
    alone = _VENUE_ALONE_RE.fullmatch(rest.strip(" ;:-–—").rstrip(", "))
    if facts.venue is None and alone:
        # a venue without a year, the year given by the section: `, arXiv (4)`, `, CoRL`
        name = alone.group("name")
        acronym = len(name) <= 8 and sum(char.isupper() for char in name) >= 2
        if name.lower() in VENUE_SPELLINGS or name.lower() == "arxiv" or (alone.group("comma") and acronym):
            facts.venue = canonical_venue(name)
            rest = ""
    _sort_pieces(rest, facts)
    return facts


def _sort_pieces(rest: str, facts: Facts) -> None:
    """What is left of the line, piece by piece: a parenthesis or a summary after a dash is a remark, the rest is dropped."""
    pieces: list[str] = []
    for piece in re.split(r"\s{2,}", rest):
        if _NOISE_RE.match(piece):
            continue
        remark = _REMARK_RE.fullmatch(piece.strip(" ,;:|"))
        summary = _SUMMARY_RE.match(piece)
        if remark and re.search(r"\w", remark.group(1)):
            facts.remarks.append(remark.group(1).strip(" ,;:"))
        elif summary and len(summary.group(1).split()) >= 3:  # `[Title](u) - proposes a way to ...`
            facts.remarks.append(summary.group(1).strip())
        else:
            pieces.append(piece.strip(" ,;:[]|"))
    facts.dropped = [piece for piece in pieces if piece]


def split_linkless(text: str) -> tuple[str, str] | None:
    """(title, facts text) of an entry with no link, `Title, VENUE YEAR (N)`; None when the text
    carries no venue, year or rating at its end (it may still be a title: the caller decides)."""
    text = text.strip()
    tail_start = None
    for match in _VENUE_YEAR_RE.finditer(text):
        tail_start = match.start()
    if tail_start is None:
        years = list(_YEAR_RE.finditer(text))
        tail_start = years[-1].start() if years else None
    if tail_start is None:
        rating = _RATING_RE.search(text)
        tail_start = rating.start() if rating else None
    if tail_start is None:
        return None
    title, rest = text[:tail_start].rstrip(" ,-–—:;("), text[tail_start:]
    facts = read_facts(rest)
    if not re.search(r"\w", title) or facts.dropped or facts.remarks:
        return None
    return title, rest
