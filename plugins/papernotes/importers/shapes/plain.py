"""Entries without a link in a paper list: `- Title, VENUE YEAR (N)`.

    - Deep Residual Learning for Image Recognition, CVPR 2016 (5)
    - Some Paper Still To Find          in a to-read list, or among items that were entries
"""

from __future__ import annotations

from ..imported import ImportedEntry
from .entries import EntryContext, Report, read_entry_line
from .facts import split_linkless
from .legends import is_code_line
from .markup import CHECKBOX_RE, find_links, strip_markup


def read_linkless(body: str, number: int, among_entries: bool, context: EntryContext, report: Report) -> ImportedEntry | None:
    """The entry a list item without a link makes (`body` is the item without its marker), else None.

    Any plain item is one when `among_entries` (a to-read list, or a list whose items were entries)
    or it has a checkbox (`- [x] 20210218 Title`); elsewhere only an item that reads as a title
    followed by its venue and year.
    """
    text = CHECKBOX_RE.sub("", body.strip())
    # `](` without a whole link is a link broken off, not a title
    if not text or text.endswith(":") or find_links(text) or "](" in text or is_code_line("* " + text):
        return None  # `* [Net] Networks` among entries: legend-shaped, yet not a legend where it stands
    split = split_linkless(text)
    if split is None and not among_entries and not CHECKBOX_RE.match(body.strip()):  # a checkbox item is an entry
        return None
    title, rest = split if split is not None else (text, "")
    if len(strip_markup(title)) < 4 or len(title) > 300:
        return None
    return read_entry_line(body.strip(), number, context, report, linkless=(title, rest)).entry
