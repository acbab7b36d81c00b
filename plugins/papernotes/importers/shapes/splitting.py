"""Lines that hold several entries: `[A](u) || [B](v)`, `[A](u) | [B](v)`, `[A](u); [B](v)`.

A lead before them (`2018.01-2018.06: || [A](u) || [B](v) ||`) and separators at the ends are
not entries: the lead is handed back for the caller to report.
"""

from __future__ import annotations

from collections.abc import Callable

SEPARATORS = (" || ", " | ", "; ")


def _split_outside_brackets(text: str, separator: str) -> list[str]:
    pieces: list[str] = []
    depth = 0
    start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char in "[(":
            depth += 1
        elif char in "])":
            depth = max(0, depth - 1)
        elif depth == 0 and text.startswith(separator, index):
            pieces.append(text[start:index])
            index += len(separator)
            start = index
            continue
        index += 1
    pieces.append(text[start:])
    return pieces


def split_entries(body: str, is_entry: Callable[[str], bool]) -> tuple[str, list[str]] | None:
    """(lead, pieces): the pieces of a line that each read as an entry (`is_entry`), when there
    are two or more at the first separator that splits it so, and the text before them that is
    no entry ('' when there is none); None for a line of one entry."""
    for separator in SEPARATORS:
        if separator not in body:
            continue
        mark = separator.strip()
        pieces = [piece.strip().removeprefix(mark).removesuffix(mark).strip()
                  for piece in _split_outside_brackets(body, separator)]
        pieces = [piece for piece in pieces if piece]
        lead = pieces[0] if pieces and not is_entry(pieces[0]) else ""
        if lead:
            pieces = pieces[1:]
        if len(pieces) >= 2 and all(is_entry(piece) for piece in pieces):
            return lead, pieces
    return None
