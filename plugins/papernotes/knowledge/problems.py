"""Problems found in a knowledge base: one record each, with file, line, column and key."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem, positioned at a 1-based line and column of a file."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str
    key: str = ""

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def quote(value: object, limit: int = 60) -> str:
    """`value` in quotes for a message: shortened, with control and invisible characters escaped.

    Messages go to terminals and logs, so a value must not be able to move the cursor, clear
    the screen or flood the output.
    """
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    if not text.isprintable():
        text = "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
    return f"'{text}'"


def describe(value: object) -> str:
    """What a value is, for "'key' must be X, got <this>": the text 'x', the number 5, a list."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, str):
        return f"the text {quote(value, 40)}"
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return f"the number {quote(value, 40)[1:-1]}"
    return f"{type(value).__name__} {quote(value, 40)}"


def counted(count: int, noun: str) -> str:
    """'1 paper', '2 papers', '10,000 papers'."""
    return f"{count} {noun}" if count == 1 else f"{count:,} {noun}s"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix for the closest candidate, or ''."""
    pool = list(candidates)
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f" (did you mean {quote(close[0])}?)" if close else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message))


def display_path(path: Path, root: Path) -> str:
    """`path` relative to `root`, as problems name files; a note below a folder link is named by
    the link, as MkDocs does."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        pass
    try:  # `root` given through a link of its own
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
