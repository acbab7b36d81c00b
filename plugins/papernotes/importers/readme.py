"""`papernotes import`: read a handwritten paper-list README into papers.yaml and notes.

What counts as a paper entry
----------------------------
A line, optionally a list item (``*``, ``-``, ``1.``, ``- [x]``), that starts with a Markdown
link ``[Title](url)`` (short names, year prefixes and tag codes may come before or inside the
link text), or a plain title line directly followed by a line holding only a URL. Link lines
whose text is only a link label (``[[github]](...)``, ``[Implementation](...)``,
``[[paper]](...)``) belong to the entry above them. Links to a section of the README itself
(``[Models](#models)``) are a table of contents, never papers.

Lines that are not entries
--------------------------
Headings (sections, weeks, dates, wish lists), tag legends, group lines, and what follows an
entry (badges, ``<sub>``/``<sup>`` abstracts, ``<img>`` thumbnails, ``>`` highlights, code and
notes links) are read into the entry or the vocabularies. Sections whose heading names
resources, courses, talks, tutorials, links or a table of contents are not paper lists: each is
reported once, as a skipped section with its line range. HTML comments, fenced code and blank
lines are ignored. Every other line is reported one by one ("README.md:57: skipped: ...").

Mapping
-------
- A week heading (``### Wk3 - 2020.07.06``) dates every paper under it on that week's Monday
  (the Monday of the ISO week holding the heading's date); a date heading dates them on that
  day and a month heading (``## July 2020``, ``## 2020-07``) on the first of the month. Papers
  under such a heading are read. A date in the future is reported and left out.
- ``Wish-List`` (a heading or a plain line) makes the papers up to the next heading to-read.
- Status, strongest first: wish list; a checkbox (``[x]`` read, ``[ ]`` to-read) or a colour
  badge (``![#c5ff15]`` checked = read, ``![#ff0000]`` to check = to-read); a date heading;
  a notes marker (``[[TBP]()]``, ``[[Notes]()]`` or any notes link) = read.
- A notes link to an http(s) URL becomes ``links.notes``; to a local ``.md`` file beside the
  README, the file's text is copied to ``<notes>/papers/<id>.md`` with ``paper: <id>`` front
  matter (the original stays where it is); a local file that does not exist is reported.
- ``<kbd>NIPS 2015</kbd>`` gives venue and year; ``<kbd>2020</kbd>`` a year. Known aliases are
  merged (NIPS -> NeurIPS) and every venue seen is declared under ``venues:``.
- Tag legends (``* [Gml] General ML``) declare tags; their codes on an entry line tag it. In a
  README without date headings, section headings are tags (nested: ``parent/child``); the first
  line's ``#`` title is not a tag.
- A plain text line right above a list of entries is their ``group`` (``Breadth: Segmentation``).
- Short names: ``**[ResNet]**``, ``[ResNet]:``, ``**MoCo**:`` and ``(ResNeXt)`` are taken out
  of the title; a one-word name before a colon (``SimClr: A Simple ...``) is taken as the short
  name and left in the title, since it often is part of it (``U-Net: ...``).
- Ids: the short name's slug, else the title's; ``-2``, ``-3`` ... when taken (ignoring case).

Merging and safety
------------------
The existing papers.yaml is read by the loader and rules of ``papernotes check``; if check
reports an error in it, the import lists the errors and stops (nothing is written). Entries
already in the knowledge base (same URL after normalising scheme, ``www.``, trailing slash,
fragment and arXiv abs/pdf/version variants; else the same title ignoring case and
punctuation) are skipped, as are repeats inside the README (their tags, links and other
missing fields go to the first one). New records and vocabulary entries are appended to the
user's papers.yaml as text: the existing bytes are kept as they are, and the result is read
back to check that it holds the old data plus exactly the new records. The files are written
by `writing.FileSet`, as an editor saves them (mode, owner and links kept, read-only files
refused), all or none, papers.yaml first; files are never overwritten, except papers.yaml, and
only when it did not change meanwhile. ``--dry-run`` writes nothing.

What the README says is data: titles and other text are kept as they are, written as YAML
scalars (quoted or escaped where needed) and never into front matter; report lines escape
control characters. No regular expression here can take more than linear time on a line
(long runs of ``[``, ``<img``, spaces or ``*`` included).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic_core import PydanticCustomError

from ..knowledge.loading import clean_text, parse_yaml
from ..knowledge.model import check_url, slugify
from ..knowledge.problems import Problem, counted
from ..knowledge.project import find_project
from ..knowledge.validation import FatalProblem, KnowledgeBase, display_path, load_papers, repeats_title, split_front_matter
from .writing import FileSet, WriteRefused

try:  # the parser `papernotes check` reads papers.yaml with (libyaml), so both read the same text
    from yaml import CSafeLoader as _ComposeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _ComposeLoader  # type: ignore[assignment]

# ---------------------------------------------------------------- vocabularies of the importer

# canonical name -> (full name, other spellings)
KNOWN_VENUES: dict[str, tuple[str, list[str]]] = {
    "NeurIPS": ("Conference on Neural Information Processing Systems", ["NIPS"]),
    "CVPR": ("IEEE/CVF Conference on Computer Vision and Pattern Recognition", []),
    "ICCV": ("IEEE/CVF International Conference on Computer Vision", []),
    "ECCV": ("European Conference on Computer Vision", []),
    "ICML": ("International Conference on Machine Learning", []),
    "ICLR": ("International Conference on Learning Representations", []),
    "MICCAI": ("Medical Image Computing and Computer Assisted Intervention", []),
    "AAAI": ("AAAI Conference on Artificial Intelligence", []),
    "IJCAI": ("International Joint Conference on Artificial Intelligence", []),
    "BMVC": ("British Machine Vision Conference", []),
    "WACV": ("IEEE/CVF Winter Conference on Applications of Computer Vision", []),
    "TPAMI": ("IEEE Transactions on Pattern Analysis and Machine Intelligence", ["PAMI"]),
    "JMLR": ("Journal of Machine Learning Research", []),
    "ACL": ("Annual Meeting of the Association for Computational Linguistics", []),
    "EMNLP": ("Conference on Empirical Methods in Natural Language Processing", []),
    "KDD": ("ACM SIGKDD Conference on Knowledge Discovery and Data Mining", []),
}
_VENUE_SPELLINGS = {
    spelling.lower(): canonical
    for canonical, (_name, aliases) in KNOWN_VENUES.items()
    for spelling in [canonical, *aliases]
}

# link label (lowercase, letters and spaces only) -> links key; "url" means the paper itself
LINK_LABELS: dict[str, str] = {
    "github": "code", "code": "code", "implementation": "code", "official code": "code",
    "github official": "code", "pytorch": "code", "tensorflow": "code", "git": "code",
    "video": "video", "vid": "video", "talk": "video", "youtube": "video",
    "paper": "pdf", "pdf": "pdf", "arxiv": "pdf",
    "website": "project", "project": "project", "project page": "project", "site": "project",
    "demo": "project", "interactive tool": "project", "tool": "project", "page": "project",
    "slides": "slides", "blog": "blog", "post": "blog", "data": "data", "dataset": "data",
    "notes": "notes", "note": "notes", "tbp": "notes",
}
# Bracketed words that label an entry rather than name the paper.
GENERIC_LABELS = {"survey", "review", "tutorial", "overview", "website", "paper", "code", "new", "book"}

CHECKED_COLOURS = {"c5ff15"}
TO_CHECK_COLOURS = {"ff0000"}

_SKIPPED_SECTION_RE = re.compile(
    r"\b(resources?|courses?|talks?|tutorials?|links|contents|table of contents|books?|blogs?)\b", re.I
)
_WISH_RE = re.compile(r"^\W*wish[\s_-]*list\b", re.I)
# Every pattern here runs in linear time on a line of any length: no two unbounded repeats that
# can share characters (`\s*:?\s*`), no unbounded scan repeated from every start (`<[^>]+>` on
# `<<<<`); what a pattern cannot do in linear time is a scan in Python below (find_links, tag_contents).
_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*)$")  # the closing `#`s are stripped by heading_of
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_CHECKBOX_RE = re.compile(r"^\[([ xX])\]\s+")
_LEGEND_RE = re.compile(r"^\s*[-*+]\s+\[([A-Za-z][A-Za-z0-9+]{0,11})\]\s+([^\[(].*)$")
# `(ResNeXt) [Title](url)` and `**ResNet**: [Title](url)`: a short name before the link
_NAMED_ENTRY_RE = re.compile(r"^\s*(?:\([^()\s]+\)|\*\*[^*]+\*\*)\s*(?:[:\-–—]\s*)?\[")
_BARE_URL_RE = re.compile(r"^\s*<?((?:https?|htps?|ftp)://\S+?)>?\s*$", re.I)
_BADGE_RE = re.compile(r"!\[#([0-9a-fA-F]{6})\]\([^()\s]*\)")  # the URL stops at the next `(`: one scan per badge
_KBD_OPEN_RE = re.compile(r"<kbd>", re.I)
_KBD_CLOSE_RE = re.compile(r"</kbd>", re.I)
_IMG_OPEN_RE = re.compile(r"<img\b", re.I)
_SRC_RE = re.compile(r"\bsrc\s*=\s*([\"'])", re.I)
_TAG_RE = re.compile(r"<[^<>]+>")  # not `<[^>]+>`, which scans to the end from every `<` of `<<<<`
_YEAR_PREFIX_RE = re.compile(r"\s*((?:19|20)\d\d)(?:\s*[-–—:]\s*|\s+)(?=\S)")  # .match(text, pos)
_YEAR_SUFFIX_RE = re.compile(r"\(((?:19|20)\d\d)\)")  # fullmatch on the last 6 characters
_NAME_SUFFIX_RE = re.compile(r"\(([A-Za-z][\w-]{1,24})\)\Z")  # searched in the last 27 characters
_LEGEND_CODE_RE = re.compile(r"\[([A-Za-z][A-Za-z0-9+]{0,11})\]")
_DATE_RE = re.compile(r"\b((?:19|20)\d\d)[./-](\d{1,2})[./-](\d{1,2})\b")
_YEAR_MONTH_RE = re.compile(r"\b((?:19|20)\d\d)[./-](\d{1,2})\b")
_WEEK_RE = re.compile(r"\b(?:wk|week)\s*#?\s*(\d+)?", re.I)
_MONTHS = {
    name: index
    for index, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_MONTH_NAME_RE = re.compile(r"\b([A-Za-z]{3,9})\.?\s+((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\s+([A-Za-z]{3,9})\b")


class ImportAbort(Exception):
    """The import cannot go on; nothing has been written."""


# ---------------------------------------------------------------- what the README says


@dataclass
class Entry:
    """One paper entry of the README, with what the lines around it add."""

    line: int
    title: str
    url: str | None = None
    short: str | None = None
    year: int | None = None
    venue: str | None = None
    tags: list[str] = field(default_factory=list)
    read: dt.date | None = None
    status: str | None = None
    group: str | None = None
    abstract: str | None = None
    image: str | None = None
    highlights: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    note_link: str | None = None  # a local notes file named by the entry


@dataclass
class Readme:
    """Everything read from a README: entries, vocabularies and the report of what was not read."""

    entries: list[Entry] = field(default_factory=list)
    tags: dict[str, str | None] = field(default_factory=dict)  # declared tag key -> description
    report: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    skipped_sections: int = 0
    week_start: dt.date | None = None  # the Monday of week 0, from numbered week headings

    def note(self, line: int, message: str) -> None:
        self.report.append((line, message))


@dataclass
class _Heading:
    level: int
    text: str
    kind: str  # title, skip, wish, week, date, month, topic
    date: dt.date | None = None
    tag: str | None = None


def strip_html(text: str) -> str:
    """Text without HTML tags, with entities unescaped and whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(_TAG_RE.sub("", text))).strip()


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line, without the closing `#`s; None for other lines."""
    match = _HEADING_RE.match(line)
    if match is None:
        return None
    return len(match.group(1)), match.group(2).rstrip(" \t#")


def tag_contents(text: str, opening: re.Pattern[str], closing: re.Pattern[str]) -> list[str]:
    r"""The text between each opening tag and the next closing one (`<kbd>...</kbd>`), in linear time.

    What re.findall(r"<kbd>(.*?)</kbd>", text, re.S) finds; that pattern scans to the end from
    every `<kbd>` of an unclosed run.
    """
    closes = [match.start() for match in closing.finditer(text)]
    found: list[str] = []
    done = 0
    next_close = 0
    for match in opening.finditer(text):
        if match.start() < done:
            continue
        while next_close < len(closes) and closes[next_close] < match.end():
            next_close += 1
        if next_close == len(closes):
            break
        found.append(text[match.end() : closes[next_close]])
        done = closing.match(text, closes[next_close]).end()  # type: ignore[union-attr]
    return found


def image_source(line: str) -> str | None:
    r"""The `src` of the first `<img ...>` of a line that has one, in linear time.

    What re.search(r"<img\b[^>]*?\bsrc\s*=\s*([\"'])(.*?)\1", line, re.I | re.S) finds: the
    attribute stands inside the tag (before its `>`), its value runs to the same quote. That
    pattern scans to the end of the line from every `<img` of `<img <img <img`.
    """
    sources = list(_SRC_RE.finditer(line))
    next_source = 0
    unclosed: set[str] = set()  # quotes with no later match: no later value closes either
    searched_to = 0
    for tag in _IMG_OPEN_RE.finditer(line):
        if tag.start() < searched_to:
            continue  # inside the tag already searched: it holds no other attribute
        tag_end = line.find(">", tag.end())
        tag_end = len(line) if tag_end < 0 else tag_end
        searched_to = tag_end
        while next_source < len(sources) and sources[next_source].start() < tag.end():
            next_source += 1
        while next_source < len(sources) and sources[next_source].start() < tag_end:
            source = sources[next_source]
            next_source += 1
            quote_char = source.group(1)
            if quote_char in unclosed:
                continue
            value_end = line.find(quote_char, source.end())
            if value_end < 0:
                unclosed.add(quote_char)
                continue
            return line[source.end() : value_end]
    return None


def strip_markup(text: str) -> str:
    """Inline Markdown emphasis and HTML taken out of a title or a group line."""
    text = unwrap_emphasis(unwrap_strong(strip_html(text)))
    text = text.replace("**", "")
    return re.sub(r"\s+", " ", text).strip(" \\")


def unwrap_strong(text: str) -> str:
    r"""`**a**` and `__a__` -> `a`: what re.sub(r"(\*\*|__)(.+?)\1", r"\2", text) does on one line,
    in linear time (that pattern scans to the end from every unclosed `**`)."""
    out: list[str] = []
    done = 0  # text[:done] is in `out`
    search = 0
    upcoming = {"**": text.find("**"), "__": text.find("__")}  # next place of each, -1 when none
    while True:
        for mark, at in upcoming.items():
            if 0 <= at < search:
                upcoming[mark] = text.find(mark, search)
        open_at, mark = min(((at, mark) for mark, at in upcoming.items() if at >= 0), default=(-1, ""))
        if open_at < 0:
            break
        close_at = text.find(mark, open_at + 3)  # at least one character inside
        if close_at < 0:  # no later one can close either
            upcoming[mark] = -1
            continue
        out.append(text[done:open_at])
        out.append(text[open_at + 2 : close_at])
        done = search = close_at + 2
    out.append(text[done:])
    return "".join(out)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches in a str pattern


def unwrap_emphasis(text: str) -> str:
    r"""`*a*` -> `a`: what re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text) does on
    one line, in linear time (that pattern scans to the end from every ` *a`)."""
    if "*" not in text:
        return text
    size = len(text)
    stars = [index for index, char in enumerate(text) if char == "*"]
    openers = [
        i for i in stars
        if (i == 0 or not (_is_word(text[i - 1]) or text[i - 1] == "*")) and i + 1 < size and not text[i + 1].isspace()
    ]
    closers = [
        j for j in stars
        if j > 0 and not text[j - 1].isspace() and (j + 1 == size or not (_is_word(text[j + 1]) or text[j + 1] == "*"))
    ]
    out: list[str] = []
    done = 0
    next_closer = 0
    for i in openers:
        if i < done:
            continue
        while next_closer < len(closers) and closers[next_closer] < i + 2:
            next_closer += 1
        if next_closer == len(closers):
            break  # no closer after this opener, nor after any later one
        j = closers[next_closer]
        out.append(text[done:i])
        out.append(text[i + 1 : j])
        done = j + 1
    out.append(text[done:])
    return "".join(out)


def _ascii_slug(text: str) -> str:
    """slugify after folding accents (é -> e), so non-ASCII Latin text keeps its words."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return slugify(folded)


