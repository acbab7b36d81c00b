"""Where the pages papernotes generates live: the one place for their source paths and files.

The site plan builds its pages from these rules and validation checks them for collisions
(a paper id `index`, a tag `index`, a venue `Index`, a note where a paper's page would be),
so both agree on every path. Plain Python: MkDocs' rules for output files are copied, not imported.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from .model import slugify

# "missing" is a page when references.yaml exists; "authors" is a page per author of two or more papers;
# "graph" draws the citations and note links between the library's papers.
INDEXES = ("weeks", "tags", "venues", "years", "reading", "explore", "stats", "graph", "missing", "authors")
INDEX_TITLES = {
    "weeks": "Reading log",
    "tags": "Topics",
    "venues": "Conferences",
    "years": "Years",
    "reading": "Reading list",
    "explore": "Explore",
    "stats": "Stats",
    "graph": "Graph",
    "missing": "Missing",
}
# MkDocs builds index.md and README.md as the page of their folder itself.
FOLDER_PAGE_NAMES = ("index", "README")


def output_path(src_uri: str, use_directory_urls: bool) -> str:
    """The file MkDocs writes for a Markdown file, relative to site_dir (site.urls.url_of gives its URL)."""
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    if name in FOLDER_PAGE_NAMES:
        return posixpath.join(folder, "index.html")
    if use_directory_urls:
        return posixpath.join(stem, "index.html")
    return stem + ".html"


def venue_slug_base(name: str) -> str:
    """The slug a venue's page is named by, before a counter makes it unique among venues."""
    return slugify(name) or "venue"


@dataclass
class SlugAllocator:
    """Unique page slugs: a slug already given gets `-2`, `-3`, ... The count of each slug is
    remembered, so 10,000 venues whose names slug to nothing do not count up from 2 each time."""

    taken: set[str] = field(default_factory=set)
    next_counter: dict[str, int] = field(default_factory=dict)

    def allocate(self, slug: str) -> str:
        if slug not in self.taken:
            self.taken.add(slug)
            return slug
        counter = self.next_counter.get(slug, 2)
        while f"{slug}-{counter}" in self.taken:  # each taken slug stops one count once: linear overall
            counter += 1
        self.next_counter[slug] = counter + 1
        candidate = f"{slug}-{counter}"
        self.taken.add(candidate)
        return candidate


def venue_order(name: str) -> tuple[str, str]:
    """Venues by name ignoring case; 'cvpr' and 'CVPR' (no vocabulary) in a fixed order, not the set's."""
    return name.lower(), name


def venue_slugs(names: set[str]) -> dict[str, str]:
    """The slug of each venue's page, as the venues index assigns them."""
    slugs = SlugAllocator()
    return {name: slugs.allocate(venue_slug_base(name)) for name in sorted(names, key=venue_order)}


@dataclass(frozen=True)
class Layout:
    """The plugin options that decide where generated pages go."""

    indexes: tuple[str, ...] = INDEXES
    prefix_papers: str = "papers"
    prefix_weeks: str = "weeks"
    prefix_tags: str = "tags"
    prefix_venues: str = "venues"
    prefix_years: str = "years"
    prefix_reading: str = "reading-list"
    prefix_explore: str = "explore"
    prefix_stats: str = "stats"
    prefix_graph: str = "graph"
    prefix_missing: str = "missing"
    prefix_authors: str = "authors"
    use_directory_urls: bool = True

    @classmethod
    def of(cls, options: Any) -> Layout:
        """The layout part of any object with the same attributes (the site's Options)."""
        return cls(**{name: getattr(options, name) for name in cls.__dataclass_fields__ if hasattr(options, name)})

    @classmethod
    def from_plugin_options(cls, options: dict[str, Any], use_directory_urls: Any = True) -> Layout:
        """The layout of the papernotes options of mkdocs.yml, read as plain data (bad values: defaults)."""
        values: dict[str, Any] = {}
        for name in cls.__dataclass_fields__:
            value = options.get(name)
            if name == "indexes" and isinstance(value, list) and all(isinstance(item, str) for item in value):
                values[name] = tuple(value)
            elif name.startswith("prefix_") and isinstance(value, str):
                values[name] = value.strip("/")
        return cls(use_directory_urls=use_directory_urls if isinstance(use_directory_urls, bool) else True, **values)

    def enabled(self, index: str) -> bool:
        return index in self.indexes

    def index_src(self, index: str) -> str | None:
        return f"{getattr(self, f'prefix_{index}')}/index.md" if self.enabled(index) else None

    def paper_src(self, paper_id: str) -> str:
        return f"{self.prefix_papers}/{paper_id}.md"

    def week_src(self, slug: str) -> str | None:
        return f"{self.prefix_weeks}/{slug}.md" if self.enabled("weeks") else None

    def tag_src(self, key: str) -> str | None:
        return f"{self.prefix_tags}/{key}.md" if self.enabled("tags") else None

    def venue_src(self, slug: str) -> str | None:
        return f"{self.prefix_venues}/{slug}.md" if self.enabled("venues") else None

    def year_src(self, year: int) -> str | None:
        return f"{self.prefix_years}/{year}.md" if self.enabled("years") else None

    def author_src(self, slug: str) -> str | None:
        return f"{self.prefix_authors}/{slug}.md" if self.enabled("authors") else None

    def output_path(self, src_uri: str) -> str:
        return output_path(src_uri, self.use_directory_urls)
