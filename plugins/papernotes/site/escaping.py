"""Escaping of user text for the templates, and the guard against unsafe link schemes."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any


def html_text(value: str) -> str:
    """Plain text made safe for MkDocs/Material templates, which do not autoescape."""
    return html.escape(value, quote=True)


def neutralise_unsafe_links(content: str) -> str:
    """`content` with every URL attribute of an element that is not http(s), mailto, a fragment
    or a relative link set to '#blocked'.

    Works on the parsed HTML: only start tags that carry such an attribute are written anew;
    text, code and every other tag stay byte for byte as they were, so a note that shows
    `<a href="javascript:...">` in inline code shows exactly that.
    """
    if ":" not in content and "&" not in content:  # no scheme can be spelled without either
        return content
    finder = _UnsafeTags()
    finder.feed(content)
    finder.close()
    if not finder.found:
        return content
    line_starts = [0]  # HTMLParser gives (line, column) positions
    newline = content.find("\n")
    while newline >= 0:
        line_starts.append(newline + 1)
        newline = content.find("\n", newline + 1)
    pieces: list[str] = []
    done = 0
    for (line, column), length, tag in finder.found:
        at = line_starts[line - 1] + column
        pieces.append(content[done:at])
        pieces.append(tag)
        done = at + length
    pieces.append(content[done:])
    return "".join(pieces)


# Attributes whose value a browser follows, loads or submits to as a URL.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
     "longdesc", "lowsrc", "dynsrc", "codebase", "manifest", "ping", "icon"}
)
# SVG animation can set an href: <animate attributeName="href" values="javascript:...">.
ANIMATION_TAGS = frozenset({"animate", "set"})
ANIMATION_ATTRIBUTES = frozenset({"to", "from", "values", "by"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
BLOCKED = "#blocked"
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_IGNORED_IN_URLS_RE = re.compile(r"[\x00-\x20\x7f]+")


def is_unsafe_url(value: str) -> bool:
    """A URL with a scheme other than http(s) or mailto (javascript:, vbscript:, data:, ...)."""
    # Browsers drop control characters and spaces around a URL and tabs and newlines inside
    # it ("java\tscript:"); dropping them all errs on the side of blocking.
    scheme = _SCHEME_RE.match(_IGNORED_IN_URLS_RE.sub("", value))
    return scheme is not None and scheme.group(1).lower() not in SAFE_SCHEMES


def _unsafe_attribute(tag: str, name: str, value: str | None) -> bool:
    if value is None:
        return False
    if name in URL_ATTRIBUTES:
        return is_unsafe_url(value)
    if tag in ANIMATION_TAGS and name in ANIMATION_ATTRIBUTES:
        return any(is_unsafe_url(part) for part in value.split(";"))
    return False


class _UnsafeTags(HTMLParser):
    """Collects the start tags with an unsafe URL attribute: (position, length, safe tag)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # attribute values arrive decoded, as browsers read them
        self.found: list[tuple[tuple[int, int], int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not any(_unsafe_attribute(tag, name, value) for name, value in attrs):
            return
        raw = self.get_starttag_text() or ""
        written = [
            name if value is None
            else f'{name}="{html.escape(BLOCKED if _unsafe_attribute(tag, name, value) else value, quote=True)}"'
            for name, value in attrs
        ]
        close = "/>" if raw.endswith("/>") else ">"
        self.found.append((self.getpos(), len(raw), f"<{' '.join([tag, *written])}{close}"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def escape_meta(value: Any) -> Any:
    """Escape every string in note front matter, which Material prints without escaping."""
    if isinstance(value, str):
        return html_text(value)
    if isinstance(value, list):
        return [escape_meta(item) for item in value]
    if isinstance(value, dict):
        return {key: escape_meta(item) for key, item in value.items()}
    return value