def stable_slug(text: str, fallback: str) -> str:
    """A slug of `text`; text with no Latin letters (CJK) gets `fallback-<hash>`, stable across runs."""
    slug = _ascii_slug(text)
    if slug:
        return slug
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{fallback}-{digest}"


# ---------------------------------------------------------------- links inside a line


@dataclass
class Link:
    start: int
    end: int
    text: str
    url: str


_BRACKETS_RE = re.compile(r"[\[\]()]")


def closing_brackets(text: str) -> dict[int, int]:
    """For every `[` and `(` of `text` that is closed, the index of the bracket closing it.

    One pass with a stack per kind, so a line of 100,000 unclosed `[` stays linear (scanning
    from each bracket to the end of the line would be quadratic).
    """
    closing: dict[int, int] = {}
    open_square: list[int] = []
    open_round: list[int] = []
    for match in _BRACKETS_RE.finditer(text):
        char, index = match.group(), match.start()
        if char == "[":
            open_square.append(index)
        elif char == "(":
            open_round.append(index)
        elif char == "]":
            if open_square:
                closing[open_square.pop()] = index
        elif open_round:
            closing[open_round.pop()] = index
    return closing


def has_unclosed_square_bracket(text: str) -> bool:
    """Whether a `[` of `text` is not closed on it (a link text that goes on on the next line)."""
    closing = closing_brackets(text)
    return any(match.group() == "[" and match.start() not in closing for match in _BRACKETS_RE.finditer(text))


