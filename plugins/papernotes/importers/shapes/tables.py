"""Markdown tables of papers, read by their header and by what their columns hold.

    | Paper | Year | Venue | Read | Status |
    |---|---|---|---|---|
    | [ResNet](https://arxiv.org/abs/1512.03385) | 2015 | CVPR | 2020-07-06 | ✅ |

A column's role comes from its header word, in English or Chinese (title/paper/name/标题,
link/url, year/年份, venue/conference/会议, date/read on, status/done, tags/keywords, notes,
summary/简介, authors, code), or from any part of it (`论文标题 (Title)`); a column whose header
says nothing known is read by its cells: years, dates, read marks, bare URLs, or links with a
name (the title when no other column is). A table of recordings (a column of durations or videos)
is a list of talks, not of papers. Other columns are reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..imported import ImportedEntry
from .entries import EntryContext, Report, add_link, apply_facts, read_entry_line
from .facts import Facts, read_badge
from .markup import BARE_URL_RE, excerpt, find_links, label_kind, link_label, strip_markup

# Possessive: each run of spaces or dashes is taken once (`\s*\|?\s*` split a line of spaces every way).
_SEPARATOR_RE = re.compile(r"^\s*+\|?\s*+:?-++:?\s*+(?:\|\s*+:?-++:?\s*+)*+\|?\s*+$")
ROLES: dict[str, tuple[str, ...]] = {
    "title": ("title", "paper", "papers", "name", "paper title", "article", "work",
              "标题", "论文", "论文标题", "论文名", "论文名称", "题目", "名字", "名称", "文章"),
    "url": ("link", "links", "url", "pdf", "arxiv", "paper link", "链接", "论文链接", "地址"),
    "year": ("year", "yr", "年份", "年"),
    "venue": ("venue", "conference", "conf", "journal", "publication", "published", "pub", "where",
              "会议", "期刊", "会议期刊", "发表", "来源", "出处"),
    "date": ("date", "read on", "date read", "read date", "when", "日期", "阅读日期", "时间"),
    "status": ("status", "done", "read", "read?", "state", "progress", "状态", "已读", "进度"),
    "tags": ("tags", "tag", "keywords", "topic", "topics", "category", "field", "area",
             "标签", "关键词", "分类", "类别", "领域", "方向"),
    "notes": ("notes", "note", "my notes", "review", "笔记", "解读"),
    "remark": ("summary", "comment", "comments", "remark", "remarks", "description", "tldr", "tl;dr",
               "简介", "摘要", "备注", "说明", "评论", "总结", "概述", "亮点"),
    "authors": ("authors", "author", "by", "作者"),
    "code": ("code", "github", "implementation", "repo", "代码"),
    "short": ("short", "abbr", "model", "method", "nickname", "简称", "模型", "方法"),
}
# a column of these makes the table a list of recordings (talks, videos), not of papers
_RECORDING_HEADERS = {"video", "videos", "duration", "length", "recording", "视频", "时长", "录像"}
_DURATION_RE = re.compile(r"\d{1,2}:\d\d(?::\d\d)?")
_YEAR_CELL_RE = re.compile(r"(?:19|20)\d\d")
_PART_RE = re.compile(r"[()（）/|,，、]")
_DATE_RE = re.compile(r"\b((?:19|20)\d\d)[./-](\d{1,2})[./-](\d{1,2})\b")  # a read date cell
_ROLE_OF = {word: role for role, words in ROLES.items() for word in words}
READ_MARKS = {"✅", "✔", "✔️", "☑", "☑️", "x", "[x]", "yes", "y", "done", "read", "✓"}
TO_READ_MARKS = {"❌", "☐", "⬜", "[ ]", "no", "n", "todo", "to do", "to read", "to-read", "unread", "-", "⏳"}


@dataclass
class TableRow:
    line: int  # 1-based
    cells: dict[str, str] = field(default_factory=dict)  # role -> cell text
    other: dict[str, str] = field(default_factory=dict)  # header -> cell text of a column with no role
    raw: list[str] = field(default_factory=list)  # every cell, in order


def split_cells(line: str) -> list[str]:
    """The cells of a table row; `\\|` and `|` inside backticks or brackets do not split."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells: list[str] = []
    current: list[str] = []
    depth = 0
    code = False
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and text[index + 1 : index + 2] == "|":
            current.append("|")
            index += 2
            continue
        if char == "`":
            code = not code
        elif not code and char in "[(":
            depth += 1
        elif not code and char in "])":
            depth = max(0, depth - 1)
        elif char == "|" and not code and depth == 0:
            cells.append("".join(current).strip())
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    cells.append("".join(current).strip())
    return cells


