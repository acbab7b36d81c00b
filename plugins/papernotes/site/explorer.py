"""The explorer: every paper in one page, filtered in the browser by tag, venue, year, status and week.

At build time the plugin writes the papers as one compact JSON file (`explore_data`) plus a small
script and stylesheet (`explore_assets`). The page itself (`explore_page`) lists every paper in
plain HTML, so it works without JavaScript; the script replaces that list with the filtered one.

The JSON (`format` 2), all URLs relative to the site root::

    {"format": 2,
     "paper_url": ["papers/", "/"],          # a paper's URL: prefix + id + suffix
     "tags": [["loc", -1], ["loc/seg", 0]],  # tag key, index of its parent tag (-1: none); tree order
     "venues": ["CVPR", ...],                # sorted by name
     "years": [2021, 2020, ...],             # newest first
     "weeks": [["2020-07-06", "Week 3 · 6–12 Jul 2020"], ...],   # slug, label; newest first
     "statuses": [["to-read", "to read"], ["reading", "reading"], ["read", "read"]],
     "papers": [[id, title, short, authors, year, venue, read, status, week, tags, has_note, remark, url?], ...],
     "bibtex_src": "assets/papernotes/explore-bibtex.json?v=..."}   # each row's BibTeX, fetched on download

The BibTeX file (`explore_bibtex`) holds `{"format": 2, "entries": [text, ...]}`, one entry per
paper row in the same order, made by knowledge/cite.py like the Cite block of the paper's page:
the explorer joins the entries of the papers it shows into a .bib download, in the browser.

A paper row holds indexes into the lists above (-1 or 0 when it has no venue, week or year),
authors joined with ", ", the read date as YYYY-MM-DD or "", the remark or "" (index 11), and a
13th item, its URL, only when that does not follow `paper_url`. Rows come newest read first, the explorer's default order.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..knowledge.model import STATUSES, Paper
from .indexes import has_notes
from .labels import STATUS_LABELS
from .pages import SitePlan
from .urls import relative_url, url_of

FORMAT = 2  # 2: each row holds the remark (index 11); a URL of its own moved to index 12
DATA_URI = "assets/papernotes/explore.json"
BIBTEX_URI = "assets/papernotes/explore-bibtex.json"
SCRIPT_URI = "assets/papernotes/explorer.js"
STYLE_URI = "assets/papernotes/explorer.css"
_ASSETS = Path(__file__).parent / "assets"
FIRST_ITEMS = 100  # listed in the page as it loads; the rest is in <noscript> (explorer.js's PAGE_SIZE)
# Papers the page lists without JavaScript (about 0.35 MB); past them it links the year pages,
# where every paper is listed, so the page stays light at 10,000 papers.
NOSCRIPT_ITEMS = 1000

# The JSON of a plan is needed twice per build (the asset and the page's cache-busting digest),
# and the BibTeX file's digest is in the JSON.
_json_of_plan: weakref.WeakKeyDictionary[SitePlan, str] = weakref.WeakKeyDictionary()
_bibtex_version_of_plan: weakref.WeakKeyDictionary[SitePlan, str] = weakref.WeakKeyDictionary()


def tag_tree_order(keys: list[str]) -> list[str]:
    """Tag keys depth first, children right under their parent ('loc', 'loc/seg', 'loc-x')."""
    return sorted(keys, key=lambda key: key.split("/"))


def by_read_date(paper: Paper) -> tuple[int, str, str]:
    """Newest read first, then papers never read; ties by title."""
    read = paper.read.toordinal() if paper.read else 0
    return (-read, paper.title.casefold(), paper.id)


def explore_data(plan: SitePlan) -> dict[str, Any]:
    """The explorer's data: vocabularies once, then one compact row per paper."""
    use_dirs = plan.options.use_directory_urls
    prefix = plan.options.prefix_papers.strip("/") + "/" if plan.options.prefix_papers.strip("/") else ""
    suffix = "/" if use_dirs else ".html"

    tags = tag_tree_order(list(plan.tags))
    tag_index = {key: i for i, key in enumerate(tags)}
    # [key, parent] and, for a tag with a description, the name its chips show
    tag_rows: list[list[Any]] = []
    for key in tags:
        tag_row: list[Any] = [key, tag_index[key.rsplit("/", 1)[0]] if "/" in key else -1]
        label = plan.tag_label(key)
        if label != key:
            tag_row.append(label)
        tag_rows.append(tag_row)

    papers = sorted(plan.kb.papers.values(), key=by_read_date)
    venues = sorted({p.venue for p in papers if p.venue}, key=lambda v: (v.casefold(), v))
    venue_index = {venue: i for i, venue in enumerate(venues)}
    years = sorted({p.year for p in papers if p.year is not None}, reverse=True)
    week_index = {week.slug: i for i, week in enumerate(plan.weeks)}
    status_index = {status: i for i, status in enumerate(STATUSES)}

    rows: list[list[Any]] = []
    for paper in papers:
        week = plan.week_of.get(paper.id)
        url = url_of(plan.paper_src(paper.id), use_dirs)
        row: list[Any] = [
            paper.id,
            paper.title,
            paper.short or "",
            ", ".join(paper.authors),
            paper.year or 0,
            venue_index[paper.venue] if paper.venue else -1,
            paper.read.isoformat() if paper.read else "",
            status_index[paper.reading_status],
            week_index[week.slug] if week is not None else -1,
            [tag_index[tag] for tag in dict.fromkeys(paper.tags)],
            1 if has_notes(paper, plan.kb) else 0,
            paper.remark or "",
        ]
        if url != f"{prefix}{paper.id}{suffix}":  # e.g. an id 'index' maps to the folder itself
            row.append(url)
        rows.append(row)

    return {
        "format": FORMAT,
        "paper_url": [prefix, suffix],
        "tags": tag_rows,
        "venues": venues,
        "years": years,
        "weeks": [[week.slug, week.label] for week in plan.weeks],
        "statuses": [[status, STATUS_LABELS[status]] for status in STATUSES],
        "papers": rows,
        "bibtex_src": f"{BIBTEX_URI}?v={explore_bibtex_version(plan)}",
    }


