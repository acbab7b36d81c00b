"""Markdown tables of papers, read by their header.

    | Paper | Year | Venue | Read | Status |
    |---|---|---|---|---|
    | [ResNet](https://arxiv.org/abs/1512.03385) | 2015 | CVPR | 2020-07-06 | ✅ |

A column's role comes from its header word (title/paper/name, link/url, year, venue/conference,
date/read on, status/done, tags/keywords, notes, authors, code); other columns are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
ROLES: dict[str, tuple[str, ...]] = {
    "title": ("title", "paper", "papers", "name", "paper title", "article", "work"),
    "url": ("link", "links", "url", "pdf", "arxiv", "paper link"),
    "year": ("year", "yr"),
    "venue": ("venue", "conference", "conf", "journal", "publication", "published", "pub", "where"),
    "date": ("date", "read on", "date read", "read date", "when"),
    "status": ("status", "done", "read", "read?", "state", "progress"),
    "tags": ("tags", "tag", "keywords", "topic", "topics", "category", "field", "area"),
    "notes": ("notes", "note", "summary", "my notes", "review"),
    "authors": ("authors", "author", "by"),
    "code": ("code", "github", "implementation", "repo"),
    "short": ("short", "abbr", "model", "method", "nickname"),
}
_ROLE_OF = {word: role for role, words in ROLES.items() for word in words}
READ_MARKS = {"✅", "✔", "✔️", "☑", "☑️", "x", "[x]", "yes", "y", "done", "read", "✓"}
TO_READ_MARKS = {"❌", "☐", "⬜", "[ ]", "no", "n", "todo", "to do", "to read", "to-read", "unread", "-", "⏳"}


@dataclass
class TableRow:
    line: int  # 1-based
    cells: dict[str, str] = field(default_factory=dict)  # role -> cell text
    other: dict[str, str] = field(default_factory=dict)  # header -> cell text of a column with no role


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


def role_of(header: str) -> str | None:
    words = re.sub(r"[^\w\s?]", " ", header).strip().lower()
    words = re.sub(r"\s+", " ", words)
    return _ROLE_OF.get(words)


def read_table(lines: list[str], index: int) -> tuple[list[str], list[str | None], list[TableRow], int]:
    """(headers, their roles, rows, index after the table) of the table whose header is at `index`."""
    headers = split_cells(lines[index])
    roles: list[str | None] = []
    for header in headers:
        role = role_of(header)
        roles.append(role if role not in roles else None)
    if "title" not in roles and "url" in roles:  # `| Link | ... |` alone: the link's text is the title
        roles[roles.index("url")] = "title"
    rows: list[TableRow] = []
    at = index + 2
    while at < len(lines) and "|" in lines[at] and lines[at].strip():
        cells = split_cells(lines[at])
        row = TableRow(at + 1)
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
