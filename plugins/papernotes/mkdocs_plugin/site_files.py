"""The files papernotes adds to a build (on_files): the generated pages, the home page when
docs_dir has none, the nav when mkdocs.yml has none, papers.bib, the feed and the assets; and a
paper's note moved to the paper's URL."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown.extensions import Extension
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import nest_paths

from ..knowledge.knowledge_base import KnowledgeBase
from ..knowledge.layout import output_path
from ..knowledge.loading import clean_text
from ..knowledge.markdown_scan import split_front_matter
from ..site.escaping import html_text
from ..site.explorer import asset_text, explore_assets
from ..site.feed import FEED_URI, atom_feed
from ..site.graph_data import graph_assets
from ..site.kinds import index_nav, planned_pages
from ..site.pages import BIB_URI, PlannedPage, SitePlan
from ..site.previews import SCRIPT_URI as PREVIEW_SCRIPT
from ..site.previews import preview_files
from ..site.stats_page import STYLE_URI as STATS_STYLE_URI
from . import internals

log = internals.engine_logger("plugins.papernotes")

EMPTY_FRONT_MATTER = "---\n{}\n---\n"
SUMMARY_MARKER = "<!-- papernotes:summary -->"
STYLESHEET = "assets/papernotes/papernotes.css"
SEARCH_SCRIPT = "assets/papernotes/search-query.js"  # tidies queries for Material's search worker


def extend_config(config: MkDocsConfig, extensions: list[Extension]) -> None:
    """The stylesheet, search and preview scripts in every page's head, and papernotes' Markdown extensions.

    [[id]] becomes an element inside Python-Markdown, never HTML text that Markdown reads again
    (MkDocs passes instances in markdown_extensions on to Python-Markdown: internals.add_markdown_extension).
    """
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    if SEARCH_SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(SEARCH_SCRIPT)
    if PREVIEW_SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(PREVIEW_SCRIPT)
    for extension in extensions:
        internals.add_markdown_extension(config, extension)


@dataclass
class SiteFiles:
    """What papernotes added to the files of a build."""

    planned: dict[str, PlannedPage] = field(default_factory=dict)  # src_uri -> generated page
    paper_of_note: dict[str, str] = field(default_factory=dict)  # src_uri of a note -> paper id
    data_files: list[File] = field(default_factory=list)  # generated files whose text is dropped once written
    home_generated: bool = False
    feed_generated: bool = False
    front_matter: dict[str, str] = field(default_factory=dict)  # src_uri of a Markdown file -> its front matter


def add_site_files(
    files: Files, config: MkDocsConfig, plan: SitePlan, note_titles: dict[str, str], feed: bool
) -> tuple[Files, SiteFiles]:
    """The build's files with papernotes' own, and what those are. `note_titles` learns the
    title of each paper's note (its paper's)."""
    kb = plan.kb
    for loop in kb.folder_loops:  # reported; MkDocs would copy the files below it until the OS stops it
        for file in [f for f in files if f.src_uri.startswith(loop + "/")]:
            files.remove(file)
    added = SiteFiles()
    files = serve_notes_as_papers(files, config, plan, added, note_titles)
    add_planned_pages(files, config, plan, added)
    added.home_generated = files.get_file_from_path("index.md") is None and files.get_file_from_path("README.md") is None
    if added.home_generated:
        files.append(File.generated(config, "index.md", content=f"# {html_text(config.site_name)}\n\n{SUMMARY_MARKER}\n"))
    if config.nav is None:
        in_nav = [
            f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_nav) if f.src_uri not in added.planned
        ]
        head, rest = index_nav(plan, in_nav)
        config.nav = head + nest_paths(rest)
    add_assets(files, config, plan, added)
    if feed:
        add_feed(files, config, plan, added)
    added.front_matter = hide_front_matter(files)
    return files, added


def hide_front_matter(files: Files) -> dict[str, str]:
    """Each Markdown file's text without its front matter, behind an empty one; returns the
    front matter by source path (a page's key in the serve cache covers it).

    MkDocs would parse the front matter with its own YAML loader (an alias bomb or a
    self-holding list goes straight to the templates), or read `key: value` lines at the top
    of a page without `---` as MultiMarkdown meta. papernotes has parsed and checked it
    already: MkDocs sees `{}` and page_parts.note_meta sets page.meta from what validated.
    """
    fronts: dict[str, str] = {}
    for file in files:
        if file.generated_by or not file.is_documentation_page():
            continue
        try:
            text = file.content_string
        except (OSError, ValueError):
            continue  # MkDocs reads it again and reports it
        front, body, _line = split_front_matter(clean_text(text))
        source = file.abs_src_path
        file.content_string = EMPTY_FRONT_MATTER + body
        file.abs_src_path = source  # still the page's file for other plugins (Material's blog reads it)
        fronts[file.src_uri] = front or ""
    return fronts


def serve_notes_as_papers(files: Files, config: MkDocsConfig, plan: SitePlan, added: SiteFiles,
                          note_titles: dict[str, str]) -> Files:
    """Each paper's note served at the paper's URL, wherever it lives in docs_dir: its file made
    again with that destination, in its place among the files."""
    kb: KnowledgeBase = plan.kb
    moved: dict[str, File] = {}
    for paper_id, note in kb.note_of_paper.items():
        note_file = files.get_file_from_path(note.src_uri)
        if note_file is None:
            continue
        moved[note.src_uri] = File(
            note_file.src_uri, note_file.src_dir, note_file.dest_dir, note_file.use_directory_urls,
            dest_uri=output_path(plan.paper_src(paper_id), config.use_directory_urls), inclusion=InclusionLevel.NOT_IN_NAV,
        )
        added.paper_of_note[note.src_uri] = paper_id
        note_titles[note.src_uri] = kb.papers[paper_id].title
    if not moved:
        return files
    return Files([moved.get(file.src_uri, file) for file in files])


def add_planned_pages(files: Files, config: MkDocsConfig, plan: SitePlan, added: SiteFiles) -> None:
    for page in planned_pages(plan):
        if page.src_uri in added.planned:
            continue  # a tag or venue whose page would replace another: reported by validation
        if files.get_file_from_path(page.src_uri) is not None:
            log.warning(
                f"papernotes: {config.docs_dir}/{page.src_uri} hides a page papernotes makes "
                f"({page.kind} {page.key!r}); rename the file or change the plugin's URL prefix"
            )
            continue
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
        added.planned[page.src_uri] = page


def add_assets(files: Files, config: MkDocsConfig, plan: SitePlan, added: SiteFiles) -> None:
    """The stylesheet, the search and preview scripts, papers.bib, the preview cards and the
    explorer's, graph page's and stats page's files."""
    files.append(File.generated(config, STYLESHEET, content=asset_text("papernotes.css")))
    if files.get_file_from_path(BIB_URI) is not None:
        log.warning(
            f"papernotes: {config.docs_dir}/{BIB_URI} hides the BibTeX of every paper that papernotes writes "
            "there; rename or remove the file"
        )
    else:
        added.data_files.append(File.generated(config, BIB_URI, content=plan.citations.bibliography()))
    files.append(File.generated(config, SEARCH_SCRIPT, content=asset_text("search-query.js")))
    files.append(File.generated(config, PREVIEW_SCRIPT, content=asset_text("preview.js")))
    for uri, cards in preview_files(plan).items():
        added.data_files.append(File.generated(config, uri, content=cards))
    if plan.enabled("explore"):
        for uri, content in explore_assets(plan).items():
            added.data_files.append(File.generated(config, uri, content=content))
    if plan.enabled("graph"):
        for uri, content in graph_assets(plan).items():
            added.data_files.append(File.generated(config, uri, content=content))
    plan.citations.release()
    for file in added.data_files:
        files.append(file)
    if plan.enabled("stats"):
        files.append(File.generated(config, STATS_STYLE_URI, content=asset_text("stats.css")))


def add_feed(files: Files, config: MkDocsConfig, plan: SitePlan, added: SiteFiles) -> None:
    if files.get_file_from_path(FEED_URI) is not None:
        log.warning(f"papernotes: {config.docs_dir}/{FEED_URI} hides the feed papernotes makes; rename the file "
                    "or turn the feed off with 'feed: false'")
        return
    files.append(File.generated(config, FEED_URI, content=atom_feed(plan)))
    added.feed_generated = True
