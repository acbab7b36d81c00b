"""The options that shape the pages, as plain data (the MkDocs glue copies them from its config)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..knowledge.layout import Layout


@dataclass(frozen=True)
class Options(Layout):
    """The plugin options that shape pages: where they go (`Layout`, which validation checks
    too) and what the reading log shows."""

    week_start: dt.date | None = None
    weekly_goal: int | None = None
    related_papers: int = 5
    # `mkdocs serve`: pages show hints for the author (where a paper's notes go). The only
    # output that differs from `mkdocs build`; a published site never shows them.
    serving: bool = False
    feed: bool = True
    feed_entries: int = 20
    site_url: str | None = None  # absolute links in the feed; relative ones without it
    site_name: str = ""
    site_author: str | None = None
