"""The options that shape the pages, as plain data (the MkDocs glue copies them from its config)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """The plugin options that shape pages (a plain copy of the MkDocs config)."""

    indexes: tuple[str, ...] = ("weeks", "tags", "venues", "years", "reading", "explore")
    prefix_papers: str = "papers"
    prefix_weeks: str = "weeks"
    prefix_tags: str = "tags"
    prefix_venues: str = "venues"
    prefix_years: str = "years"
    prefix_reading: str = "reading-list"
    prefix_explore: str = "explore"
    week_start: dt.date | None = None
    weekly_goal: int | None = None
    related_papers: int = 5
    use_directory_urls: bool = True
