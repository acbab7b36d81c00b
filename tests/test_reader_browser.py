"""What a reader notices in the first minutes, looked at in headless chromium: the stats page's
charts on a desktop and a phone, tags by name, the explorer's controls, the reading log's weeks,
a broken reference while serving, the active tab and the "no notes yet" marks.

The sample is built once for the module (its log kept, to check what MkDocs says about links);
the small knowledge bases a case needs are built in tmp_path.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from conftest import REPO, build_site, write_project
from test_browser import SUB_PATH, Visit, build_sample, serve, serve_site
from test_browser import pytestmark as browser_marks

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

pytestmark = browser_marks  # the same skips: no playwright, no chromium, no sample


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


SAMPLE_LOG: list[logging.LogRecord] = []


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built sample, served below /kb/; what its build logged is kept in SAMPLE_LOG."""
    www = tmp_path_factory.mktemp("www")
    kept = _Kept()
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.addHandler(kept)
    mkdocs_log.setLevel(logging.INFO)
    try:
        build_sample(www / SUB_PATH)
    finally:
        mkdocs_log.removeHandler(kept)
        mkdocs_log.setLevel(level)
    SAMPLE_LOG[:] = kept.records
    with serve(www) as url:
        yield url


def open_page(browser: Browser, url: str, width: int = 1280, scheme: str = "light") -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    return page


def sample_papers() -> list[dict]:
    return yaml.safe_load((REPO / "papers.yaml").read_text(encoding="utf-8"))["papers"]


# ---------------------------------------------------------------- the stats page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_goal_label_is_drawn_inside_the_weekly_chart(browser: Browser, base_url: str, scheme: str) -> None:
    page = open_page(browser, base_url + "stats/", scheme=scheme)
    svg = page.locator("#chart-weeks svg").bounding_box()
    label = page.locator("#chart-weeks .pn-chart__goal-text").bounding_box()
    assert svg and label
    assert page.locator("#chart-weeks .pn-chart__goal-text").text_content() == "goal 6"
    assert label["y"] >= svg["y"] and label["y"] + label["height"] <= svg["y"] + svg["height"]
    page.context.close()


def test_on_a_phone_chart_text_stays_readable_and_the_calendar_fits(browser: Browser, base_url: str) -> None:
    page = open_page(browser, base_url + "stats/", width=390)
    # The size the text is drawn at: its font size times the scale of the drawing.
    sizes = page.eval_on_selector_all(
        ".pn-chart__svg text",
        "texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a)",
    )
    assert sizes and min(sizes) >= 9, sorted(sizes)[:5]
    # The whole year is on the screen, December too, without a scroll box.
    calendar = page.locator(".pn-chart--calendar").first
    scroll = calendar.locator(".pn-chart__scroll")
    assert scroll.evaluate("s => s.scrollWidth <= s.clientWidth")
    december = calendar.locator("rect", has=page.locator("title", has_text=re.compile(r"-12-31:"))).bounding_box()
    assert december and december["x"] + december["width"] <= 390
    # Row labels are not cut at the left edge.
    lefts = page.eval_on_selector_all(".pn-chart--rows text", "ts => ts.map(t => t.getBoundingClientRect().left)")
    assert min(lefts) >= 0
    page.context.close()


def test_on_a_desktop_columns_stay_columns_and_calendar_cells_are_large_and_visible(browser: Browser, base_url: str) -> None:
    page = open_page(browser, base_url + "stats/")
    widths = page.eval_on_selector_all("#chart-weeks rect.pn-mark", "rs => rs.map(r => r.getBoundingClientRect().width)")
    assert widths and max(widths) <= 60
    assert page.locator("#chart-weeks svg").bounding_box()["height"] <= 260  # type: ignore[index]
    cell = page.locator(".pn-chart--calendar rect.pn-mark--heat-0").first
    box = cell.bounding_box()
    assert box and box["width"] >= 13
    # An empty day shows: its fill's alpha times its fill-opacity.
    alpha = cell.evaluate(
        """c => { const s = getComputedStyle(c); const m = s.fill.match(/rgba?\\(([^)]*)\\)/);
                  const parts = m ? m[1].split(',') : []; const a = parts.length > 3 ? parseFloat(parts[3]) : 1;
                  return a * parseFloat(s.fillOpacity); }"""
    )
    assert alpha >= 0.1
    page.context.close()


