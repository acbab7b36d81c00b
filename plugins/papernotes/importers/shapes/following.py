"""The lines under an entry that add to it: a `<sub>` abstract, an `<img>` thumbnail, a `>` quote,
a line holding only a URL, a line of label links only.

    - [Deep Residual Learning](https://arxiv.org/abs/1512.03385)
    <sub>We present a residual learning framework ...</sub>
    <img src="figures/resnet.png">
    > the identity shortcut is what makes depth trainable
    https://github.com/KaimingHe/deep-residual-networks
    [[code]](u) [[video]](v)

Each takes the entry above the line (None when there is none: the line is then reported).
"""

from __future__ import annotations

import html
import re

from ..ids_and_links import is_safe_url
from ..imported import ImportedEntry
from .entries import Report, add_link
from .markup import LIST_MARKER_RE, Link, excerpt, find_links, heading_of, link_label, strip_html

_IMG_OPEN_RE = re.compile(r"<img\b", re.I)
_SRC_RE = re.compile(r"\bsrc\s*=\s*([\"'])", re.I)


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


def read_abstract(lines: list[str], raw: list[str], index: int, entry: ImportedEntry | None, report: Report) -> int:
    """A `<sub>`/`<sup>` abstract starting at `index` (of the masked `lines`; its text is taken from `raw`) for
    `entry`; returns the index after it."""
    start = index
    collected = [raw[index]]
    # up to the closing tag; an unclosed one ends at the next blank line
    while not re.search(r"</(sub|sup)>", collected[-1], re.I) and index + 1 < len(lines):
        if not lines[index + 1].strip():
            break
        index += 1
        collected.append(raw[index])
    text = "\n".join(strip_html(part) for part in collected)
    text = re.sub(r"\n{2,}", "\n", text).strip()
    if entry is None:
        report.append((start + 1, "skipped: abstract not under a paper entry"))
    elif entry.abstract:
        report.append((start + 1, f"skipped: second abstract of the entry on line {entry.line}"))
    elif text:
        entry.abstract = text
    return index + 1


def read_image(line: str, number: int, entry: ImportedEntry | None, report: Report) -> None:
    """An `<img>` line: the thumbnail of `entry`."""
    source = image_source(line)
    if entry is None or source is None:
        report.append((number, f"skipped: image not under a paper entry: {excerpt(line)}"))
        return
    src = html.unescape(source).strip()
    if not is_safe_url(src) or not src:
        report.append((number, f"dropped image URL '{excerpt(src)}': only http(s) and relative links are kept"))
    elif entry.image:
        report.append((number, f"skipped: second image of the entry on line {entry.line}: {excerpt(src)}"))
    else:
        entry.image = src


def read_highlight(lines: list[str], index: int, entry: ImportedEntry | None, report: Report) -> int:
    """A `>` quote starting at `index`: a highlight of `entry`; returns the index after it."""
    start = index
    parts = [lines[index].strip()[1:].strip()]
    index += 1
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped or heading_of(line):
            break
        if stripped.startswith(">"):
            parts.append("\n" + stripped[1:].strip())
        elif (find_links(line) and stripped.startswith("[")) or LIST_MARKER_RE.match(line):
            break  # an entry, or a list item (in Markdown it ends the quote)
        else:
            parts.append(" " + stripped)  # a lazy continuation line of the quote
        index += 1
    text = "".join(parts).strip()
    if entry is None:
        report.append((start + 1, f"skipped: quote not under a paper entry: {excerpt(text)}"))
    elif text:
        entry.highlights.append(text)
    return index


def read_bare_url(url: str, number: int, entry: ImportedEntry | None, report: Report) -> None:
    """A line holding only a URL: the PDF or project page of `entry`."""
    if entry is None:
        report.append((number, f"skipped: URL not under a paper entry: {excerpt(url)}"))
        return
    kind = "pdf" if url.lower().endswith(".pdf") else "project"
    if kind in entry.links or not is_safe_url(url):
        report.append((number, f"skipped: extra URL of the entry on line {entry.line}: {excerpt(url)}"))
        return
    entry.links[kind] = url


def read_extra_links(links: list[Link], number: int, entry: ImportedEntry | None, report: Report) -> None:
    """A line of label links only (`[[code]](u) [[video]](v)`): more links of `entry`."""
    if entry is None:
        report.append((number, "skipped: links not under a paper entry: " + ", ".join(excerpt(link.url) for link in links)))
        return
    for link in links:
        add_link(entry, link_label(link.text) or "project", link.url, number, report)
