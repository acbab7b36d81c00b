"""`papernotes import`: read a handwritten paper-list README into papers.yaml and notes.

What counts as a paper entry
----------------------------
A line, optionally a list item (``*``, ``-``, ``1.``, ``- [x]``), that starts with a Markdown
link ``[Title](url)`` (short names, year prefixes and tag codes may come before or inside the
link text), or a plain title line directly followed by a line holding only a URL. Link lines
whose text is only a link label (``[[github]](...)``, ``[Implementation](...)``,
``[[paper]](...)``) belong to the entry above them. Links to a section of the README itself
(``[Models](#models)``) are a table of contents, never papers.

This module is the walk over the lines: it keeps the headings, group, legends and current
entry, decides what kind each line is, and hands it to the small reader of ``shapes/`` for
that shape, which returns the entry it made and appends what it could not read to the report:
link-led lines and a title before bracketed label links (``Title [[arXiv](u)] [[code](u)]``),
with badges and legend symbols before the link (shapes.entries); several entries on one line
(``||``, ``|``, ``;``: shapes.splitting); Markdown table rows, by their header (shapes.tables);
link-less entries of a paper list (``Title, VENUE YEAR (N)``: shapes.plain); an author/venue
sub-bullet under an entry (shapes.subbullets); abstracts, images, quotes, URLs and label links
under an entry (shapes.following). Headings that are links are read here. What a line says
besides its title (venue, year, qualifier, rating, ``[kw, kw]``, ``(aka X)``) is read by
shapes.facts, the title itself by shapes.titles; the rest of the line is reported as dropped
text. Legends stand as blocks (shapes.legends): one legend-shaped line among entries is not one.

Lines that are not entries
--------------------------
Headings (sections, weeks, dates, wish lists), tag legends, group lines, and what follows an
entry (badges, ``<sub>``/``<sup>`` abstracts, ``<img>`` thumbnails, ``>`` highlights, code and
notes links) are read into the entry or the vocabularies. Sections whose heading names
resources, courses, talks, tutorials, links or a table of contents are not paper lists: a table of
contents is reported once, as a skipped section with its line range; any other is kept whole, as
written, as a note (``topics/<name>.md``). HTML comments, fenced code and blank
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
All of this is done by ``run`` (the one place that runs an import, for any parser) through
``existing``, ``plan`` and ``papers_text``.
The existing papers.yaml is read by the loader and rules of ``papernotes check``; if check
reports an error in it, the import lists the errors and stops (nothing is written). Entries
already in the knowledge base (same URL after normalising scheme, ``www.``, trailing slash,
fragment and arXiv abs/pdf/version variants; else the same title ignoring case and
punctuation, when the URLs do not disagree) are skipped, as are repeats inside the README (their tags, links and other
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
import re
from dataclasses import dataclass
from pathlib import Path

from ..knowledge.loading import clean_text
from .ids_and_links import stable_slug
from .imported import ImportedEntry, ParsedFile, TopicNote, leave_out_of_bounds
from .run import import_file, print_report
from .shapes.entries import EntryContext, apply_badge, is_list_entry, new_entry, read_entry_line, starts_entry
from .shapes.following import (  # noqa: F401  (tests import image_source from here)
    image_source,
    read_abstract,
    read_bare_url,
    read_extra_links,
    read_highlight,
    read_image,
)
from .shapes.legends import read_legends
from .shapes.markup import (  # noqa: F401  (closing_brackets, heading_of, unwrap_*: tests import them from here)
    BADGE_RE,
    BARE_URL_RE,
    CHECKBOX_RE,
    LIST_MARKER_RE,
    closing_brackets,
    excerpt,
    find_links,
    has_unclosed_square_bracket,
    heading_of,
    is_image,
    is_label_link,
    link_label,
    strip_codes,
    strip_html,
    strip_links,
    strip_markup,
    take_markers,
    unwrap_emphasis,
    unwrap_strong,
)
from .shapes.notes import is_local_note
from .shapes.plain import read_linkless
from .shapes.prose import italic_spans, read_prose_titles
from .shapes.splitting import split_entries
from .shapes.subbullets import read_sub_bullet
from .shapes.tables import is_recordings_table, is_table_start, read_table, read_table_row
from .shapes.titles import parse_title, parse_venue_badge  # noqa: F401  (tests import parse_venue_badge from here)
from .shapes.topics import is_notes_text, read_notes_text

# ---------------------------------------------------------------- vocabularies of the importer


_SKIPPED_SECTION_RE = re.compile(
    r"\b(resources?|courses?|talks?|tutorials?|links|contents|table of contents|books?|blogs?)\b", re.I
)
_WISH_RE = re.compile(
    r"^\W*(?:wish[\s_-]*list\b|(?:to[\s_-]?do|(?:papers?\s+|pile\s+)?to\s+(?:be\s+)?read|reading\s+(?:queue|backlog)|backlog)"
    r"(?:\s+(?:papers?|list|pile))?\W*$)",
    re.I,
)
# `## 2018`, `## 2017 and before`, `## 2019 RL/IL Papers`: a year, not a topic
_YEAR_HEADING_RE = re.compile(
    r"^\W*((?:19|20)\d\d)(?:\s+(?:and\s+(?:before|earlier|older)|or\s+(?:before|earlier)|[\w/&-]{1,12}))?"
    r"(?:\s+papers?)?\W*$",
    re.I,
)
# Every pattern here runs in linear time on a line of any length: no two unbounded repeats that
# can share characters (`\s*:?\s*`), no unbounded scan repeated from every start (`<[^>]+>` on
# `<<<<`); what a pattern cannot do in linear time is a scan in Python below (find_links, tag_contents).
_UNREAD = "skipped: not a paper entry"
_CONTENTS_RE = re.compile(r"\W*(?:table of )?contents?\b|\W*toc\W*$|\W*目录", re.I)
_FOOTNOTE_RE = re.compile(r"\[\^[^\[\]]{1,100}\]:")  # `[^1]: text`: a footnote's text, not an entry
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_KBD_OPEN_RE = re.compile(r"<kbd>", re.I)
_KBD_CLOSE_RE = re.compile(r"</kbd>", re.I)
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


@dataclass
class _Heading:
    level: int
    text: str
    kind: str  # title, skip, wish, week, date, month, topic
    date: dt.date | None = None
    tag: str | None = None
    year: int | None = None  # of a year heading (`## 2018`): the year of papers that give none


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


class _ReadmeParser:
    """Walks the lines once, keeping the headings above the current line."""

    def __init__(self, text: str, today: dt.date):
        self.raw = clean_text(text).split("\n")
        self.lines, unclosed = _comment_mask(self.raw)
        self.today = today
        self.result = ParsedFile()
        if unclosed is not None:
            self.result.note(unclosed, "skipped: an HTML comment opens here and never closes: the lines after it are not read")
        self.legend = read_legends(self.lines, lambda line: bool(find_links(line)), stable_slug)
        self.legend_codes = {code: key for code, (key, _d) in self.legend.codes.items()}
        for key, description in [*self.legend.codes.values(), *self.legend.symbols.values()]:
            self.result.tags.setdefault(key, description or None)
        self.result.report.extend(self.legend.report)
        self.list_entries = False  # the list items just read were entries: a link-less one is too
        self.entry_indent = 0
        self.headings: list[_Heading] = []
        self.dated = any(
            (heading := heading_of(line)) and (found := heading_date(heading[1])) and found[0] != "invalid"
            for line in self.lines
        )
        self.entry: ImportedEntry | None = None
        self.group: str | None = None
        self.wish_line = False
        self.skip_start: int | None = None
        self.skip_count = 0
        self.skip_name = ""
        self.week_numbers: list[tuple[int, dt.date]] = []
        self.heading_descriptions: dict[str, str] = {}  # section tag -> heading text
        self.wish_entries: set[int] = set()  # lines of entries standing in a wish list
        self.heading_years: list[tuple[ImportedEntry, int]] = []
        self.section_notes: set[str] = set()  # names of the notes kept sections became

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
        """End a section that is not a paper list: a table of contents is left out, any other
        (Resources, Courses, Talks) is kept whole as a note."""
        if self.skip_start is None:
            return
        lines = f"lines {self.skip_start}-{end_line}, {self.skip_count} non-blank lines"
        if _CONTENTS_RE.match(self.skip_name) or not self.skip_count:
            self.result.note(self.skip_start, f"skipped section '{self.skip_name}' ({lines}): not a paper list")
        else:
            name = stable_slug(self.skip_name, "section")
            number = 2
            while name in self.section_notes:
                name = f"{stable_slug(self.skip_name, 'section')}-{number}"
                number += 1
            self.section_notes.add(name)
            text = "\n".join(self.raw[self.skip_start - 1 : end_line]) + "\n"
            self.result.topic_notes.append(TopicNote(self.skip_start, "", name, text, tagged=False))
            self.result.note(
                self.skip_start, f"section '{self.skip_name}' ({lines}) is not a paper list: kept as the note topics/{name}.md"
            )
        self.result.skipped_sections += 1
        self.skip_start = None

    # -- the walk

    def run(self) -> ParsedFile:
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
        unread = sum(1 for _line, message in self.result.report if message.startswith(_UNREAD))
        if is_notes_text(len(self.result.entries), unread):
            return self.read_as_notes(len(self.result.entries), unread)
        return self.result

    def read_as_notes(self, entries: int, unread: int) -> ParsedFile:
        """The README as a notes text (shapes.topics): its sections as topic notes, the papers they link as records."""
        sections, report = read_notes_text(self.raw, self.lines)
        reading = ParsedFile(title=self.result.title)
        reading.note(1, f"read as notes, not a list of papers: {unread} lines of text beside {entries} entries; "
                        f"its {len(sections)} sections are topic notes, and the papers they link are records")
        reading.report.extend(report)
        taken: set[str] = set()
        for section in sections:
            tag = section.tag
            number = 2
            while tag in taken:  # two sections of one name: two notes
                tag = f"{section.tag}-{number}"
                number += 1
            taken.add(tag)
            for entry in section.papers.values():
                entry.tags = [tag if key == section.tag else key for key in entry.tags]
            reading.tags.setdefault(tag, section.title)
            reading.topic_notes.append(TopicNote(section.line, "", tag, section.text, section.papers))
        seen: set[int] = set()
        for section in sections:
            for entry in section.papers.values():
                if id(entry) not in seen:  # a paper linked from two sections is one record
                    seen.add(id(entry))
                    reading.entries.append(entry)
        reading.entries.sort(key=lambda entry: entry.line)
        return reading

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
        self.list_entries = False
        self.entry_indent = 0
        text = strip_markup(raw_text)
        if self.in_skipped_section():
            self.headings.append(_Heading(level, text, "skip"))
            return
        if is_title and level == 1:
            self.headings.append(_Heading(level, text, "title"))
            self.result.title = text
            return
        dated = heading_date(text)
        if dated and dated[0] == "invalid":
            self.result.note(number, f"heading '{excerpt(text)}' holds an impossible date: papers under it get no date")
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
        heading_links = find_links(raw_text)
        section_link = None
        if (
            heading_links and heading_links[0].start <= 4 and not heading_links[0].url.startswith("#")
            and not is_label_link(raw_text, heading_links[0])
        ):
            if not self._heads_a_list(number, level):  # `### [Title](url)` with nothing under it: a paper
                self.headings.append(_Heading(level, text, "paper"))
                self.read_entry(raw_text, number)
                return
            # `### [Post-filter](summary.md)` above papers: a section, and its link the section's own note
            section_link = heading_links[0].url
            text = strip_markup(heading_links[0].text) or text
        self._open_section(level, text, number, section_link)

    def _open_section(self, level: int, text: str, number: int, section_link: str | None) -> None:
        """A heading that is no date, title, wish list or paper: a year, a skipped section or a topic."""
        year = _YEAR_HEADING_RE.match(text)
        if year:
            self.headings.append(_Heading(level, text, "year", year=int(year.group(1))))
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
        path = "/".join(h.tag for h in self.headings if h.kind == "topic" and h.tag)
        if tag is not None:
            self.heading_descriptions[path] = text
        if section_link is not None:
            if tag is not None and is_local_note(section_link):
                self.result.topic_notes.append(TopicNote(number, section_link, path))
            else:
                self.result.note(number, f"dropped link of the heading '{excerpt(text)}': {excerpt(section_link)}")

    def _heads_a_list(self, number: int, level: int) -> bool:
        """Whether entries, a table or deeper headings follow the heading on line `number` before the next one of its level."""
        for ahead in range(number, len(self.lines)):
            line = self.lines[ahead]
            heading = heading_of(line)
            if heading is not None:
                return heading[0] > level
            if is_table_start(self.lines, ahead):
                return True
            if LIST_MARKER_RE.match(line) and self._starts_entry(LIST_MARKER_RE.sub("", line, count=1)):
                return True  # entries under it; plain bullets are notes on the paper the heading names
        return False

    def read_line(self, index: int) -> int:
        """Read the line at `index`; returns the index of the next line to read."""
        line = self.lines[index]
        number = index + 1
        stripped = line.strip()
        if index in self.legend.lines:
            return index + 1
        if is_table_start(self.lines, index):
            return self.read_table(index)
        if _FOOTNOTE_RE.match(stripped):
            self.result.note(number, f"skipped: a footnote, not a paper entry: {excerpt(stripped)}")
            return index + 1
        if _WISH_RE.match(strip_markup(stripped)):
            self.wish_line = True
            self.entry = None
            self.group = None
            return index + 1
        if re.match(r"^<(sub|sup)>", stripped, re.I):
            return read_abstract(self.lines, self.raw, index, self.entry, self.result.report)
        if re.match(r"^<img\b", stripped, re.I):
            read_image(stripped, number, self.entry, self.result.report)
            return index + 1
        if stripped.startswith(">"):
            return read_highlight(self.lines, index, self.entry, self.result.report)
        badge = BADGE_RE.match(stripped)
        if badge:
            rest = BADGE_RE.sub("", stripped).strip()
            if self.entry is not None and not rest:
                apply_badge(self.entry, badge.group(1), number, self.result.report)
            else:
                self.result.note(number, f"skipped: colour badge not under a paper entry: {excerpt(stripped)}")
            return index + 1
        bare = BARE_URL_RE.match(stripped)
        if bare:
            read_bare_url(bare.group(1), number, self.entry, self.result.report)
            return index + 1
        links = find_links(line)
        body = LIST_MARKER_RE.sub("", line, count=1)
        if links and all(link_label(link.text) for link in links) and not strip_html(
            strip_links(line, links)
        ).strip(" ,-–|[]*"):
            read_extra_links(links, number, self.entry, self.result.report)
            return index + 1
        is_item = LIST_MARKER_RE.match(line) is not None
        indent = len(line) - len(line.lstrip())
        if links and self._read_several(body, number, is_item):
            return index + 1
        if self._starts_entry(body):
            consumed = self._read_wrapped_entry(index, is_item, indent)
            if consumed:
                return index + consumed
        if is_item and not links and self._read_list_item(body, number, indent):
            return index + 1
        return self._read_plain_line(index, is_item)

    def _read_several(self, body: str, number: int, is_item: bool) -> bool:
        """A line of several entries (shapes.splitting), after a lead that is reported; False when it holds one."""
        split = split_entries(body.strip(), self._starts_entry)
        if split is None:
            return False
        lead, pieces = split
        if lead:
            self.result.note(number, f"dropped text before the entries: {excerpt(lead)}")
        for piece in pieces:
            self.read_entry(piece, number)
        self.list_entries = is_item
        return True

    def _read_wrapped_entry(self, index: int, is_item: bool, indent: int) -> int:
        """Read an entry starting on the line at `index`; how many lines it took (0: none read)."""
        line = self.lines[index]
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
        if find_links(joined) and self.read_entry(joined, index + 1):
            self.list_entries = is_item
            self.entry_indent = indent
            return consumed
        return 0

    def _read_list_item(self, body: str, number: int, indent: int) -> bool:
        """Read a list item without links: a sub-bullet of the entry above, or an entry without a link."""
        report = self.result.report
        if self.entry is not None and indent > self.entry_indent and read_sub_bullet(body, self.entry, number, report):
            return True
        if indent <= self.entry_indent:
            among_entries = self.list_entries or self.wish()
            made = read_linkless(body, number, among_entries, self.entry_context(), report)
            if made is not None:
                self.keep(made)
                self.list_entries = True
                self.entry_indent = indent
                return True
        return False

    def _read_plain_line(self, index: int, is_item: bool) -> int:
        """A plain line: a title above a bare URL, a group above entries, or unread text."""
        stripped = self.lines[index].strip()
        number = index + 1
        following = self._next_text(index)
        url_line = BARE_URL_RE.match(self.lines[following].strip()) if following == index + 1 else None
        if url_line is not None:
            title = strip_markup(stripped)
            self.keep(new_entry(number, title, url_line.group(1), stripped, self.entry_context(), self.result.report))
            return index + 2
        links = find_links(self.lines[index])
        if not is_item and not links and self.read_prose(stripped, number):
            return index + 1
        if not is_item and len(links) == 1 and self.read_section_note(stripped, links[0].url, number):
            return index + 1
        if not is_item and following is not None and is_list_entry(self.lines[following], self.legend_codes):
            self.group = strip_markup(stripped).rstrip(" -–:") or None
            self.entry = None
            return index + 1
        self.result.note(number, f"{_UNREAD}: {excerpt(self.raw[index])}")
        if not is_item:
            self.list_entries = False
        return index + 1

    def _starts_entry(self, body: str) -> bool:
        return starts_entry(body, self.legend_codes)

    def _next_text(self, index: int) -> int | None:
        for ahead in range(index + 1, len(self.lines)):
            if self.lines[ahead].strip():
                return ahead
        return None

    # -- entries

    def read_entry(self, line: str, number: int, linkless: tuple[str, str] | None = None) -> bool:
        """An entry line (shapes.entries); False when it is not one (the caller reports the line)."""
        found = read_entry_line(line, number, self.entry_context(), self.result.report, linkless)
        if found.entry is not None:
            self.keep(found.entry)
        return found.is_entry

    def read_prose(self, line: str, number: int) -> bool:
        """A paragraph naming papers by italic title (shapes.prose); False when it names none."""
        titles = read_prose_titles(line)
        if len(titles) == 1 and italic_spans(line) == [(0, len(line))] and self.entry is not None and (
            self.entry.url or self.entry.note_link
        ):
            # a line in italics under a linked entry is said about that entry, not a title of its own
            if self.entry.abstract is None:
                self.entry.abstract = titles[0].title
            else:
                self.result.note(number, f"skipped: a second summary of the entry above: {excerpt(line)}")
            return True
        for found in titles:
            entry = new_entry(number, found.title, None, "", self.entry_context(), self.result.report)
            entry.short = entry.short or found.short
            entry.year = entry.year or found.year
            entry.venue = entry.venue or found.venue
            entry.remark = found.remark
            self.keep(entry)
        return bool(titles)

    def read_section_note(self, line: str, url: str, number: int) -> bool:
        """`move to [Vision](./vision.md)`: a line that sends the section to a Markdown file of
        the README's folder, which becomes the section's topic note."""
        path = "/".join(h.tag for h in self.headings if h.kind == "topic" and h.tag)
        if not path or not is_local_note(url) or starts_entry(LIST_MARKER_RE.sub("", line, count=1), self.legend_codes):
            return False
        self.result.topic_notes.append(TopicNote(number, url, path))
        return True

    def read_table(self, index: int) -> int:
        """A Markdown table: one entry per row, its columns read by their header."""
        headers, roles, rows, after = read_table(self.lines, index)
        if is_recordings_table(headers, [row.raw for row in rows]):
            lines = f"lines {index + 1}-{after}"
            self.result.note(index + 1, f"skipped: a table of recordings (videos, talks), not of papers ({lines})")
            return after
        if "title" not in roles:
            self.result.note(index + 1, f"skipped: table with no title or paper column (lines {index + 1}-{after})")
            return after
        for row in rows:
            made = read_table_row(row, self.entry, self.entry_context(), self.result.report)
            if made is not None:
                self.keep(made)
        self.entry = None
        return after

    def entry_context(self) -> EntryContext:
        """What the headings, legends and group above the current line say about an entry on it."""
        return EntryContext(
            today=self.today, legend_codes=self.legend_codes, legend_symbols=self.legend.symbols,
            section_tags=self.section_tags(), dated=self.context_date(), group=self.group,
        )

    def keep(self, entry: ImportedEntry) -> None:
        """A new entry: kept with what its place says (year heading, wish list), and the current one from now."""
        heading_year = next((h.year for h in reversed(self.headings) if h.kind == "year"), None)
        if heading_year is not None:
            self.heading_years.append((entry, heading_year))
        if self.wish():
            self.wish_entries.add(entry.line)
        self.result.entries.append(entry)
        self.entry = entry

    def finish(self) -> None:
        for entry, year in self.heading_years:
            entry.year = entry.year or year
        for entry in self.result.entries:
            if entry.line in self.wish_entries:
                entry.status = "to-read"
            if entry.status == "to-read" and entry.read is not None:
                # a paper still to read has no read date (papernotes check would flag both)
                self.result.note(entry.line, f"marked to read: the heading's date {entry.read.isoformat()} is left out")
                entry.read = None
            for message in leave_out_of_bounds(entry, self.today):
                self.result.note(entry.line, message)
        if self.week_numbers:
            starts = {monday - dt.timedelta(weeks=number) for number, monday in self.week_numbers}
            if len(starts) == 1:
                self.result.week_start = starts.pop()
        for key, description in self.heading_descriptions.items():
            self.result.tags.setdefault(key, description)


def parse_readme(text: str, today: dt.date | None = None) -> ParsedFile:
    """Read a README's text: entries, tags (legends and section headings) and the report."""
    return _ReadmeParser(text, today or dt.date.today()).run()


def import_command(readme: Path, into: Path, dry_run: bool) -> int:
    """`papernotes import README [--into DIR] [--dry-run]`; prints the report, returns the exit code.

    0 imported (or nothing new), 1 refused or not written (nothing was changed), 2 unusable arguments.
    """
    return print_report(import_file(readme, into, dry_run, parse_readme))
