"""Text from a source made safe to show: on one line of a report or a YAML comment, or as
Markdown that shows it literally."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..knowledge.problems import display_path

# Control characters, line and paragraph separators, format characters (bidi overrides) and
# code points with no character: what can end a line, move a terminal's cursor or reorder text.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def is_unsafe(char: str) -> bool:
    """A character a terminal may act on, or that may end or reorder a line, rather than show."""
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def printable(text: str) -> str:
    """`text` with control and other invisible characters escaped (\\x1b, \\n, \\u202e): for one
    line of a report, a YAML comment or a Markdown line, which such a character could end or
    hijack. Spaces of other scripts (U+3000, no-break space) are kept."""
    if text.isprintable():
        return text
    return "".join(
        repr(char)[1:-1] if is_unsafe(char) else char for char in text
    )


def markdown_code(text: str) -> str:
    """`text` as one Markdown code span: shown literally, whatever backticks or HTML it holds."""
    text = printable(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"


def shown(path: Path) -> str:
    """A path as the report names it: relative to the working folder when below it."""
    return display_path(path, Path.cwd())