def is_table_start(lines: list[str], index: int) -> bool:
    return "|" in lines[index] and index + 1 < len(lines) and bool(_SEPARATOR_RE.match(lines[index + 1]))


def _role_of_words(text: str) -> str | None:
    words = re.sub(r"[^\w\s?;]", " ", text).strip().lower()
    return _ROLE_OF.get(re.sub(r"\s+", " ", words))


def role_of(header: str) -> str | None:
    """The role a header names: its whole text, else one of its parts (`论文标题 (Title)`, `Name / 名字`)."""
    role = _role_of_words(header)
    if role is None:
        role = next((found for part in _PART_RE.split(header) if (found := _role_of_words(part))), None)
    return role


def is_recordings_table(headers: list[str], rows: list[list[str]]) -> bool:
    """Whether a table lists recordings (talks, videos): a column named so, or of durations (`12:34`)."""
    if any(strip_markup(header).strip().lower() in _RECORDING_HEADERS for header in headers):
        return True
    for column in range(len(headers)):
        cells = [strip_markup(row[column]) for row in rows if column < len(row) and row[column].strip()]
        if cells and sum(bool(_DURATION_RE.fullmatch(cell)) for cell in cells) * 2 > len(cells):
            return True
    return False


def _role_by_cells(cells: list[str]) -> str | None:
    """The role a column without a known header plays, read from its cells (most of them, blanks aside)."""
    filled = [strip_markup(cell).strip() for cell in cells if cell.strip()]
    if not filled:
        return None

    def most(test: Callable[[str], bool]) -> bool:
        return sum(1 for cell in filled if test(cell)) * 5 >= len(filled) * 4

    if most(lambda cell: _YEAR_CELL_RE.fullmatch(cell) is not None):
        return "year"
    if most(lambda cell: _DATE_RE.search(cell) is not None):
        return "date"
    if most(lambda cell: cell.lower() in READ_MARKS or cell.lower() in TO_READ_MARKS):
        return "status"
    if most(lambda cell: BARE_URL_RE.match(cell) is not None):
        return "url"
    return None


def _is_named_link_cell(cell: str) -> bool:
    """A cell led by a link with a name (not an image, not a label such as `[pdf]`)."""
    links = find_links(cell)
    return bool(links) and not cell[: links[0].start].endswith("!") and not links[0].text.lstrip().startswith("!") and (
        link_label(links[0].text) is None
    )


def read_table(lines: list[str], index: int) -> tuple[list[str], list[str | None], list[TableRow], int]:
    """(headers, their roles, rows, index after the table) of the table whose header is at `index`."""
    headers = split_cells(lines[index])
    at = index + 2
    row_cells: list[list[str]] = []
    while at < len(lines) and "|" in lines[at] and lines[at].strip():
        row_cells.append(split_cells(lines[at]))
        at += 1
    roles: list[str | None] = []
    for header in headers:
        role = role_of(header)
        roles.append(role if role not in roles else None)
    for column, role in enumerate(roles):
        if role is None:
            found = _role_by_cells([cells[column] for cells in row_cells if column < len(cells)])
            roles[column] = found if found not in roles else None
    if "title" not in roles and "url" in roles:  # `| Link | ... |` alone: the link's text is the title
        roles[roles.index("url")] = "title"
    if "title" not in roles:  # the column of named links is the papers' (`| ✅ | [AlexNet](u) | ... |`)
        for column, role in enumerate(roles):
            cells = [cells[column] for cells in row_cells if column < len(cells) and cells[column].strip()]
            if role is None and cells and sum(map(_is_named_link_cell, cells)) * 5 >= len(cells) * 4:
                roles[column] = "title"
                break
    rows: list[TableRow] = []
    at = index + 2
    for cells in row_cells:
        row = TableRow(at + 1, raw=cells)
        for header, role, cell in zip(headers, roles, cells, strict=False):
            if not cell:
                continue
            if role:
                row.cells[role] = cell
            else:
                row.other[header] = cell
        rows.append(row)
        at += 1
    return headers, roles, rows, at


