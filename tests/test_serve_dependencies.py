"""`mkdocs serve` re-renders only the pages an edit shows on, and its output stays that of a fresh build.

Rebuilds are driven as `mkdocs serve` drives them (mkdocs.commands.serve): the first build gets
`on_startup(command="serve")`, each later one a config loaded again from the same mkdocs.yml,
whose plugin instances MkDocs keeps (`Plugins.plugin_cache`). The reference for each step is a
build in the same serve mode by fresh plugin instances with an empty cache.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from test_site import NOTES, OPTIONS, PAPERS

SERVE_URL = "http://127.0.0.1:8000/"


def serve_build(root: Path, site_dir: Path, startup: bool) -> tuple[MkDocsConfig, Any]:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
    if startup:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=SERVE_URL)
    return config, config.plugins["papernotes"]


@contextmanager
def fresh_plugin_instances() -> Iterator[None]:
    """Plugin instances of their own: MkDocs hands the cached ones to every config it loads."""
    option = dict(MkDocsConfig._schema)["plugins"]
    kept = option.plugin_cache  # type: ignore[attr-defined]
    option.plugin_cache = {}  # type: ignore[attr-defined]
    try:
        yield
    finally:
        option.plugin_cache = kept  # type: ignore[attr-defined]


def fresh_output(root: Path, site_dir: Path) -> dict[str, bytes]:
    with fresh_plugin_instances():
        config, plugin = serve_build(root, site_dir, startup=True)
        assert plugin.reused == set()
        config.plugins.on_shutdown()
    return output(site_dir)


# The one thing MkDocs makes differ between two builds of the same files: the sitemap's dates
# (the day of the build) and the gzip header of sitemap.xml.gz (its time of writing).
LASTMOD_RE = re.compile(rb"<lastmod>[^<]*</lastmod>")


def output(site: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        name, data = str(path.relative_to(site)), path.read_bytes()
        if name == "sitemap.xml.gz":
            data = gzip.decompress(data)
        if name.startswith("sitemap.xml"):
            data = LASTMOD_RE.sub(b"<lastmod>-</lastmod>", data)
        files[name] = data
    return files


def assert_same(served: dict[str, bytes], fresh: dict[str, bytes], step: str) -> None:
    assert sorted(served) == sorted(fresh), f"after {step}: files differ"
    differ = [name for name in served if served[name] != fresh[name]]
    assert not differ, f"after {step}: {differ} differ from a fresh build"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


NEW_RECORD = """\
  - id: vit
    title: An Image is Worth 16x16 Words
    short: ViT
    year: 2021
    venue: ICLR
    tags: [net]
    read: 2020-07-21
"""

REFERENCES = """\
references:
  densenet121:
  - title: Deep Residual Learning for Image Recognition
  moco:
  - doi: 10.5555/dropout
    title: Dropout
  unet:
  - title: Deep Residual Learning for Image Recognition
  - title: Dropout