def test_publication_years_are_in_the_order_of_years(browser: Browser, base_url: str) -> None:
    page = open_page(browser, base_url + "stats/")
    labels = page.eval_on_selector_all("#chart-years text[text-anchor=end]", "ts => ts.map(t => t.textContent)")
    years = [int(label) for label in labels]
    assert len(years) > 3 and years == sorted(years, reverse=True)
    page.context.close()


# ---------------------------------------------------------------- tags by name


def test_tags_show_their_names_in_the_explorer_and_on_chips(visit: Visit) -> None:
    declared = yaml.safe_load((REPO / "papers.yaml").read_text(encoding="utf-8"))["tags"]
    visit.open_explorer()
    label = visit.box("tag", "loc/seg").locator("xpath=..").locator(".pn-facet__label")
    assert label.inner_text().strip() == declared["loc/seg"].split(" (")[0]
    assert label.get_attribute("title") == "loc/seg"  # the key, for an author
    chip = visit.page.locator("[data-pn-results] .pn-tag[data-tag='ano/semi']").first
    assert chip.inner_text().strip() == declared["ano/semi"]
    visit.page.goto(visit.base_url + "papers/resnet/")
    chips = visit.page.locator(".pn-paper__tags .pn-tag")
    assert [c.strip() for c in chips.all_inner_texts()] == [declared["net"].split(" (")[0]]


def test_a_paper_page_shows_no_chip_of_its_id(visit: Visit) -> None:
    visit.page.goto(visit.base_url + "papers/resnet/")
    assert visit.page.locator(".pn-paper__meta code").count() == 0
    ident = visit.page.locator(".pn-paper__id")
    assert ident.inner_text() == "resnet"  # still there, quietly: search finds a paper by its id
    assert ident.evaluate("e => getComputedStyle(e).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")


def test_the_topics_page_of_a_base_without_tagged_papers_says_so(browser: Browser, tmp_path: Path) -> None:
    root = write_project(tmp_path / "kb", """\
        tags:
          gml: General ML (Thinking Frameworks)
          opt: Training & Optimization
        papers:
          - {id: a, title: Paper A, status: to-read}
          - {id: b, title: Paper B, status: to-read}
        """, {"index.md": "# Home\n"})
    with serve_site(build_site(root)) as url:
        page = open_page(browser, url + "tags/")
        lead = page.locator("article p").first.inner_text()
        assert "over 2 papers" not in lead and "no paper has one yet" in lead
        names = [t.strip() for t in page.locator(".pn-tagtree .pn-tag").all_inner_texts()]
        assert names == ["General ML", "Training & Optimization"]
        assert page.locator(".pn-tagtree .pn-tag-key").all_inner_texts() == ["gml", "opt"]
        page.context.close()


# ---------------------------------------------------------------- the explorer


def test_the_explorer_controls_look_like_materials_and_boxes_sit_on_their_labels(visit: Visit) -> None:
    visit.open_explorer()
    page = visit.page
    for selector in ("[data-pn-sort]", "[data-pn-query]"):
        style = page.locator(selector).evaluate(
            "e => { const s = getComputedStyle(e); return [s.appearance, s.borderTopWidth, s.backgroundColor]; }"
        )
        assert style[0] == "none" and style[1] == "0px", (selector, style)
        assert style[2] not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), (selector, style)
    # Both controls are as tall as each other.
    heights = {round(page.locator(s).bounding_box()["height"]) for s in ("[data-pn-sort]", "[data-pn-query]")}  # type: ignore[index]
    assert len(heights) == 1
    # Each checkbox's middle is the middle of its label's first line.
    offsets = page.eval_on_selector_all(
        "[data-pn-facets] label",
        """labels => labels.filter(l => l.offsetParent).map(l => {
            const box = l.querySelector('input').getBoundingClientRect();
            const text = l.querySelector('.pn-facet__label');
            const range = document.createRange(); range.selectNodeContents(text);
            const line = range.getClientRects()[0];
            return Math.abs((box.top + box.height / 2) - (line.top + line.height / 2));
        })""",
    )
    assert offsets and max(offsets) <= 1.5, max(offsets)