def find_links(text: str) -> list[Link]:
    """Markdown links `[text](url)` of a line, outermost first; nested brackets are allowed."""
    links: list[Link] = []
    if "[" not in text:
        return links
    closing = closing_brackets(text)
    index = 0
    while True:
        start = text.find("[", index)
        if start < 0:
            return links
        close = closing.get(start, -1)
        if close < 0:
            index = start + 1
            continue
        if close + 1 < len(text) and text[close + 1] == "(":
            end = closing.get(close + 1, -1)
            if end > 0:
                url = text[close + 2 : end].strip()
                url = url.split(" ", 1)[0].strip("<>")  # drop a link title: [a](url "title")
                links.append(Link(start, end + 1, text[start + 1 : close], url))
                index = end + 1
                continue
        index = start + 1  # `[x]` that is not a link: look inside it


def link_label(text: str) -> str | None:
    """The links key of a label link (`[github]`, `*[video]*`, `Implementation`), else None."""
    words = re.sub(r"(?:19|20)\d\d", " ", text)
    words = re.sub(r"[^A-Za-z]+", " ", words).strip().lower()
    if words in LINK_LABELS:
        return LINK_LABELS[words]
    if words.startswith("github"):
        return "code"
    return None


def is_safe_url(url: str) -> bool:
    """http(s) and relative URLs are kept; every other scheme, `//host` and '' are not (the
    schema's own rule, so what is imported validates)."""
    try:
        check_url(url)
    except PydanticCustomError:
        return False
    return True


# ---------------------------------------------------------------- one entry line


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


def parse_title(raw: str, legend: dict[str, str]) -> TitleParts:
    """Split link text into title, short name, year and legend codes."""
    text = raw.strip()
    parts = TitleParts(title="")
    position = 0  # the prefixes before it are read; matched in place, never copied off one by one
    changed = True
    while changed:  # prefixes come in any order: "2015 - **[ResNet]**", "[Net] 2015 - ..."
        changed = False
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
            if label.lower() in legend:
                parts.codes.append(legend[label.lower()])
            elif not _is_generic(label) and parts.short is None:
                parts.short = strip_markup(label)
            position = match.end()
            changed = True
            break
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


def parse_venue_badge(text: str) -> tuple[str | None, int | None]:
    """`NIPS 2015` -> ('NeurIPS', 2015); `2020` -> (None, 2020); `ICML` -> ('ICML', None)."""
    cleaned = strip_html(text)
    year = None
    match = re.search(r"(?:^|\s|')((?:19|20)\d\d)\s*$", cleaned)
    if match:
        year = int(match.group(1))
        cleaned = cleaned[: match.start()]
    name = cleaned.strip(" -,'")
    if not name:
        return None, year
    return _VENUE_SPELLINGS.get(name.lower(), name), year


# ---------------------------------------------------------------- headings


def heading_date(text: str) -> tuple[str, dt.date | None, int | None] | None:
    """(kind, date, week number) of a week/date/month heading, else None."""
    week = _WEEK_RE.search(text)
    day = _DATE_RE.search(text)
    if day:
        try:
            date = dt.date(int(day.group(1)), int(day.group(2)), int(day.group(3)))
        except ValueError:
            return ("invalid", None, None)
        if week:
            number = int(week.group(1)) if week.group(1) else None
            return ("week", date - dt.timedelta(days=date.weekday()), number)
        return ("date", date, None)
    month = _YEAR_MONTH_RE.search(text)
    if month and 1 <= int(month.group(2)) <= 12:
        return ("month", dt.date(int(month.group(1)), int(month.group(2)), 1), None)
    named = _MONTH_NAME_RE.search(text)
    if named:
        word, year = (named.group(1), named.group(2)) if named.group(1) else (named.group(4), named.group(3))
        if word.lower() in _MONTHS:
            return ("month", dt.date(int(year), _MONTHS[word.lower()], 1), None)
    return None


# ---------------------------------------------------------------- the README, line by line


def _comment_mask(lines: list[str]) -> tuple[list[str], int | None]:
    """The lines with HTML comments and fenced code blanked out (they hold no entries).

    Also returns the line of a comment that never closes (it hides the rest of the file).
    """
    masked: list[str] = []
    in_comment = False
    opened_at = 0
    fence: str | None = None
    for line in lines:
        if fence is not None:
            opener = _FENCE_RE.match(line)
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            masked.append("")
            continue
        if not in_comment:
            opener = _FENCE_RE.match(line)
            if opener:
                fence = opener.group(1)
                masked.append("")
                continue
        out = []
        position = 0  # by index: cutting the rest off after each comment would copy the line each time
        while position < len(line):
            if in_comment:
                end = line.find("-->", position)
                if end < 0:
                    position = len(line)
                else:
                    in_comment = False
                    position = end + 3
            else:
                start = line.find("<!--", position)
                if start < 0:
                    out.append(line[position:])
                    position = len(line)
                else:
                    out.append(line[position:start])
                    in_comment = True
                    opened_at = len(masked) + 1
                    position = start + 4
        masked.append("".join(out).rstrip())
    return masked, (opened_at if in_comment else None)


def _excerpt(line: str) -> str:
    line = line.strip()
    return line if len(line) <= 80 else line[:77] + "..."


def read_legend(lines: list[str]) -> dict[str, tuple[str, str]]:
    """Tag legends `* [Gml] General ML`: code (lowercase) -> (tag key, description)."""
    legend: dict[str, tuple[str, str]] = {}
    for line in lines:
        match = _LEGEND_RE.match(line)
        if match and not find_links(line):
            code = match.group(1)
            legend[code.lower()] = (stable_slug(code, "tag"), strip_markup(match.group(2)).rstrip(" ,"))
    return legend