"""

# (what the edit is, the edit, pages that must be rendered again, pages that must be reused;
# "*" for every page)
Edit = tuple[str, Callable[[Path], None], set[str], set[str]]


def edits() -> list[Edit]:
    def papers(old: str, new: str) -> Callable[[Path], None]:
        return lambda root: replace(root / "papers.yaml", old, new)

    def note(name: str, text: str | None) -> Callable[[Path], None]:
        def write(root: Path) -> None:
            path = root / "docs" / name
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")

        return write

    def rename(old: str, new: str) -> Callable[[Path], None]:
        return lambda root: (root / "docs" / old).rename(root / "docs" / new)

    def rename_id(root: Path) -> None:
        replace(root / "papers.yaml", "- id: densenet", "- id: densenet121")
        replace(root / "docs" / "reading" / "resnet-notes.md", "[[densenet]]", "[[densenet121]]")
        replace(root / "docs" / "topics" / "deep-nets.md", "[[densenet]]", "[[densenet121]]")

    def made_key_tag(root: Path) -> None:
        replace(root / "papers.yaml", "  uns: Learning", "  tag-fa9823c2: 通义万象\n  uns: Learning")
        replace(root / "papers.yaml", "tags: [loc/seg, uns]", "tags: [loc/seg, uns, tag-fa9823c2]")

    def options(old: str, new: str) -> Callable[[Path], None]:
        return lambda root: replace(root / "mkdocs.yml", old, new)

    def references(old: str | None, new: str) -> Callable[[Path], None]:
        def write(root: Path) -> None:
            if old is None:
                (root / "references.yaml").write_text(new, encoding="utf-8")
            else:
                replace(root / "references.yaml", old, new)

        return write

    unrelated = {"papers/fixmatch.md", "tags/uns.md", "years/2019.md"}
    return [
        ("title", papers("title: Densely Connected", "title: Densely Connected (edited)"),
         {"papers/densenet.md", "weeks/2020-06-22.md", "tags/net.md", "venues/cvpr.md", "years/2017.md",
          "reading-list/index.md", "explore/index.md", "reading/resnet-notes.md", "topics/deep-nets.md",
          "papers/efficientnet.md"},  # densenet is among its related papers
         unrelated | {"weeks/2020-07-06.md", "tags/loc.md", "tags/index.md"}),
        ("tags", papers("tags: [loc/seg]", "tags: [loc/seg, uns]"),
         {"papers/unet.md", "tags/uns.md", "tags/loc/seg.md"}, {"papers/efficientnet.md", "years/2019.md"}),
        ("status", papers("    year: 2019\n    tags: [net]\n", "    year: 2019\n    tags: [net]\n    status: reading\n"),
         {"reading-list/index.md"}, {"tags/uns.md", "years/2015.md"}),
        ("read date", papers("read: 2020-07-08", "read: 2020-06-24"),
         {"papers/fixmatch.md", "weeks/2020-06-22.md", "weeks/2020-07-06.md"}, {"years/2019.md", "papers/efficientnet.md"}),
        ("new record", papers("papers:\n", "papers:\n" + NEW_RECORD), {"papers/vit.md", "weeks/2020-07-20.md", "venues/iclr.md"},
         {"tags/uns.md", "papers/fixmatch.md"}),
        ("tag description", papers("uns: Unsupervised learning", "uns: Learning without labels"),
         # chips show a tag's name: the lists of its papers change too
         {"tags/uns.md", "tags/index.md", "weeks/2020-06-22.md"}, {"papers/efficientnet.md"}),
        ("venue alias", papers("aliases: [NIPS]", "aliases: [NIPS, Neural IPS]"),
         {"venues/neurips.md"}, {"papers/efficientnet.md", "tags/uns.md"}),
        ("abstract", papers("abstract: Residual connections", "abstract: Shortcut connections"),
         {"reading/resnet-notes.md"}, {"weeks/2020-07-06.md", "years/2015.md"}),
        ("rating", papers("rating: 5", "rating: 4"), {"reading/resnet-notes.md"}, {"tags/uns.md"}),
        ("group", papers('group: "Depth: Self-supervised"', 'group: "Depth: Semi-supervised"'),
         {"weeks/2020-06-22.md"}, {"tags/loc.md"}),
        ("year", papers("year: 2015", "year: 2014"), {"papers/unet.md", "years/2014.md", "years/index.md"}, {"papers/efficientnet.md"}),
        ("venue removed from a record", papers("    venue: MICCAI\n", ""), {"papers/unet.md", "venues/other.md"}, {"tags/net.md"}),
        ("new tag", papers("  uns: Learning", "  gen: Generative models\n  uns: Learning"), {"tags/gen.md", "tags/index.md"},
         {"papers/efficientnet.md"}),
        ("removed record", papers('  - id: efficientnet\n    title: "EfficientNet: Rethinking Model Scaling"\n    year: 2019\n'
                                  "    tags: [net]\n    status: reading\n", ""),
         {"tags/net.md", "reading-list/index.md"}, {"tags/uns.md", "papers/fixmatch.md"}),
        ("renamed id", rename_id, {"papers/densenet121.md", "reading/resnet-notes.md", "topics/deep-nets.md"},
         {"tags/uns.md", "papers/fixmatch.md"}),
        ("note body", lambda root: replace(root / "docs" / "topics" / "deep-nets.md", "reused features.", "reused features.\n\nMore."),
         {"topics/deep-nets.md"}, {"papers/unet.md", "tags/net.md"}),
        ("new reference in a note", lambda root: replace(root / "docs" / "topics" / "deep-nets.md", "More.", "More on [[fixmatch]]."),
         {"topics/deep-nets.md", "papers/fixmatch.md"}, {"papers/unet.md", "tags/uns.md"}),
        ("paper note added", note("reading/moco.md", "---\npaper: moco\n---\nQueues of negatives.\n"), {"*"}, set()),
        ("note added", note("topics/new.md", "# New topic\n\nAbout [[unet]].\n"), {"*"}, set()),
        ("note renamed", rename("topics/new.md", "topics/renamed.md"), {"*"}, set()),
        ("note removed", note("topics/renamed.md", None), {"*"}, set()),
        ("title again", papers("title: Momentum Contrast", "title: Momentum Contrast (MoCo)"),
         {"reading/moco.md", "weeks/2020-07-06.md"}, {"tags/net.md", "years/2012.md"}),
        ("index page goes", options("weekly_goal: 6", "weekly_goal: 6\n      indexes: [weeks, tags, venues, reading, explore]"),
         {"*"}, set()),
        ("index page comes back", options("\n      indexes: [weeks, tags, venues, reading, explore]", ""), {"*"}, set()),
        ("week start", options("week_start: 2020-06-15", "week_start: 2020-06-08"), {"*"}, set()),
        # A tag written without Latin letters has a key made on import: its chips show its description.
        ("tag with a made key", made_key_tag,
         {"papers/unet.md", "tags/tag-fa9823c2.md", "tags/index.md", "weeks/2020-07-06.md"}, {"venues/cvpr.md", "tags/net.md"}),
        ("made key's description", papers("tag-fa9823c2: 通义万象", "tag-fa9823c2: 通义万相"),
         {"papers/unet.md", "tags/tag-fa9823c2.md", "tags/index.md", "weeks/2020-07-06.md", "tags/uns.md", "explore/index.md"},
         {"venues/cvpr.md", "tags/net.md"}),
        # The new record comes first and takes FixMatch's default cite key, which becomes ...a.
        ("cite key taken", papers("papers:\n", 'papers:\n  - id: fixmatch-preprint\n    title: "FixMatch: a preprint"\n'
                                  "    year: 2020\n    tags: [uns]\n"),
         {"papers/fixmatch-preprint.md", "papers/fixmatch.md"}, {"tags/loc.md", "venues/cvpr.md"}),
        # references.yaml appears: the Missing page enters the nav of every page
        ("references file added", references(None, REFERENCES), {"*"}, set()),
        ("reference added", references("  moco:\n", '  moco:\n  - title: "U-Net: Convolutional Networks for Biomedical Image Segmentation"\n'),
         {"reading/moco.md", "papers/unet.md"}, {"papers/densenet121.md", "tags/uns.md", "missing/index.md", "papers/fixmatch.md"}),
        ("missing work cited once more", references("  unet:\n", "  fixmatch:\n  - title: Dropout\n  unet:\n"),
         {"missing/index.md"}, {"papers/unet.md", "papers/fixmatch.md", "tags/net.md"}),
        ("an author's second paper", papers("    short: U-Net\n", "    short: U-Net\n    authors: [Kaiming He]\n"),
         {"authors/kaiming-he.md", "reading/resnet-notes.md", "papers/unet.md"}, {"venues/cvpr.md", "tags/net.md", "papers/distbelief.md"}),
    ]


def test_serve_output_equals_a_fresh_build_after_every_kind_of_edit(project, tmp_path: Path) -> None:
    root = project(PAPERS, NOTES, OPTIONS)
    config, plugin = serve_build(root, tmp_path / "serve", startup=True)
    try:
        assert_same(output(tmp_path / "serve"), fresh_output(root, tmp_path / "fresh-0"), "the first build")
        sequence = edits()
        assert len(sequence) >= 20
        for step, (name, edit, rendered, reused) in enumerate(sequence, start=1):
            edit(root)
            _, again = serve_build(root, tmp_path / "serve", startup=False)
            assert again is plugin
            assert_same(output(tmp_path / "serve"), fresh_output(root, tmp_path / f"fresh-{step}"), name)
            if rendered == {"*"}:
                assert plugin.reused == set(), f"{name}: every page is rendered again"
                continue
            assert plugin.reused, f"{name}: some pages are reused"
            assert not rendered & plugin.reused, f"{name}: {sorted(rendered & plugin.reused)} were reused"
            assert reused <= plugin.reused, f"{name}: {sorted(reused - plugin.reused)} were rendered again"
    finally:
        config.plugins.on_shutdown()


def test_unknown_dependencies_are_rendered_again_on_every_papers_edit(project, tmp_path: Path) -> None:
    notes = {**NOTES, "topics/query.md": "# Query\n\n```papers\ntag: net\n```\n", "topics/plain.md": "# Plain\n\nNo papers.\n"}
    root = project(PAPERS, notes, OPTIONS)
    config, plugin = serve_build(root, tmp_path / "serve", startup=True)
    try:
        replace(root / "papers.yaml", "title: \"EfficientNet", "title: \"EfficientNet (edited)")
        serve_build(root, tmp_path / "serve", startup=False)
        assert "topics/query.md" not in plugin.reused  # a ```papers block may list any paper
        assert "topics/plain.md" in plugin.reused
    finally:
        config.plugins.on_shutdown()


def test_a_page_kind_that_records_nothing_depends_on_all_of_papers_yaml(project, tmp_path: Path, monkeypatch) -> None:
    from papernotes.site.kinds import RENDER
    from papernotes.site.pages import SitePlan

    root = project(PAPERS, NOTES, OPTIONS)
    render = RENDER["years"]

    def quiet_years(plan: SitePlan, page: Any, page_url: str) -> str:
        html = render(plan, page, page_url)
        with plan.tracker.page(page.src_uri) as used:
            if used is not None:
                used.clear()  # as a new kind would that uses the base without saying so
        return html

    monkeypatch.setitem(RENDER, "years", quiet_years)
    config, plugin = serve_build(root, tmp_path / "serve", startup=True)
    try:
        replace(root / "papers.yaml", "abstract: Residual connections", "abstract: Shortcut connections")
        serve_build(root, tmp_path / "serve", startup=False)
        assert "years/index.md" not in plugin.reused
        assert "tags/index.md" in plugin.reused
    finally:
        config.plugins.on_shutdown()


@pytest.mark.parametrize("first", [True, False])
def test_reuse_is_logged_only_when_there_was_a_previous_build(project, tmp_path: Path, caplog, first: bool) -> None:
    root = project(PAPERS, NOTES, OPTIONS)
    config, _ = serve_build(root, tmp_path / "serve", startup=True)
    try:
        if not first:
            caplog.clear()
            serve_build(root, tmp_path / "serve", startup=False)
        reused = [r.getMessage() for r in caplog.records if "reused" in r.getMessage()]
        assert reused == ([] if first else ["papernotes: reused 33 of 33 pages rendered in the previous build"])
        # A reused page's file is moved into place; the engine's line for its empty output is left out.
        assert not [r for r in caplog.records if "Page skipped" in r.getMessage()]
    finally:
        config.plugins.on_shutdown()
