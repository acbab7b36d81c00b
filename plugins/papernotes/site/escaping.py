"""User text made safe for the HTML of the site."""

from __future__ import annotations

import html
import re
from typing import Any

_UNSAFE_ATTR_RE = re.compile(
    r"""(\s(?:href|src|action|formaction|xlink:href)\s*=\s*)(["']?)\s*(?:j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t|d\s*a\s*t\s*a)\s*:""",
    re.IGNORECASE,
)


def html_text(value: str) -> str:
    """Plain text made safe for MkDocs/Material templates, which do not autoescape."""
    return html.escape(value, quote=True)


def neutralise_unsafe_links(content: str) -> str:
    """Turn javascript:/vbscript:/data: hrefs and srcs into inert '#' links."""
    return _UNSAFE_ATTR_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}#blocked:", content)


def escape_meta(value: Any) -> Any:
    """Escape every string in note front matter, which Material prints without escaping."""
    if isinstance(value, str):
        return html_text(value)
    if isinstance(value, list):
        return [escape_meta(item) for item in value]
    if isinstance(value, dict):
        return {key: escape_meta(item) for key, item in value.items()}
    return value