def read_table_row(
    row: TableRow, current: ImportedEntry | None, context: EntryContext, report: Report
) -> ImportedEntry | None:
    """The entry a table row makes, its cells read by their column's role; None when it makes none.

    A row whose title cell reads as no entry adds its other cells to `current`, the entry above it.
    """
    cells = row.cells
    title_cell = cells.get("title", "")
    if not strip_markup(title_cell):
        report.append((row.line, "skipped: table row with an empty title cell"))
        return None
    url_cell = cells.get("url", "")
    url_links = find_links(url_cell)
    bare = BARE_URL_RE.match(url_cell)
    if find_links(title_cell):
        line = title_cell
    else:
        url = url_links[0].url if url_links else (bare.group(1) if bare else None)
        line = f"[{title_cell}]({url})" if url else title_cell
    if find_links(line):
        made = read_entry_line(line, row.line, context, report).entry
    else:
        made = read_entry_line(line, row.line, context, report, linkless=(title_cell, "")).entry
    entry = made or current
    if entry is None:
        return made
    for link in url_links[1:] if not find_links(title_cell) else url_links:
        add_link(entry, label_kind(link.text), link.url, row.line, report)
    for role, kind in (("code", "code"), ("notes", "notes")):
        for link in find_links(cells.get(role, "")):
            add_link(entry, kind, link.url, row.line, report)
    facts = Facts()
    if "year" in cells:
        read_badge(strip_markup(cells["year"]), facts)
    if "venue" in cells:
        read_badge(strip_markup(cells["venue"]), facts)
        if facts.venue is None and facts.tags:  # a venue column holds venues, whatever they look like
            facts.venue = strip_markup(cells["venue"])
            facts.tags = []
    for word in re.split(r"[,;]", strip_markup(cells.get("tags", ""))):
        facts.add_tag(word.strip("#` "))
    if "short" in cells:
        facts.short = strip_markup(cells["short"])
    if "remark" in cells and not entry.remark:
        entry.remark = strip_markup(cells["remark"]).strip() or None
    if "authors" in cells and not entry.authors:
        entry.authors = [name.strip() for name in re.split(r",|;|\band\b", strip_markup(cells["authors"])) if name.strip()]
    apply_facts(entry, facts, row.line, report)
    _apply_status_and_date(entry, cells, row.line, context, report)
    for header, cell in row.other.items():
        report.append((row.line, f"dropped column '{excerpt(header)}' of the table: {excerpt(cell)}"))
    return made


def _apply_status_and_date(
    entry: ImportedEntry, cells: dict[str, str], line: int, context: EntryContext, report: Report
) -> None:
    """The status column's mark and the date column's read date, when the row has them."""
    mark = strip_markup(cells.get("status", "")).lower()
    if mark in READ_MARKS:
        entry.status = "read"
    elif mark in TO_READ_MARKS or (not mark and "status" in [r for r in cells]):
        entry.status = "to-read"
    elif mark:
        report.append((line, f"dropped status '{excerpt(mark)}': read is one of ✅ x yes done, to read ❌ no todo"))
    if "date" in cells:
        found = _DATE_RE.search(cells["date"])
        date = None
        if found:
            try:
                date = dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            except ValueError:
                date = None
        if date is None:
            report.append((line, f"dropped date '{excerpt(cells['date'])}': write it as YYYY-MM-DD"))
        elif date > context.today:
            report.append((line, f"read date {date.isoformat()} is in the future: left out"))
        else:
            entry.read = date
            entry.status = entry.status or "read"