def test_the_explorer_page_is_as_tall_before_its_script_runs_as_after(browser: Browser, tmp_path: Path) -> None:
    papers = "\n".join(
        f"  - {{id: p{i}, title: 'Paper number {i} on a long subject', authors: [A. Author, B. Author], year: {2000 + i % 20},"
        f" status: read, read: {dt.date(2020, 1, 1) + dt.timedelta(days=i)}}}"
        for i in range(150)
    )
    root = write_project(tmp_path / "kb", "papers:\n" + papers + "\n", {"index.md": "# Home\n"})
    with serve_site(build_site(root)) as url:
        for query in ("", "?year=2005"):  # all papers; the few of a shared link's filter
            heights = page_heights(browser, url + "explore/" + query)
            before, after = heights
            assert abs(before - after) <= 0.15 * after + 200, (query, heights)


def page_heights(browser: Browser, url: str) -> list[int]:
    """The page's height while the explorer's data is on its way, and once the list is drawn."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    held: list[Route] = []
    page.route("**/explore.json*", lambda route: held.append(route))  # answered once the first height is taken
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("[data-pn-explorer][data-state=loading]", state="attached")
    heights = [page.evaluate("document.documentElement.scrollHeight")]
    while not held:  # the request reaches the handler as the test waits
        page.wait_for_timeout(50)
    held[0].continue_()
    page.wait_for_selector("[data-pn-explorer][data-state=ready]", state="attached")
    heights.append(page.evaluate("document.documentElement.scrollHeight"))
    context.close()
    return heights


# ---------------------------------------------------------------- weeks


WEEK_PAPERS = """\
papers:
  - {id: zeta, title: Zeta first in the README, status: read, read: 2024-03-04}
  - {id: alpha, title: Alpha second in the README, status: read, read: 2024-03-04}
  - {id: mid, title: Middle third in the README, status: read, read: 2024-03-04}
