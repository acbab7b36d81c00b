"""The Markdown and HTML pieces of a README line: links, label links, emphasis, tags, markers.

    [Title](url)            a link; `[[code]](u)`, `[pdf](u)` and `Title [[arXiv](u)]` are label links
    **bold**, *emphasis*    unwrapped from titles and group lines
    `GAN` <kbd>NIPS 2015</kbd> ⭐   markers standing before an entry's title

Every scan here is linear in the length of the line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .facts import Facts, read_badge
from .legends import MAX_MARKERS, symbols_of

# link label (lowercase, letters and spaces only) -> links key; "url" means the paper itself
LINK_LABELS: dict[str, str] = {
    "github": "code", "code": "code", "implementation": "code", "official code": "code",
    "github official": "code", "pytorch": "code", "tensorflow": "code", "git": "code",
    "video": "video", "vid": "video", "talk": "video", "youtube": "video",
    "paper": "pdf", "pdf": "pdf", "arxiv": "pdf",
    "website": "project", "project": "project", "project page": "project", "site": "project",
    "demo": "project", "interactive tool": "project", "tool": "project", "page": "project",
    "slides": "slides", "blog": "blog", "post": "blog", "data": "data", "dataset": "data",
    "notes": "notes", "note": "notes", "tbp": "notes", "summary": "notes", "my notes": "notes",
    "article": "blog", "openreview": "url", "abs": "url", "abstract": "url", "html": "url", "doi": "url",
    "semantic scholar": "url", "acm": "url", "ieee": "url", "springer": "url", "cvf": "url",
}

# Possessive: a run of spaces is not split every way with (.*); the closing `#`s are stripped by heading_of.
_HEADING_RE = re.compile(r"^(#{1,6})[ \t]++(.*)$")
# a list item's marker, with the heading marks some lists put inside an item (`- #### Title [[Paper](u)]`)
LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s++(?:#{1,6}\s++)?")
CHECKBOX_RE = re.compile(r"^\[([ xX])\]\s+")
BARE_URL_RE = re.compile(r"^\s*<?((?:https?|htps?|ftp)://\S+?)>?\s*$", re.I)
BADGE_RE = re.compile(r"!\[#([0-9a-fA-F]{6})\]\([^()\s]*\)")  # the URL stops at the next `(`: one scan per badge
_TAG_RE = re.compile(r"<[^<>]+>")  # not `<[^>]+>`, which scans to the end from every `<` of `<<<<`


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line, without the closing `#`s; None for other lines."""
    match = _HEADING_RE.match(line)
    if match is None:
        return None
    return len(match.group(1)), match.group(2).rstrip(" \t#")


def strip_html(text: str) -> str:
    """Text without HTML tags, with entities unescaped and whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(_TAG_RE.sub("", text))).strip()



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



def excerpt(line: str) -> str:
    line = line.strip()
    return line if len(line) <= 80 else line[:77] + "..."


# Markers before an entry's title: code badges (`GAN`, ****`ECCV 2018`****), <kbd> badges, bold
# venue badges (**ICLR 2021**) and symbols (⭐ 🔥), each followed by a space.
_CODE_MARKER_RE = re.compile(
    r"\*{0,4}`([^`]{1,80})`\*{0,4}\s+|<kbd>([^<>]{0,200})</kbd>\s*|\*\*([^*\[\]]{1,40})\*\*\s+(?=\[)", re.I
)


def take_markers(body: str) -> tuple[list[str], str]:
    """The markers standing before an entry's title or link, and the rest of the line."""
    markers: list[str] = []
    rest = body.lstrip()
    while len(markers) < MAX_MARKERS:  # bounded: each step copies the rest of the line
        symbols, rest = symbols_of(rest)
        markers.extend(symbols)
        match = _CODE_MARKER_RE.match(rest)
        if match is None:
            return markers, rest
        text = next(group for group in match.groups() if group is not None)
        if match.group(3) is not None:  # bold: a badge only when it is a venue (else a short name, `**MoCo**:`)
            facts = Facts()
            read_badge(text, facts)
            if facts.venue is None and facts.year is None:
                return markers, rest
        markers.append(text)
        rest = rest[match.end() :]
    return markers, rest


def is_image(text: str, link: Link) -> bool:
    return link.start > 0 and text[link.start - 1] == "!"


def is_label_link(text: str, link: Link) -> bool:
    """A link that labels a title rather than being one: `[pdf](u)`, `[[paper]](u)`, `[[arXiv](u)]`."""
    if link_label(link.text):
        return True
    inner = link.text.strip()
    if inner.startswith("[") and inner.endswith("]"):
        return True
    return link.start > 0 and text[link.start - 1] == "[" and text[link.end : link.end + 1] == "]"


def label_kind(label: str) -> str:
    return link_label(label.strip("[]")) or "url"


def strip_links(line: str, links: list[Link], keep_text: list[Link] | None = None) -> str:
    """The line without its links (those in `keep_text` leave their text), joined once (cutting
    them out one by one copies the line each time)."""
    pieces: list[str] = []
    done = 0
    kept = {id(link) for link in keep_text or ()}
    for link in sorted(links, key=lambda link: link.start):
        pieces.append(line[done : link.start])
        if id(link) in kept and link.start >= done:
            pieces.append(link.text)
        done = max(done, link.end)
    pieces.append(line[done:])
    return "".join(pieces)


def strip_codes(text: str, legend: dict[str, str]) -> str:
    return re.sub(
        r"\[([A-Za-z][A-Za-z0-9+]{0,11})\]", lambda m: " " if m.group(1).lower() in legend else m.group(0), text
    )