class _ReadmeParser:
    """Walks the lines once, keeping the headings above the current line."""

    def __init__(self, text: str, today: dt.date):
        self.raw = clean_text(text).split("\n")
        self.lines, unclosed = _comment_mask(self.raw)
        self.today = today
        self.result = Readme()
        if unclosed is not None:
            self.result.note(unclosed, "skipped: an HTML comment opens here and never closes: the lines after it are not read")
        legend = read_legend(self.lines)
        self.legend_codes = {code: key for code, (key, _d) in legend.items()}
        for key, description in legend.values():
            self.result.tags[key] = description or None
        self.headings: list[_Heading] = []
        self.dated = any(
            (heading := heading_of(line)) and (found := heading_date(heading[1])) and found[0] != "invalid"
            for line in self.lines
        )
        self.entry: Entry | None = None
        self.group: str | None = None
        self.wish_line = False
        self.skip_start: int | None = None
        self.skip_count = 0
        self.skip_name = ""
        self.week_numbers: list[tuple[int, dt.date]] = []
        self.heading_descriptions: dict[str, str] = {}  # section tag -> heading text
        self.wish_entries: set[int] = set()  # lines of entries standing in a wish list

    # -- helpers

    def in_skipped_section(self) -> bool:
        return any(h.kind == "skip" for h in self.headings)

    def context_date(self) -> tuple[str, dt.date] | None:
        for heading in reversed(self.headings):
            if heading.kind in ("week", "date", "month") and heading.date is not None:
                return heading.kind, heading.date
        return None

    def wish(self) -> bool:
        return self.wish_line or any(h.kind == "wish" for h in self.headings)

    def section_tags(self) -> list[str]:
        path = [h.tag for h in self.headings if h.kind == "topic" and h.tag]
        return ["/".join(path)] if path else []

    def flush_skip(self, end_line: int) -> None:
        if self.skip_start is not None:
            self.result.note(
                self.skip_start,
                f"skipped section '{self.skip_name}' (lines {self.skip_start}-{end_line}, "
                f"{self.skip_count} non-blank lines): not a paper list",
            )
            self.result.skipped_sections += 1
            self.skip_start = None

    # -- the walk

    def run(self) -> Readme:
        first_text = next((i for i, line in enumerate(self.lines) if line.strip()), None)
        index = 0
        last = len(self.lines)
        while index < last:
            line = self.lines[index]
            number = index + 1
            if not line.strip():
                index += 1
                continue
            heading = heading_of(line)
            if heading:
                if self.skip_start is not None and not self.in_skipped_section_after(heading[0]):
                    self.flush_skip(self._last_text_line(index))
                self.open_heading(heading[0], heading[1], number, index == first_text)
                index += 1
                continue
            if self.in_skipped_section():
                self.skip_count += 1
                index += 1
                continue
            index = self.read_line(index)
        if self.skip_start is not None:
            self.flush_skip(self._last_text_line(last))
        self.finish()
        return self.result

    def _last_text_line(self, before: int) -> int:
        for back in range(before - 1, -1, -1):
            if self.lines[back].strip():
                return back + 1
        return before

    def in_skipped_section_after(self, level: int) -> bool:
        return any(h.kind == "skip" for h in self.headings if h.level < level)

    def open_heading(self, level: int, raw_text: str, number: int, is_title: bool) -> None:
        while self.headings and self.headings[-1].level >= level:
            self.headings.pop()
        self.entry = None
        self.group = None
        self.wish_line = False
        text = strip_markup(raw_text)
        if self.in_skipped_section():
            self.headings.append(_Heading(level, text, "skip"))
            return
        if is_title and level == 1:
            self.headings.append(_Heading(level, text, "title"))
            return
        dated = heading_date(text)
        if dated and dated[0] == "invalid":
            self.result.note(number, f"heading '{_excerpt(text)}' holds an impossible date: papers under it get no date")
            dated = None
        if dated:
            kind, date, week_number = dated
            self.headings.append(_Heading(level, text, kind, date))
            if kind == "week" and week_number is not None and date is not None:
                self.week_numbers.append((week_number, date))
            return
        if _WISH_RE.match(text):
            self.headings.append(_Heading(level, text, "wish"))
            return
        skipped_section = _SKIPPED_SECTION_RE.search(text) and not re.search(r"\bpapers?\b", text, re.I)
        if skipped_section or text.lower() in ("contents", "toc"):
            self.headings.append(_Heading(level, text, "skip"))
            self.skip_start = number
            self.skip_count = 0
            self.skip_name = text
            return
        tag = None if self.dated else stable_slug(text, "section")
        self.headings.append(_Heading(level, text, "topic", tag=tag))
        if tag is not None:
            path = "/".join(h.tag for h in self.headings if h.kind == "topic" and h.tag)
            self.heading_descriptions[path] = text

    def read_line(self, index: int) -> int:
        """Read the line at `index`; returns the index of the next line to read."""
        line = self.lines[index]
        number = index + 1
        stripped = line.strip()
        if _LEGEND_RE.match(line) and not find_links(line):
            return index + 1
        if _WISH_RE.match(strip_markup(stripped)):
            self.wish_line = True
            self.entry = None
            self.group = None
            return index + 1
        if re.match(r"^<(sub|sup)>", stripped, re.I):
            return self.read_abstract(index)
        if re.match(r"^<img\b", stripped, re.I):
            self.read_image(stripped, number)
            return index + 1
        if stripped.startswith(">"):
            return self.read_highlight(index)
        badge = _BADGE_RE.match(stripped)
        if badge:
            rest = _BADGE_RE.sub("", stripped).strip()
            if self.entry is not None and not rest:
                self.apply_badge(badge.group(1), number)
            else:
                self.result.note(number, f"skipped: colour badge not under a paper entry: {_excerpt(stripped)}")
            return index + 1
        bare = _BARE_URL_RE.match(stripped)
        if bare:
            self.read_bare_url(bare.group(1), number)
            return index + 1
        links = find_links(line)
        body = _LIST_MARKER_RE.sub("", line, count=1)
        if links and all(link_label(link.text) for link in links) and not strip_html(
            _strip_links(line, links)
        ).strip(" ,-–|[]*"):
            self.read_extra_links(links, number)
            return index + 1
        if body.lstrip().startswith("[") or _CHECKBOX_RE.match(body) is not None or _NAMED_ENTRY_RE.match(body):
            joined = line
            consumed = 1
            # A title wrapped over two lines: the link's text, opened on this line, closes on the next.
            wrapped = has_unclosed_square_bracket(line)
            while wrapped and not find_links(joined) and consumed < 3 and index + consumed < len(self.lines):
                continuation = self.lines[index + consumed]
                if not continuation.strip():
                    break
                joined = joined + " " + continuation.strip()
                consumed += 1
            if find_links(joined) and self.read_entry(joined, number):
                return index + consumed
        # a plain line: a title above a bare URL, a group above entries, or unread text
        following = self._next_text(index)
        url_line = _BARE_URL_RE.match(self.lines[following].strip()) if following == index + 1 else None
        if url_line is not None:
            self.new_entry(number, strip_markup(stripped), url_line.group(1), links_line=stripped)
            return index + 2
        if following is not None and self._is_list_entry(self.lines[following]):
            self.group = strip_markup(stripped).rstrip(" -–:") or None
            self.entry = None
            return index + 1
        self.result.note(number, f"skipped: not a paper entry: {_excerpt(self.raw[index])}")
        return index + 1

    def _next_text(self, index: int) -> int | None:
        for ahead in range(index + 1, len(self.lines)):
            if self.lines[ahead].strip():
                return ahead
        return None

    def _is_list_entry(self, line: str) -> bool:
        if not _LIST_MARKER_RE.match(line):
            return False
        body = _LIST_MARKER_RE.sub("", line, count=1)
        body = _CHECKBOX_RE.sub("", body)
        links = find_links(body)
        return bool(links) and not link_label(links[0].text)

    # -- pieces of an entry

    def read_abstract(self, index: int) -> int:
        start = index
        collected = [self.raw[index]]
        # up to the closing tag; an unclosed one ends at the next blank line
        while not re.search(r"</(sub|sup)>", collected[-1], re.I) and index + 1 < len(self.lines):
            if not self.lines[index + 1].strip():
                break
            index += 1
            collected.append(self.raw[index])
        text = "\n".join(strip_html(part) for part in collected)
        text = re.sub(r"\n{2,}", "\n", text).strip()
        if self.entry is None:
            self.result.note(start + 1, "skipped: abstract not under a paper entry")
        elif self.entry.abstract:
            self.result.note(start + 1, f"skipped: second abstract of the entry on line {self.entry.line}")
        elif text:
            self.entry.abstract = text
        return index + 1

    def read_image(self, line: str, number: int) -> None:
        source = image_source(line)
        if self.entry is None or source is None:
            self.result.note(number, f"skipped: image not under a paper entry: {_excerpt(line)}")
            return
        src = html.unescape(source).strip()
        if not is_safe_url(src) or not src:
            self.result.note(number, f"dropped image URL '{_excerpt(src)}': only http(s) and relative links are kept")
        elif self.entry.image:
            self.result.note(number, f"skipped: second image of the entry on line {self.entry.line}: {_excerpt(src)}")
        else:
            self.entry.image = src

    def read_highlight(self, index: int) -> int:
        start = index
        parts = [self.lines[index].strip()[1:].strip()]
        index += 1
        while index < len(self.lines):
            line = self.lines[index]
            stripped = line.strip()
            if not stripped or heading_of(line):
                break
            if stripped.startswith(">"):
                parts.append("\n" + stripped[1:].strip())
            elif (find_links(line) and stripped.startswith("[")) or _LIST_MARKER_RE.match(line):
                break  # an entry, or a list item (in Markdown it ends the quote)
            else:
                parts.append(" " + stripped)  # a lazy continuation line of the quote
            index += 1
        text = "".join(parts).strip()
        if self.entry is None:
            self.result.note(start + 1, f"skipped: quote not under a paper entry: {_excerpt(text)}")
        elif text:
            self.entry.highlights.append(text)
        return index

    def apply_badge(self, colour: str, number: int) -> None:
        assert self.entry is not None
        colour = colour.lower()
        if colour in CHECKED_COLOURS:
            self.entry.status = "read"
        elif colour in TO_CHECK_COLOURS:
            self.entry.status = "to-read"
        else:
            self.result.note(
                number, f"skipped: colour badge #{colour} has no known meaning (checked is #c5ff15, to check #ff0000)"
            )

    def read_bare_url(self, url: str, number: int) -> None:
        if self.entry is None:
            self.result.note(number, f"skipped: URL not under a paper entry: {_excerpt(url)}")
            return
        kind = "pdf" if url.lower().endswith(".pdf") else "project"
        if kind in self.entry.links or not is_safe_url(url):
            self.result.note(number, f"skipped: extra URL of the entry on line {self.entry.line}: {_excerpt(url)}")
            return
        self.entry.links[kind] = url

    def read_extra_links(self, links: list[Link], number: int) -> None:
        if self.entry is None:
            self.result.note(number, "skipped: links not under a paper entry: " + ", ".join(_excerpt(link.url) for link in links))
            return
        for link in links:
            self.add_link(self.entry, link_label(link.text) or "project", link.url, number)

    def add_link(self, entry: Entry, kind: str, url: str, number: int) -> None:
        if kind == "notes":
            self.add_notes_link(entry, url, number)
            return
        if not url:
            return
        if not is_safe_url(url):
            self.result.note(number, f"dropped {kind} link '{_excerpt(url)}': only http(s) and relative links are kept")
            return
        if kind == "pdf" and entry.url is None:
            entry.url = url
        elif kind in entry.links and entry.links[kind] != url:
            self.result.note(number, f"skipped: a second {kind} link: {_excerpt(url)}")
        else:
            entry.links[kind] = url

    def add_notes_link(self, entry: Entry, url: str, number: int) -> None:
        entry.status = entry.status or "read"  # a notes marker, even empty, means the paper was read
        if not url:
            return
        if re.match(r"^https?://", url, re.I):
            entry.links["notes"] = url
        elif not is_safe_url(url):
            self.result.note(number, f"dropped notes link '{_excerpt(url)}': only http(s) and relative links are kept")
        else:
            entry.note_link = url

    # -- entries

    def read_entry(self, line: str, number: int) -> bool:
        """An entry line; False when it is not one (the caller reports the line)."""
        body = _LIST_MARKER_RE.sub("", line, count=1).strip()
        status = None
        box = _CHECKBOX_RE.match(body)
        if box:
            status = "read" if box.group(1).lower() == "x" else "to-read"
            body = body[box.end() :]
        links = find_links(body)
        if not links:
            return False
        main = next((link for link in links if not link_label(link.text)), None)
        prefix = body[: links[0].start].strip()
        if main is None or (strip_markup(_strip_codes(prefix, self.legend_codes)).strip(" -:") and main is not links[0]):
            # "Title [[pdf](url)]": the title stands before label links
            title_text = _strip_codes(prefix, self.legend_codes)
            if not strip_markup(title_text).strip(" -:"):
                return False
            entry = self.new_entry(number, prefix, None, links_line=body)
            for link in links:
                self.add_link(entry, link_label(link.text) or "project", link.url, number)
        else:
            if main.url.startswith("#"):
                self.result.note(number, f"skipped: link to a section of the README: {_excerpt(line)}")
                return True
            entry = self.new_entry(number, prefix + " " + main.text if prefix else main.text, main.url, links_line=body)
            for link in links:
                if link is main:
                    continue
                self.add_link(entry, link_label(link.text) or "project", link.url, number)
        if status:
            entry.status = status
        for kbd in tag_contents(body, _KBD_OPEN_RE, _KBD_CLOSE_RE):
            venue, year = parse_venue_badge(kbd)
            if venue:
                entry.venue = entry.venue or venue
            if year:
                entry.year = entry.year or year
        for badge in _BADGE_RE.finditer(body):
            self.apply_badge(badge.group(1), number)
        return True

    def new_entry(self, number: int, link_text: str, url: str | None, links_line: str) -> Entry:
        parts = parse_title(link_text, self.legend_codes)
        tags = list(dict.fromkeys(parts.codes))
        for code in re.findall(r"\[([A-Za-z][A-Za-z0-9+]{0,11})\]", _strip_links(links_line, find_links(links_line))):
            if code.lower() in self.legend_codes:
                tags.append(self.legend_codes[code.lower()])
        tags.extend(self.section_tags())
        if not parts.title:
            self.result.note(number, "entry has no title: imported as 'untitled'")
        entry = Entry(
            line=number, title=parts.title or "untitled", short=parts.short, year=parts.year, tags=list(dict.fromkeys(tags))
        )
        if url is not None:
            if not url:
                pass
            elif is_safe_url(url):
                entry.url = url
            else:
                self.result.note(number, f"dropped URL '{_excerpt(url)}': only http(s) and relative links are kept")
        dated = self.context_date()
        if dated is not None:
            _kind, date = dated
            if date > self.today:
                self.result.note(number, f"read date {date.isoformat()} is in the future: left out")
            else:
                entry.read = date
            entry.status = "read"
        entry.group = self.group
        if self.wish():
            self.wish_entries.add(entry.line)
        self.result.entries.append(entry)
        self.entry = entry
        return entry

    def finish(self) -> None:
        for entry in self.result.entries:
            if entry.line in self.wish_entries:
                entry.status = "to-read"
            if entry.status == "to-read" and entry.read is not None:
                # a paper still to read has no read date (papernotes check would flag both)
                self.result.note(entry.line, f"marked to read: the heading's date {entry.read.isoformat()} is left out")
                entry.read = None
            if entry.year is not None and entry.year > self.today.year + 1:
                self.result.note(entry.line, f"year {entry.year} is in the future: left out")
                entry.year = None
        if self.week_numbers:
            starts = {monday - dt.timedelta(weeks=number) for number, monday in self.week_numbers}
            if len(starts) == 1:
                self.result.week_start = starts.pop()
        for key, description in self.heading_descriptions.items():
            self.result.tags.setdefault(key, description)


