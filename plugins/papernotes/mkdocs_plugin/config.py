"""Options of the papernotes plugin, as written under `plugins: - papernotes:` in mkdocs.yml."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from ..knowledge.layout import INDEXES
from ..site.options import Options


class PapernotesConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it from mkdocs.yml."""

    papers = c.Type(str, default="papers.yaml")
    """The papers file, relative to the folder of mkdocs.yml."""

    indexes = c.ListOfItems(c.Choice(INDEXES), default=list(INDEXES))
    """Which index pages to build."""

    # URL prefixes of the generated pages, relative to the site root.
    prefix_papers = c.Type(str, default="papers")
    prefix_weeks = c.Type(str, default="weeks")
    prefix_tags = c.Type(str, default="tags")
    prefix_venues = c.Type(str, default="venues")
    prefix_years = c.Type(str, default="years")
    prefix_reading = c.Type(str, default="reading-list")
    prefix_explore = c.Type(str, default="explore")
    prefix_stats = c.Type(str, default="stats")
    prefix_graph = c.Type(str, default="graph")
    prefix_missing = c.Type(str, default="missing")
    prefix_authors = c.Type(str, default="authors")

    week_start = c.Optional(c.Type(dt.date))
    """Week 0 starts on the Monday of this date ("Wk0" in handwritten logs); weeks are numbered from it."""

    weekly_goal = c.Optional(c.Type(int))
    """Papers to read each week; week pages show progress against it."""

    related_papers = c.Type(int, default=5)
    """How many related papers (most shared tags) a paper page lists."""

    search = c.Choice(("auto", "pagefind", "lunr"), default="auto")
    """What answers Material's search box: `pagefind`, an index fetched in pieces as a query needs
    them; `lunr`, Material's own, the whole index loaded before the first answer; `auto`, lunr
    for a small site (under 100 papers), where the two answer about as soon, else Pagefind."""

    search_exclude = c.ListOfItems(c.Type(str), default=[])
    """Pages left out of the search index: paths below docs_dir, `*` as in a shell pattern
    (`guide/*` leaves out the user guide)."""

    feed = c.Type(bool, default=True)
    """Write feed.xml, an Atom feed of the latest read papers and dated notes, linked from every page."""

    feed_entries = c.Type(int, default=20)
    """How many entries the feed holds, newest first."""


def options_of(cfg: PapernotesConfig, config: MkDocsConfig, serving: bool) -> Options:
    """The plugin's options and the site's settings the pages need, as the plain `Options` of site/."""
    prefixes = {name: cfg[name].strip("/") for name in cfg if name.startswith("prefix_")}
    return Options(
        indexes=tuple(cfg.indexes), **prefixes, week_start=cfg.week_start, weekly_goal=cfg.weekly_goal,
        related_papers=cfg.related_papers, feed=cfg.feed, feed_entries=cfg.feed_entries,
        site_url=config.site_url or None, site_name=config.site_name, site_author=config.site_author or None,
        use_directory_urls=config.use_directory_urls, serving=serving,
    )
