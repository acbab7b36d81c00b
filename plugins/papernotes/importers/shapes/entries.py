"""Entry lines led by a link, or a title followed by label links, and what is added to an entry.

    - [x] ⭐ [Deep Residual Learning](https://arxiv.org/abs/1512.03385) [[code]](u), CVPR 2016
    Attention Is All You Need [[arXiv](https://arxiv.org/abs/1706.03762)] [[code](u)]

Each reader takes the line and what the lines above it say (`EntryContext`), appends what it
cannot read to `report` as (line, message), and returns the entry it made; the walk over the
README keeps the entries and the current one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..ids_and_links import is_safe_url
from ..imported import ImportedEntry
from .facts import Facts, read_badge, read_facts, split_linkless
from .furniture import furniture_kind, into_readme
from .legends import is_symbol
from .markup import (
    BADGE_RE,
    CHECKBOX_RE,
    LIST_MARKER_RE,
    Link,
    excerpt,
    find_links,
    is_image,
    is_label_link,
    label_kind,
    link_label,
    strip_codes,
    strip_links,
    strip_markup,
    take_markers,
)
from .notes import is_local_note
from .titles import parse_title

Report = list[tuple[int, str]]  # (line, message), in the order the lines are read

# `(ResNeXt) [Title](url)` and `**ResNet**: [Title](url)`: a short name before the link
NAMED_ENTRY_RE = re.compile(r"^\s*(?:\([^()\s]+\)|\*\*[^*]+\*\*)\s*(?:[:\-–—]\s*)?\[")

CHECKED_COLOURS = {"c5ff15"}
TO_CHECK_COLOURS = {"ff0000"}


@dataclass
class EntryContext:
    """What the lines above an entry say about it: legends, section tags, heading date, group."""

    today: dt.date
    legend_codes: dict[str, str] = field(default_factory=dict)  # code (lowercase) -> tag key
    legend_symbols: dict[str, tuple[str, str]] = field(default_factory=dict)  # symbol -> (tag key, description)
    section_tags: list[str] = field(default_factory=list)
    dated: tuple[str, dt.date] | None = None  # (kind, date) of the week/date/month heading above
    group: str | None = None


class EntryLine(NamedTuple):
    """What reading a line as an entry gave: whether it was one, and the entry made (None for a
    link to a section of the README, which is an entry line that makes no paper)."""

    is_entry: bool
    entry: ImportedEntry | None = None


def starts_entry(body: str, legend_codes: dict[str, str]) -> bool:
    """Whether a line (without its list marker) is an entry: a link first (after markers such as
    badges and symbols), a checkbox, a short name before the link, or a title before label links."""
    _markers, rest = take_markers(body)
    if rest.startswith("[") or CHECKBOX_RE.match(body) is not None or NAMED_ENTRY_RE.match(rest):
        return True
    links = [link for link in find_links(rest) if not is_image(rest, link)]
    if not links or rest.startswith("#"):
        return False
    title = strip_markup(strip_codes(rest[: links[0].start], legend_codes)).strip(" -:|")
    return bool(re.search(r"\w", title)) and all(is_label_link(rest, link) for link in links)


def is_list_entry(line: str, legend_codes: dict[str, str]) -> bool:
    """Whether a list item is an entry (with a link, not a label link first, or `Title, VENUE YEAR`)."""
    if not LIST_MARKER_RE.match(line):
        return False
    body = LIST_MARKER_RE.sub("", line, count=1)
    body = CHECKBOX_RE.sub("", body)
    links = find_links(body)
    if not links:  # `- Title, VENUE YEAR`: an entry without a link
        return split_linkless(body) is not None
    return starts_entry(body, legend_codes) and not link_label(links[0].text)


def new_entry(
    number: int, link_text: str, url: str | None, links_line: str, context: EntryContext, report: Report
) -> ImportedEntry:
    """The entry named by `link_text` (and `url`), with the tags and date of where it stands."""
    parts = parse_title(link_text, context.legend_codes)
    tags = list(dict.fromkeys(parts.codes))
    for code in re.findall(r"\[([A-Za-z][A-Za-z0-9+]{0,11})\]", strip_links(links_line, find_links(links_line))):
        if code.lower() in context.legend_codes:
            tags.append(context.legend_codes[code.lower()])
    tags.extend(context.section_tags)
    if not parts.title:
        report.append((number, "entry has no title: imported as 'untitled'"))
    entry = ImportedEntry(
        line=number, title=parts.title or "untitled", short=parts.short, year=parts.year, tags=list(dict.fromkeys(tags)),
        venue=parts.venue, authors=parts.authors,
    )
    if url is not None:
        if not url:
            pass
        elif is_local_note(url):
            entry.note_link = url
        elif is_safe_url(url):
            entry.url = url
        else:
            report.append((number, f"dropped URL '{excerpt(url)}': only http(s) and relative links are kept"))
    if parts.read is not None:  # a day log: `- [x] 20210218 Title`
        if parts.read > context.today:
            report.append((number, f"read date {parts.read.isoformat()} is in the future: left out"))
        else:
            entry.read = parts.read
    elif context.dated is not None:
        _kind, date = context.dated
        if date > context.today:
            report.append((number, f"read date {date.isoformat()} is in the future: left out"))
        else:
            entry.read = date
        entry.status = "read"
    entry.group = context.group
    return entry


def read_entry_line(
    line: str, number: int, context: EntryContext, report: Report, linkless: tuple[str, str] | None = None
) -> EntryLine:
    """An entry line; EntryLine(False) when it is not one (the caller reports the line).

    `linkless` is (title, facts text) of an entry with no link (shapes.plain found it).
    """
    body = LIST_MARKER_RE.sub("", line, count=1).strip()
    status = None
    box = CHECKBOX_RE.match(body)
    if box:
        status = "read" if box.group(1).lower() == "x" else "to-read"
        body = body[box.end() :]
    markers, body = take_markers(body)
    if linkless is not None:
        entry = new_entry(number, linkless[0], None, "", context, report)
        rest = linkless[1]
    else:
        links = [link for link in find_links(body) if not is_image(body, link)]
        if not links:
            return EntryLine(False)
        main = next((link for link in links if not is_label_link(body, link)), None)
        first = links[0]
        enclosed = is_label_link(body, first) and body[first.start - 1 : first.start] == "["
        opening = first.start - 1 if enclosed else first.start  # `Title [[arXiv](u)]`: the title ends before `[[`
        prefix = body[:opening].strip()
        if main is None or (strip_markup(strip_codes(prefix, context.legend_codes)).strip(" -:") and main is not links[0]):
            # "Title [[pdf](url)]": the title stands before label links
            title_text = strip_codes(prefix, context.legend_codes)
            if not strip_markup(title_text).strip(" -:"):
                return EntryLine(False)
            entry = new_entry(number, prefix, None, body, context, report)
            for link in links:
                add_link(entry, label_kind(link.text), link.url, number, report)
            rest = strip_links(body, links)[len(body[: links[0].start]) :]
        else:
            if main.url.startswith("#") or into_readme(main.url):
                report.append((number, f"skipped: link to a section of the README: {excerpt(line)}"))
                return EntryLine(True)
            furniture = furniture_kind(main.url)
            if furniture is not None:
                report.append((number, f"skipped: {furniture}, not a paper: {excerpt(line)}"))
                return EntryLine(True)
            entry, rest = _entry_of_link(body, links, main, prefix, number, context, report)
    if status:
        entry.status = status
    _apply_markers(entry, markers, number, context, report)
    for badge in BADGE_RE.finditer(rest):
        apply_badge(entry, badge.group(1), number, report)
    rest = BADGE_RE.sub(" ", rest)
    rest = strip_codes(rest, context.legend_codes)
    apply_facts(entry, read_facts(rest), number, report)
    entry.tags = list(dict.fromkeys(entry.tags))
    return EntryLine(True, entry)


def _entry_of_link(
    body: str, links: list[Link], main: Link, prefix: str, number: int, context: EntryContext, report: Report
) -> tuple[ImportedEntry, str]:
    """The entry whose title is the text of its `main` link, with the other links of the line,
    and the rest of the line after its first link (facts, badges, remark)."""
    entry = new_entry(number, prefix + " " + main.text if prefix else main.text, main.url, body, context, report)
    in_remarks: list[Link] = []
    for link in links:
        if link is main:
            continue
        if is_label_link(body, link) or is_local_note(link.url):  # a local Markdown file is the note
            add_link(entry, label_kind(link.text), link.url, number, report)
        elif body.count("(", main.end, link.start) > body.count(")", main.end, link.start):
            # `(thanks, [a friend](https://...))`: a remark, not a link of the paper; its text stays in the remark
            report.append((number, f"dropped link of the entry: {excerpt(link.text)} ({excerpt(link.url)})"))
            in_remarks.append(link)
        else:  # another link beside the paper's: kept, but never as its URL
            add_link(entry, link_label(link.text) or "project", link.url, number, report)
    return entry, strip_links(body, links, in_remarks)[len(body[: links[0].start]) :]


def _apply_markers(entry: ImportedEntry, markers: list[str], number: int, context: EntryContext, report: Report) -> None:
    """Legend symbols become tags; a badge-like marker gives facts; an unknown symbol is reported."""
    for marker in markers:
        symbol = context.legend_symbols.get(marker)
        if symbol is not None:
            entry.tags.append(symbol[0])
        elif is_symbol(marker):
            report.append((number, f"dropped marker '{marker}': no legend says what it means"))
        else:
            facts = Facts()
            read_badge(marker, facts)
            apply_facts(entry, facts, number, report)


def apply_facts(entry: ImportedEntry, facts: Facts, number: int, report: Report, report_dropped: bool = True) -> None:
    """Fill what the entry does not say yet from `facts`; what they could not read is reported."""
    entry.venue = entry.venue or facts.venue
    entry.venue_qualifier = entry.venue_qualifier or facts.qualifier
    entry.year = entry.year or facts.year
    entry.rating = entry.rating or facts.rating
    if facts.short and not entry.short:
        entry.short = facts.short
    for tag in facts.tags:
        if tag not in entry.tags:
            entry.tags.append(tag)
    for key, name in facts.tag_names.items():
        entry.tag_names.setdefault(key, name)
    if facts.remarks and not entry.remark:
        entry.remark = "; ".join(facts.remarks)
    if report_dropped:
        for piece in facts.dropped:
            report.append((number, f"dropped text of the entry: {excerpt(piece)}"))


def apply_badge(entry: ImportedEntry, colour: str, number: int, report: Report) -> None:
    """A colour badge (`![#c5ff15](u)`): checked means read, to check means to read."""
    colour = colour.lower()
    if colour in CHECKED_COLOURS:
        entry.status = "read"
    elif colour in TO_CHECK_COLOURS:
        entry.status = "to-read"
    else:
        report.append(
            (number, f"skipped: colour badge #{colour} has no known meaning (checked is #c5ff15, to check #ff0000)")
        )


def add_link(entry: ImportedEntry, kind: str, url: str, number: int, report: Report) -> None:
    """One more link of the entry, under `kind` (a links key, or `url` for the paper itself)."""
    if kind == "notes" or is_local_note(url):  # a local Markdown file is the paper's note, not a link
        add_notes_link(entry, url, number, report)
        return
    if not url:
        return
    if not is_safe_url(url):
        report.append((number, f"dropped {kind} link '{excerpt(url)}': only http(s) and relative links are kept"))
        return
    if kind in ("pdf", "url") and entry.url is None:
        entry.url = url
        return
    kind = "project" if kind == "url" else kind
    if (kind in entry.links and entry.links[kind] == url) or entry.url == url:
        return
    if kind == "pdf" and entry.url is None:
        entry.url = url
    elif kind in entry.links and entry.links[kind] != url:
        report.append((number, f"skipped: a second {kind} link: {excerpt(url)}"))
    else:
        entry.links[kind] = url


def add_notes_link(entry: ImportedEntry, url: str, number: int, report: Report) -> None:
    entry.status = entry.status or "read"  # a notes marker, even empty, means the paper was read
    if not url:
        return
    if re.match(r"^https?://", url, re.I) or (is_safe_url(url) and not is_local_note(url)):
        entry.links["notes"] = url  # a web page, or a local PDF (copied into the site by the plan)
    elif not is_safe_url(url):
        report.append((number, f"dropped notes link '{excerpt(url)}': only http(s) and relative links are kept"))
    else:
        entry.note_link = url