def _strip_links(line: str, links: list[Link]) -> str:
    """The line without its links, joined once (cutting them out one by one copies the line each time)."""
    pieces: list[str] = []
    done = 0
    for link in sorted(links, key=lambda link: link.start):
        pieces.append(line[done : link.start])
        done = max(done, link.end)
    pieces.append(line[done:])
    return "".join(pieces)


def _strip_codes(text: str, legend: dict[str, str]) -> str:
    return re.sub(
        r"\[([A-Za-z][A-Za-z0-9+]{0,11})\]", lambda m: " " if m.group(1).lower() in legend else m.group(0), text
    )


def parse_readme(text: str, today: dt.date | None = None) -> Readme:
    """Read a README's text: entries, tags (legends and section headings) and the report."""
    return _ReadmeParser(text, today or dt.date.today()).run()


# ---------------------------------------------------------------- matching papers


def normalise_url(url: str) -> str:
    """A URL reduced for comparison: scheme, www., trailing slash, fragment, arXiv variants."""
    url = url.strip()
    arxiv = re.match(
        r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/([^?#]+?)(?:v\d+)?(?:\.pdf)?/?(?:[?#].*)?$", url, re.I
    )
    if arxiv:
        return "arxiv:" + arxiv.group(1).lower()
    url = url.split("#", 1)[0]
    url = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", url)
    host, _, path = url.partition("/")
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    return (host + "/" + path).rstrip("/")


def normalise_title(title: str) -> str:
    """A title reduced for comparison: case, punctuation and spacing ignored."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", title).casefold()))


def _title_keys(title: str, short: str | None) -> set[str]:
    keys = {normalise_title(title)}
    if short and title.lower().startswith(short.lower() + ":"):
        keys.add(normalise_title(title[len(short) + 1 :]))
    return {key for key in keys if key}


# ---------------------------------------------------------------- the existing knowledge base


@dataclass
class Existing:
    """What the target knowledge base already holds."""

    text: str | None = None  # papers.yaml as read (None: no file)
    raw: bytes | None = None  # its bytes, which must still be there when it is written
    ids: set[str] = field(default_factory=set)  # lowercased
    urls: dict[str, str] = field(default_factory=dict)  # normalised URL -> id
    titles: dict[str, str] = field(default_factory=dict)  # normalised title -> id
    tags: set[str] = field(default_factory=set)
    used_tags: list[str] = field(default_factory=list)
    venue_spellings: dict[str, str] = field(default_factory=dict)  # lowercased -> canonical
    used_venues: list[str] = field(default_factory=list)
    has_tags: bool = False  # a tag vocabulary that check holds records to
    has_venues: bool = False


# At most this many of the existing file's errors are listed when the import refuses it.
_ERRORS_SHOWN = 20


def refusal(errors: list[Problem], file: str) -> str:
    """Why the import does not merge into a papers file in which check finds errors."""
    lines = [problem.format() for problem in errors[:_ERRORS_SHOWN]]
    if len(errors) > _ERRORS_SHOWN:
        lines.append(f"... and {len(errors) - _ERRORS_SHOWN} more")
    count = "1 error" if len(errors) == 1 else f"{len(errors)} errors"
    lines.append(
        f"{file} has {count} (as `papernotes check` reports): fix {'it' if len(errors) == 1 else 'them'} first; "
        "the import merges only into a papers file that check reads without errors. Nothing was written"
    )
    return "\n".join(lines)


def read_existing(path: Path, file: str, today: dt.date) -> Existing:
    """The ids, URLs, titles and vocabularies of the papers file at `path` (none when it does not exist).

    It is read as `papernotes check` reads it (`load_papers`: the same loader and rules), so the
    import never sees other data than check does; ImportAbort if check reports an error in it.
    """
    if not os.path.exists(path):
        return Existing()
    if path.is_dir():
        raise ImportAbort(f"{file} is a folder, not a papers file")
    try:
        raw = path.read_bytes()
        kb = load_papers(path, file, today)
        again = path.read_bytes()
    except FatalProblem as exc:
        raise ImportAbort(str(exc)) from exc
    except OSError as exc:
        raise ImportAbort(f"{file}: cannot read papers file: {exc.strerror or exc}") from exc
    if again != raw:
        raise ImportAbort(f"{file} changed while it was read: run the import again")
    if kb.errors:
        raise ImportAbort(refusal(kb.errors, file))
    existing = existing_from(kb)
    existing.raw = raw
    existing.text = raw.decode("utf-8")  # check found no decoding error
    return existing


def existing_from(kb: KnowledgeBase) -> Existing:
    """What the import needs to know of a validated knowledge base."""
    existing = Existing()
    existing.has_tags = bool(kb.tags)  # check holds records to the vocabulary only when it has tags
    existing.tags = set(kb.tags)  # declared, and the parents they imply
    existing.has_venues = bool(kb.venues)
    for venue in kb.venues.values():
        existing.venue_spellings[venue.key.lower()] = venue.key
        for alias in venue.aliases:
            existing.venue_spellings.setdefault(alias.lower(), venue.key)
    for paper in kb.papers.values():
        existing.ids.add(paper.id.lower())
        for url in [paper.url, *(url for _kind, url in paper.links.items())]:
            if url:
                existing.urls.setdefault(normalise_url(url), paper.id)
        for key in _title_keys(paper.title, paper.short):
            existing.titles.setdefault(key, paper.id)
    existing.used_tags = list(dict.fromkeys(tag for paper in kb.papers.values() for tag in paper.tags))
    existing.used_venues = list(dict.fromkeys(paper.venue for paper in kb.papers.values() if paper.venue))
    return existing


# ---------------------------------------------------------------- the plan


@dataclass
class NoteCopy:
    source: Path
    target: Path
    text: str
    line: int


@dataclass
class Plan:
    """What an import adds; nothing is written until `apply_plan`."""

    records: list[dict[str, Any]] = field(default_factory=list)
    new_tags: dict[str, str | None] = field(default_factory=dict)
    new_venues: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    notes: list[NoteCopy] = field(default_factory=list)
    duplicates: int = 0
    report: list[tuple[int, str]] = field(default_factory=list)


def _merge_into(first: Entry, repeat: Entry) -> None:
    """A repeated entry adds what the first one lacks (tags, links, text), never replaces."""
    first.tags.extend(tag for tag in repeat.tags if tag not in first.tags)
    for kind, url in repeat.links.items():
        first.links.setdefault(kind, url)
    for name in ("url", "short", "year", "venue", "abstract", "image", "note_link", "status", "group", "read"):
        if getattr(first, name) is None and getattr(repeat, name) is not None:
            setattr(first, name, getattr(repeat, name))
    first.highlights.extend(h for h in repeat.highlights if h not in first.highlights)


def _unique_id(entry: Entry, taken: set[str], next_number: dict[str, int]) -> str:
    """The entry's id, not in `taken` (lowercased); `next_number` remembers where each base's
    `-2`, `-3` ... count stands, so 10,000 entries named alike do not count up from 2 each time."""
    candidates = [stable_slug(entry.short, "paper") if entry.short else "", _short_title_slug(entry.title)]
    for candidate in candidates:
        if candidate and candidate.lower() not in taken:
            return candidate
    base = next(candidate for candidate in candidates if candidate)
    number = next_number.get(base.lower(), 2)
    while f"{base}-{number}".lower() in taken:
        number += 1
    next_number[base.lower()] = number + 1
    return f"{base}-{number}"


def _short_title_slug(title: str) -> str:
    """The title's slug cut at a word boundary, at most 50 characters."""
    slug = stable_slug(title, "paper")
    if len(slug) <= 50:
        return slug
    return slug[:50].rsplit("-", 1)[0]


def plan_import(readme: Readme, existing: Existing, readme_dir: Path, notes_dir: Path, readme_name: str) -> Plan:
    """Records, vocabulary entries and note copies for the entries not in the knowledge base yet."""
    plan = Plan(report=list(readme.report))
    kept: list[Entry] = []
    seen_urls: dict[str, Entry] = {}
    seen_titles: dict[str, Entry] = {}
    for entry in readme.entries:
        url_key = normalise_url(entry.url) if entry.url else None
        title_keys = _title_keys(entry.title, entry.short)
        known = existing.urls.get(url_key) if url_key else None
        first = seen_urls.get(url_key) if url_key else None
        how = "same URL"
        if known is None and first is None:
            how = "same title"
            known = next((existing.titles[key] for key in title_keys if key in existing.titles), None)
            first = next((seen_titles[key] for key in title_keys if key in seen_titles), None)
        if known is not None:
            plan.duplicates += 1
            plan.report.append((entry.line, f"duplicate: already in the knowledge base as '{known}' ({how}): skipped"))
            continue
        if first is not None:
            plan.duplicates += 1
            _merge_into(first, entry)
            plan.report.append(
                (entry.line, f"duplicate of the entry on line {first.line} ({how}): skipped, its tags and links added to it")
            )
            continue
        kept.append(entry)
        if url_key:
            seen_urls[url_key] = entry
        for key in title_keys:
            seen_titles.setdefault(key, entry)

    taken = set(existing.ids)
    next_number: dict[str, int] = {}
    declared = set(existing.tags)
    for key, description in readme.tags.items():
        if key not in declared:
            plan.new_tags[key] = description
            declared.add(key)
    venue_spellings = dict(existing.venue_spellings)

    for entry in kept:
        paper_id = _unique_id(entry, taken, next_number)
        taken.add(paper_id.lower())
        for tag in entry.tags:
            if tag not in declared:
                plan.new_tags[tag] = None
                declared.add(tag)
                parent = tag.rsplit("/", 1)[0] if "/" in tag else None
                while parent and parent not in declared:
                    plan.new_tags[parent] = None
                    declared.add(parent)
                    parent = parent.rsplit("/", 1)[0] if "/" in parent else None
        venue = entry.venue
        if venue:
            found = next((venue_spellings[s.lower()] for s in _spellings(venue) if s.lower() in venue_spellings), None)
            if found is None:
                plan.new_venues[venue] = _venue_details(venue)
                for spelling in _spellings(venue):
                    venue_spellings[spelling.lower()] = venue
                found = venue
            venue = found
        note_copy = _plan_note(entry, paper_id, readme_dir, notes_dir, readme_name, plan)
        if note_copy is not None:
            plan.notes.append(note_copy)
        if entry.read and entry.year and entry.read.year < entry.year - 1:
            plan.report.append(
                (entry.line, f"read date {entry.read.isoformat()} is before the paper's year {entry.year}: check both")
            )
        plan.records.append(_record(entry, paper_id, venue))
    # A new vocabulary would flag the tags and venues the user's records already use: declare them.
    if plan.new_tags and not existing.has_tags:
        for key in existing.used_tags:
            if key not in declared:
                plan.new_tags[key] = None
                declared.add(key)
    if plan.new_venues and not existing.has_venues:
        for venue in existing.used_venues:
            if venue.lower() not in venue_spellings:
                plan.new_venues[venue] = None
                venue_spellings[venue.lower()] = venue
    return plan


def _spellings(venue: str) -> list[str]:
    canonical = _VENUE_SPELLINGS.get(venue.lower(), venue)
    aliases = KNOWN_VENUES[canonical][1] if canonical in KNOWN_VENUES else []
    return [venue, canonical, *aliases]


def _venue_details(canonical: str) -> dict[str, Any] | None:
    if canonical not in KNOWN_VENUES:
        return None
    name, aliases = KNOWN_VENUES[canonical]
    details: dict[str, Any] = {"name": name}
    if aliases:
        details["aliases"] = list(aliases)
    return details


def _plan_note(entry: Entry, paper_id: str, readme_dir: Path, notes_dir: Path, readme_name: str, plan: Plan) -> NoteCopy | None:
    if not entry.note_link:
        return None
    relative = entry.note_link.split("#", 1)[0]
    if not relative.lower().endswith((".md", ".markdown")):
        plan.report.append((entry.line, f"notes link '{entry.note_link}' is not a Markdown file: not copied"))
        return None
    try:
        source = (readme_dir / relative).resolve()
        inside = source.is_relative_to(readme_dir.resolve())
        exists = inside and source.is_file()
    except (OSError, ValueError):  # a name the file system refuses (a NUL byte, too long)
        inside, exists = True, False
    if not inside:  # a README from elsewhere must not copy ~/private.md into a site to publish
        plan.report.append((entry.line, f"notes link '{entry.note_link}' points outside the folder of {readme_name}: not copied"))
        return None
    if not exists:
        plan.report.append(
            (entry.line, f"notes file '{entry.note_link}' does not exist beside {readme_name}: paper imported without its note")
        )
        return None
    try:
        text = clean_text(source.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        plan.report.append((entry.line, f"notes file '{entry.note_link}' cannot be read ({exc}): not copied"))
        return None
    target = notes_dir / "papers" / f"{paper_id}.md"
    text, dropped = without_title_heading(text, entry.title, entry.short)
    try:
        note = note_with_front_matter(text, paper_id)
    except ImportAbort as exc:
        plan.report.append(
            (entry.line, f"notes file '{entry.note_link}': {exc}: not copied; copy it to {_display(target)} by hand")
        )
        return None
    if dropped:
        plan.report.append((
            entry.line,
            f"notes file '{entry.note_link}': its opening heading {dropped!r} repeats the title, which the paper's page shows; "
            "left out of the copy",
        ))
    return NoteCopy(source, target, note, entry.line)


def without_title_heading(text: str, title: str, short: str | None) -> tuple[str, str]:
    """The note without an opening '# ' heading that repeats the paper's title, and that heading
    ('' when kept): the paper's page shows the title above the note, so the copy would show it
    twice (and `check` warns)."""
    _front, body, _line = split_front_matter(text)
    rest = body.lstrip("\n")
    first, _newline, after = rest.partition("\n")
    heading = first.strip()
    if heading[:1] != "#" or heading[1:2] not in (" ", "\t"):
        return text, ""
    name = heading[2:].strip().rstrip("#").strip()  # '# Title #' closes with hashes in ATX style
    if not repeats_title(name, title, short):
        return text, ""
    return text[: len(text) - len(body)] + after.lstrip("\n"), heading


def note_with_front_matter(text: str, paper_id: str) -> str:
    """The note's text with `paper: <id>` in its front matter; the rest is kept as it is.

    The front matter is found and read as `papernotes check` does (split_front_matter,
    parse_yaml), and the result is read back: ImportAbort when the note's front matter does not
    read, or could not take the key (a flow mapping `{...}`).
    """
    front, _body, _line = split_front_matter(text)
    if front is None:
        return f"---\npaper: {paper_id}\n---\n\n" + text
    loaded = parse_yaml(front, "note", line_offset=1)
    if loaded.problems:
        raise ImportAbort(f"its front matter does not read (line {loaded.problems[0].line}: {loaded.problems[0].message})")
    data = loaded.data if loaded.data is not None else {}
    if not isinstance(data, dict):
        raise ImportAbort("its front matter is not a mapping of keys to values")
    if "paper" in data:
        return text  # tied already, by the author's own hand
    with_paper = f"---\npaper: {paper_id}\n" + text[4:]
    new_front, _body, _line = split_front_matter(with_paper)
    again = parse_yaml(new_front, "note") if new_front is not None else None
    if again is None or again.problems or again.data != {"paper": paper_id, **data}:
        raise ImportAbort("its front matter cannot take a 'paper:' line (write it one key per line)")
    return with_paper


_LINK_ORDER = ("pdf", "code", "project", "notes", "video", "slides", "blog", "data")  # of a record's links


def _record(entry: Entry, paper_id: str, venue: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {"id": paper_id, "title": entry.title}
    optional: list[tuple[str, Any]] = [
        ("short", entry.short if entry.short and entry.short != entry.title else None),
        ("year", entry.year),
        ("venue", venue),
        ("url", entry.url),
        ("links", {k: entry.links[k] for k in _LINK_ORDER if k in entry.links} or None),
        ("tags", entry.tags or None),
        ("read", entry.read),
        ("status", entry.status),
        ("group", entry.group),
        ("abstract", entry.abstract),
        ("image", entry.image),
        ("highlights", entry.highlights or None),
    ]
    for key, value in optional:
        if value is not None:
            record[key] = value
    return record


# ---------------------------------------------------------------- writing YAML as text


class _BlockDumper(yaml.SafeDumper):
    """Block style, indented lists, `|` for multi-line text."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


# YAML 1.1 line breaks besides \n: PyYAML writes them as they are in plain, quoted and block
# styles, and reads them back as \n or a space. Only escapes ("\N") keep them.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(mark in value for mark in _OTHER_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_BlockDumper.add_representer(str, _represent_text)
_BlockDumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign]  # no &id001 anchors for shared dates


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)


def _indent(block: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in block.splitlines(keepends=True))


def _last_end(node: yaml.Node) -> int:
    """Where the text of a node's last descendant ends."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark.index


def append_to_papers_text(text: str, additions: dict[str, Any]) -> str:
    """`text` with new items appended under the top-level keys of `additions`; the rest untouched.

    `additions` maps 'tags'/'venues' to mappings and 'papers' to a list. Existing bytes are never
    changed: new lines are inserted after each block's last item, or a new block at the end.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    try:
        root = yaml.compose(body, Loader=_ComposeLoader)
    except yaml.YAMLError as exc:
        raise ImportAbort(f"papers file cannot be read: {exc}") from exc
    keys: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            if key_node.value in keys:  # appending to one of the two would hide the records in the other
                first = keys[key_node.value][0].start_mark.line + 1
                raise ImportAbort(
                    f"'{key_node.value}:' is set twice in the papers file (lines {first} and "
                    f"{key_node.start_mark.line + 1}): merge the two into one and import again"
                )
            keys[key_node.value] = (key_node, value_node)
    elif root is not None and not (isinstance(root, yaml.ScalarNode) and root.value == ""):
        raise ImportAbort("papers file is not a mapping with a 'papers:' list")
    inserts: list[tuple[int, int, str]] = []  # (start, end of replaced text, new text)
    tail: list[str] = []
    def lines_of(items: Any, indent: int) -> str:
        return _indent(dump_yaml(items), indent).replace("\n", newline)

    for name, items in additions.items():
        if not items:
            continue
        if name not in keys:
            tail.append(f"{name}:{newline}" + lines_of(items, 2))
            continue
        key_node, value = keys[name]
        is_empty = (isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")) or (
            isinstance(value, (yaml.MappingNode, yaml.SequenceNode)) and value.flow_style and not value.value
        )
        if is_empty:
            line_end = body.find("\n", value.end_mark.index)
            line_end = len(body) if line_end < 0 else line_end
            inserts.append((value.start_mark.index, value.end_mark.index, ""))
            line_end -= 1 if body[line_end - 1 : line_end] == "\r" else 0
            inserts.append((line_end, line_end, newline + lines_of(items, key_node.start_mark.column + 2).rstrip("\r\n")))
            continue
        if isinstance(value, yaml.ScalarNode) or getattr(value, "flow_style", False):
            raise ImportAbort(
                f"'{name}:' on line {key_node.start_mark.line + 1} of the papers file is written on one line "
                "([...] or {...}): write it as a block (one item per line) so the import can append to it"
            )
        if isinstance(value, yaml.SequenceNode) != isinstance(items, list):
            raise ImportAbort(f"'{name}:' in the papers file is not a {'list' if isinstance(items, list) else 'mapping'}")
        end = _last_end(value)
        if end > 0 and body[end - 1] == "\n":
            position = end
            block = lines_of(items, value.start_mark.column)
        else:
            line_end = body.find("\n", end)
            position = len(body) if line_end < 0 else line_end
            position -= 1 if body[position - 1 : position] == "\r" else 0
            block = newline + lines_of(items, value.start_mark.column).rstrip("\r\n")
        inserts.append((position, position, block))
    for start, end, new in sorted(inserts, key=lambda item: (item[0], item[1]), reverse=True):
        body = body[:start] + new + body[end:]
    if tail:
        if body and not body.endswith("\n"):
            body += newline
        body += "".join(tail)
    return bom + body


# Control characters, line and paragraph separators, format characters (bidi overrides) and
# code points with no character: what can end a line, move a terminal's cursor or reorder text.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def printable(text: str) -> str:
    """`text` with control and other invisible characters escaped (\\x1b, \\n, \\u202e): for one
    line of a report, a YAML comment or a Markdown line, which such a character could end or
    hijack. Spaces of other scripts (U+3000, no-break space) are kept."""
    if text.isprintable():
        return text
    return "".join(
        repr(char)[1:-1] if unicodedata.category(char) in _UNSAFE_CATEGORIES else char for char in text
    )


def markdown_code(text: str) -> str:
    """`text` as one Markdown code span: shown literally, whatever backticks or HTML it holds."""
    text = printable(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"


def new_papers_text(additions: dict[str, Any], readme_name: str) -> str:
    header = f"# Imported from {printable(readme_name)} by `papernotes import`; edit freely.\n"
    return header + append_to_papers_text("", additions)


def check_appended(existing: Existing, new_text: str, plan: Plan, file: str) -> None:
    """The appended file, read as check reads it, must hold the old data unchanged plus exactly the new records."""
    old = (parse_yaml(existing.text, file).data if existing.text else None) or {}
    loaded = parse_yaml(new_text, file)
    if loaded.problems:
        raise ImportAbort(f"the appended papers file would not read back ({loaded.problems[0].format()}); nothing was written")
    new = loaded.data or {}
    expected = {
        "papers": list(old.get("papers") or []) + plan.records,
        "tags": {**(old.get("tags") or {}), **plan.new_tags},
        "venues": {**(old.get("venues") or {}), **plan.new_venues},
    }
    for key, value in expected.items():
        if (new.get(key) or type(value)()) != value:
            raise ImportAbort(f"appending to '{key}:' would change existing data; nothing was written")


# ---------------------------------------------------------------- files


STARTER_MKDOCS = """\
site_name: Paper notes
docs_dir: {docs_dir}
theme:
  name: material
  font: false
plugins:
  - search
  - papernotes:
      papers: papers.yaml{week_start}
"""

STARTER_INDEX = """\
# Paper notes

Imported from {readme}: see the reading log, topics and conferences in the navigation.
"""


@dataclass
class Target:
    root: Path
    papers: Path
    notes: Path
    fresh: bool  # no papers file and no mkdocs.yml: starter files are written


def find_target(into: Path) -> Target:
    if not into.exists():
        return Target(into, into / "papers.yaml", into / "notes", True)
    project = find_project(into)
    fresh = not project.papers.exists() and not (project.root / "mkdocs.yml").exists()
    notes = project.docs_dir or project.root / "notes"
    return Target(project.root, project.papers, notes, fresh)


def _display(path: Path) -> str:
    return display_path(path, Path.cwd())


def import_command(readme: Path, into: Path, dry_run: bool) -> int:
    """`papernotes import README [--into DIR] [--dry-run]`; prints the report, returns the exit code.

    0 imported (or nothing new), 1 refused or not written (nothing was changed), 2 unusable arguments.
    """
    name = _display(readme)
    if not readme.is_file():
        print(f"papernotes import: no such file: {readme}", file=sys.stderr)
        return 2
    try:
        text = readme.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        print(f"papernotes import: {name} is not UTF-8 text (byte {exc.start}): convert it first", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"papernotes import: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if into.exists() and not into.is_dir():
        print(f"papernotes import: --into {into} is not a folder", file=sys.stderr)
        return 2
    target = find_target(into)
    papers_name = _display(target.papers)
    today = dt.date.today()
    try:
        existing = read_existing(target.papers, papers_name, today)
        parsed = parse_readme(text, today)
        plan = plan_import(parsed, existing, readme.resolve().parent, target.notes, name)
        additions = {"tags": plan.new_tags, "venues": plan.new_venues, "papers": plan.records}
        new_text = None
        if any(additions.values()):
            if existing.text is not None:
                new_text = append_to_papers_text(existing.text, additions)
            else:
                new_text = new_papers_text(additions, readme.name)
            check_appended(existing, new_text, plan, papers_name)
    except ImportAbort as exc:
        message = "\n".join(printable(line) for line in str(exc).split("\n"))
        print(f"papernotes import: {message}", file=sys.stderr)
        return 1

    files = FileSet()
    written: list[str] = []
    notes_written = 0
    # papers.yaml first: a write cut short leaves records without notes, never notes without records
    if new_text is not None:
        if existing.raw is not None:
            files.add_update(target.papers, new_text, existing.raw)
        else:  # a symlink to a file not there yet: like an editor, create the file it points to
            files.add_new(Path(os.path.realpath(target.papers)), new_text)
        written.append(papers_name)
    if target.fresh:
        start = f"\n      week_start: {parsed.week_start.isoformat()}" if parsed.week_start else ""
        for path, content in (
            (target.root / "mkdocs.yml", STARTER_MKDOCS.format(docs_dir=target.notes.name, week_start=start)),
            (target.notes / "index.md", STARTER_INDEX.format(readme=markdown_code(readme.name))),
        ):
            if not os.path.lexists(path):
                files.add_new(path, content)
                written.append(_display(path))
    for note in plan.notes:
        if os.path.lexists(note.target):
            plan.report.append((note.line, f"note {_display(note.target)} exists already: not overwritten"))
            continue
        files.add_new(note.target, note.text)
        notes_written += 1
        written.append(_display(note.target))
    if not dry_run:
        try:
            files.write()
        except WriteRefused as exc:
            print(printable(f"papernotes import: {_display(exc.path)} {exc.reason}"), file=sys.stderr)
            return 1
        except OSError as exc:
            where = f" {_display(Path(exc.filename))}" if exc.filename else ""
            message = f"papernotes import: cannot write{where}: {exc.strerror or exc}; nothing was written"
            print(printable(message), file=sys.stderr)
            return 1

    for line, message in sorted(plan.report, key=lambda item: item[0]):
        print(printable(f"{name}:{line}: {message}"))  # README text in a message cannot drive the terminal
    verb = "would import" if dry_run else "imported"
    unread = sum(1 for _l, m in plan.report if m.startswith("skipped:"))
    print(
        f"{verb} {counted(len(plan.records), 'paper')}, "
        f"{'would copy' if dry_run else 'copied'} {counted(notes_written, 'note')}, "
        f"skipped {counted(plan.duplicates, 'duplicate')}, {counted(parsed.skipped_sections, 'non-paper section')} and "
        f"{counted(unread, 'unread line')}"
    )
    if dry_run:
        print("dry run: nothing was written")
    elif written:
        print("wrote " + ", ".join(written))
    else:
        print("nothing new: no file was changed")
    return 0