def explore_bibtex(plan: SitePlan) -> str:
    """Each paper row's BibTeX entry, in row order, as compact JSON.

    A file of its own, fetched only when a reader downloads: the filters never wait for it.
    """
    full = plan.citations.full_entries()
    entries = [full[paper.id] for paper in sorted(plan.kb.papers.values(), key=by_read_date)]
    return json.dumps({"format": FORMAT, "entries": entries}, ensure_ascii=False, separators=(",", ":"))


def explore_bibtex_version(plan: SitePlan) -> str:
    """The `?v=` of the BibTeX file (computed once per plan; the file itself is not kept)."""
    version = _bibtex_version_of_plan.get(plan)
    if version is None:
        version = _bibtex_version_of_plan[plan] = _version(explore_bibtex(plan))
    return version


def explore_json(plan: SitePlan) -> str:
    """`explore_data` as compact UTF-8 JSON (computed once per plan)."""
    text = _json_of_plan.get(plan)
    if text is None:
        text = json.dumps(explore_data(plan), ensure_ascii=False, separators=(",", ":"))
        _json_of_plan[plan] = text
    return text


def asset_text(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def _version(text: str) -> str:
    """A short digest for `?v=`, so browsers never keep a stale copy after a rebuild."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def explore_assets(plan: SitePlan) -> dict[str, str | bytes]:
    """Files the explorer page loads, by site-relative URI."""
    bibtex = explore_bibtex(plan)
    _bibtex_version_of_plan.setdefault(plan, _version(bibtex))
    return {
        DATA_URI: explore_json(plan),
        BIBTEX_URI: bibtex,
        SCRIPT_URI: asset_text("explorer.js"),
        STYLE_URI: asset_text("explorer.css"),
    }


def explore_page(plan: SitePlan, page_url: str, rest: str | None = None) -> str:
    """HTML body of the explorer page: every paper listed, plus what the script needs to filter them.

    With `rest`, that text stands where the list of papers goes (`explore_rest`): search skips
    the list (data-search-exclude), so its HTML need not be parsed by the search plugin.
    """
    papers = sorted(plan.kb.papers.values(), key=by_read_date)

    def asset(uri: str, text: str) -> str:
        return f"{relative_url(uri, page_url)}?v={_version(text)}"

    return plan.render(
        "explore.html",
        page_url,
        papers=papers,
        first=FIRST_ITEMS,
        listed=NOSCRIPT_ITEMS,
        data_src=asset(DATA_URI, explore_json(plan)),
        script_src=asset(SCRIPT_URI, asset_text("explorer.js")),
        style_src=asset(STYLE_URI, asset_text("explorer.css")),
        site_root=relative_url("", page_url),
        rest=Markup(explore_rest(plan, page_url) if rest is None else rest),
    )


def explore_rest(plan: SitePlan, page_url: str) -> str:
    """The list of papers: the first ones, then the others in a <noscript> list (the bulk of the
    page at 10,000 papers)."""
    papers = sorted(plan.kb.papers.values(), key=by_read_date)
    years = [(year, len(of_year)) for year, of_year in plan.years] if plan.enabled("years") else []
    undated = sum(1 for paper in papers if paper.year is None)
    return plan.render(
        "explore_rest.html", page_url, papers=papers[:NOSCRIPT_ITEMS], first=FIRST_ITEMS,
        unlisted=max(0, len(papers) - NOSCRIPT_ITEMS), years=years, undated=undated,
    )