"""


def test_a_week_keeps_the_order_of_papers_yaml_and_shows_no_other_heading(browser: Browser, tmp_path: Path) -> None:
    root = write_project(tmp_path / "kb", WEEK_PAPERS, {"index.md": "# Home\n"})
    with serve_site(build_site(root)) as url:
        for path in ("weeks/2024-03-04/", "weeks/"):
            page = open_page(browser, url + path)
            shown = page.eval_on_selector_all("article [data-paper]", "items => items.map(i => i.dataset.paper)")
            assert shown == ["zeta", "alpha", "mid"], path
            headings = [h.strip() for h in page.locator("article h2, article h3").all_inner_texts()]
            assert "Other" not in headings, (path, headings)
            page.context.close()


def test_a_starter_base_puts_a_paper_read_today_in_week_one(browser: Browser, tmp_path: Path) -> None:
    from papernotes.starter import write_starter

    root = tmp_path / "kb"
    list(write_starter(root))
    today = dt.date.today()
    papers = root / "papers.yaml"
    papers.write_text(
        papers.read_text(encoding="utf-8") + f"  - {{id: today, title: Read Today, status: read, read: {today.isoformat()}}}\n",
        encoding="utf-8",
    )
    with serve_site(build_site(root)) as url:
        page = open_page(browser, url + "papers/today/")
        assert "(Week 1 ·" in page.locator(".pn-paper__meta").inner_text()
        page.context.close()


# ---------------------------------------------------------------- links, hints, tabs


def test_the_sample_build_logs_nothing_about_links_that_work(base_url: str) -> None:
    about_links = [r.getMessage() for r in SAMPLE_LOG if "link" in r.getMessage() and r.levelno >= logging.INFO]
    assert about_links == []


def test_a_broken_link_of_a_note_is_still_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = write_project(tmp_path / "kb", "papers:\n  - {id: vit, title: An Image is Worth 16x16 Words, short: ViT}\n", {
        "index.md": "# Home\n\nSee [[vit]] and [the missing page](missing.md).\n",
    })
    build_site(root)
    records = [r for r in caplog.records if r.name.startswith("mkdocs")]
    assert not any("unrecognized relative link" in r.getMessage() for r in records)
    assert any("missing.md" in r.getMessage() and r.levelno == logging.WARNING for r in records)


def test_a_broken_reference_is_marked_while_serving_with_its_fix(browser: Browser, tmp_path: Path) -> None:
    notes = {"index.md": "# Home\n\nThe [[vti|ViT]] paper and [[vit]].\n"}
    root = write_project(tmp_path / "kb", "papers:\n  - {id: vit, title: An Image is Worth 16x16 Words, short: ViT}\n", notes)
    with serve_site(build_site(root, command="serve")) as url:
        page = open_page(browser, url)
        broken = page.locator("article .pn-ref--broken")
        assert broken.count() == 1 and broken.is_visible()
        assert "did you mean 'vit'" in broken.locator(".pn-hint").inner_text()
        decoration = broken.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert "underline" in decoration
        assert page.locator("article a.pn-ref").inner_text() == "ViT"
        page.context.close()
    # A published build leaves it as written, unmarked (check reports it).
    site = build_site(root)
    assert "pn-ref--broken" not in (site / "index.html").read_text(encoding="utf-8")


def test_the_serve_banner_names_a_broken_reference(tmp_path: Path) -> None:
    from test_serve_problems import Served

    notes = {"index.md": "# Home\n\nThe [[vti|ViT]] paper.\n"}
    root = write_project(tmp_path / "kb", "papers:\n  - {id: vit, title: An Image is Worth 16x16 Words, short: ViT}\n", notes)
    served = Served(root, tmp_path / "site")
    _, _, body = served.get("/")
    assert b"pn-serve-problems" in body and b"[[vti]] names no paper (did you mean &#x27;vit&#x27;?)" in body


def test_a_paper_being_read_does_not_light_the_reading_list_tab(browser: Browser, tmp_path: Path) -> None:
    root = write_project(tmp_path / "kb", """\
        papers:
          - {id: now, title: Being Read, status: reading}
          - {id: later, title: To Read, status: to-read}
        """, {"index.md": "# Home\n"})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n", "  font: false\n  features: [navigation.tabs]\n"), encoding="utf-8")
    with serve_site(build_site(root)) as url:
        page = open_page(browser, url + "papers/now/")
        active = page.locator(".md-tabs__item--active").all_inner_texts()
        assert [a.strip() for a in active] == ["Explore"]
        page.goto(url + "papers/later/")
        assert [a.strip() for a in page.locator(".md-tabs__item--active").all_inner_texts()] == ["Reading list"]
        page.context.close()


def test_no_notes_yet_is_said_once_a_list(visit: Visit) -> None:
    read_without_notes = [
        p["id"] for p in sample_papers()
        if p.get("status", "read") == "read" and not (REPO / "notes" / "papers" / f"{p['id']}.md").exists()
    ]
    assert len(read_without_notes) > 2
    visit.page.goto(visit.base_url + "reading-list/")
    lists = visit.page.locator("article .pn-list")
    for index in range(lists.count()):
        text = lists.nth(index).inner_text()
        assert text.count("no notes yet") <= 1
    section = visit.page.locator("#read-without-notes + .pn-list")
    assert section.locator(".pn-tbp").count() == section.locator("li").count() > 2  # each row keeps its mark
    visit.open_explorer()
    assert visit.page.locator("[data-pn-results]").inner_text().count("no notes yet") <= 1
