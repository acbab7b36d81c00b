"""In headless chromium: the Graph page of the sample (a click, the keyboard, a tap, the find
field) and of a 10,000-paper library, which must answer a drag within a frame budget.

The budget, a product figure: while a 10,000-paper graph (about 200,000 citations) is dragged for
a second, each animation frame's drawing takes under 50 ms of script, and the median frame comes
16.7 ms after the last (at most 34 ms: 30 frames a second), on this two-core machine without a GPU.
"""

from __future__ import annotations

import contextlib
import itertools
import statistics
import sys
from urllib.parse import urlsplit

import pytest

from conftest import REPO
from test_browser import WAIT_MS, Visit, build_sample, phone_page, pytestmark, serve, serve_site  # noqa: F401

with contextlib.suppress(ImportError):  # the test extra installs it; test_browser's marks skip without it
    from playwright.sync_api import Browser, Page, expect

DRAW_BUDGET_MS = 50.0
MEDIAN_FRAME_MS = 34.0
# Each animation frame callback timed: the graph draws in one, so the longest is its drawing.
TIME_FRAMES = """window.__drawMs = [];
const request = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = callback => request(time => {
  const start = performance.now(); callback(time); window.__drawMs.push(performance.now() - start); });"""
COUNT_FRAMES = """window.__frames = []; window.__drawMs = [];
(function tick(time) { window.__frames.push(time); if (window.__frames.length < 600) requestAnimationFrame(tick); })(performance.now());"""


def open_graph(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-pn-graph][data-state=ready]")


def picture(page: Page) -> str:
    return page.eval_on_selector("[data-pn-graph-canvas]", "canvas => canvas.toDataURL()")


def find(page: Page, words: str) -> None:
    page.fill("[data-pn-graph-find]", words)
    page.press("[data-pn-graph-find]", "Enter")


def canvas_centre(page: Page) -> tuple[float, float]:
    box = page.locator("[data-pn-graph-canvas]").bounding_box()
    assert box
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_the_sample_s_graph_draws_finds_a_paper_and_a_click_opens_it(visit: Visit) -> None:
    page = visit.page
    open_graph(page, visit.base_url + "graph/")
    coloured = page.eval_on_selector("[data-pn-graph-canvas]", """canvas => {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0; for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - data[i + 2]) > 60) count++;
      return count; }""")
    assert coloured > 500, "no paper drawn in a topic's colour"
    expect(page.locator(".pn-libgraph__legend li")).not_to_have_count(0)
    find(page, "u-net")
    link = page.locator("[data-pn-graph-info] a")
    expect(link).to_have_text("U-Net: U-Net: Convolutional Networks for Biomedical Image Segmentation")
    assert (link.get_attribute("href") or "").endswith("papers/unet/")
    page.mouse.click(*canvas_centre(page))  # the paper found is in the middle
    page.wait_for_url(visit.base_url + "papers/unet/")
    assert {urlsplit(url).hostname for url in visit.requests} == {"127.0.0.1"}


def test_the_keyboard_moves_zooms_and_opens_the_paper_in_the_middle(visit: Visit) -> None:
    page = visit.page
    open_graph(page, visit.base_url + "graph/")
    canvas = page.locator("[data-pn-graph-canvas]")
    canvas.focus()
    before = picture(page)
    for key in ("ArrowRight", "+", "+", "-", "ArrowDown", "0"):
        page.keyboard.press(key)
        page.wait_for_timeout(50)  # the next animation frame draws it
        after = picture(page)
        assert after != before, f"{key} changed nothing"
        before = after
    find(page, "ResNet")
    expect(page.locator("[data-pn-graph-info] a")).to_contain_text("ResNet")
    canvas.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(visit.base_url + "papers/resnet/")


def test_hovering_a_paper_shows_its_title_as_text(visit: Visit) -> None:
    page = visit.page
    open_graph(page, visit.base_url + "graph/")
    find(page, "ResNet")
    page.mouse.move(*canvas_centre(page))
    tip = page.locator("[data-pn-graph-tip]")
    expect(tip).to_be_visible()
    expect(tip).to_have_text("ResNet: Deep Residual Learning for Image Recognition")


def test_a_tap_shows_a_paper_and_a_second_tap_opens_it(browser: Browser, base_url: str) -> None:
    with phone_page(browser) as page:
        open_graph(page, base_url + "graph/")
        find(page, "u-net")
        canvas = page.locator("[data-pn-graph-canvas]")
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        assert box and box["width"] <= 390 and box["height"] < 844  # room around it to scroll the page
        page.touchscreen.tap(box["x"] + 4, box["y"] + box["height"] - 4)  # a corner, no paper: the one found is let go
        expect(page.locator("[data-pn-graph-info]")).to_have_text("")
        page.touchscreen.tap(*canvas_centre(page))
        expect(page.locator("[data-pn-graph-info]")).to_contain_text("tap it again to open")
        assert page.url == base_url + "graph/"
        page.touchscreen.tap(*canvas_centre(page))
        page.wait_for_url(base_url + "papers/unet/")


@pytest.fixture(scope="module")
def large_graph(tmp_path_factory: pytest.TempPathFactory):
    """The Graph page of the benchmark's 10,000-paper library, built through the plain functions
    (benchmarks/graph_steps.py: the page and its files, without the theme), served."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate
    from graph_steps import load, write_graph_page

    work = tmp_path_factory.mktemp("graph10k")
    project, _baseline = generate(work / "kb", 10_000)
    site = work / "site"
    write_graph_page(load(project), site)
    with serve_site(site) as url:
        yield url + "graph/"


def test_a_graph_of_10000_papers_follows_a_drag_within_its_frame_budget(browser: Browser, large_graph: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.add_init_script(TIME_FRAMES)
    try:
        open_graph(page, large_graph)
        page.wait_for_timeout(300)
        before = picture(page)
        page.evaluate(COUNT_FRAMES)
        x, y = canvas_centre(page)
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(60):  # a second of dragging
            page.mouse.move(x + 4 * step, y + 2 * step)
            page.wait_for_timeout(16)
        page.mouse.up()
        frames = page.evaluate("window.__frames.slice()")
        draws = page.evaluate("window.__drawMs.slice()")
        assert picture(page) != before, "the drag moved nothing"
        gaps = [later - earlier for earlier, later in itertools.pairwise(frames)]
        print(f"10,000 papers, dragged: {len(gaps)} frames, median {statistics.median(gaps):.1f} ms apart; "
              f"longest frame callback {max(draws):.1f} ms, median {statistics.median(draws):.1f} ms")
        assert max(draws) < DRAW_BUDGET_MS
        assert statistics.median(gaps) <= MEDIAN_FRAME_MS
    finally:
        context.close()


def test_a_paper_s_one_hop_graph_fits_a_phone_without_scrolling_sideways(browser: Browser, base_url: str) -> None:
    with phone_page(browser) as page:
        page.goto(base_url + "papers/resnet/")
        expect(page.locator(".pn-graph__svg--wide")).to_be_hidden()
        narrow = page.locator(".pn-graph__svg--narrow")
        expect(narrow).to_be_visible()
        box = narrow.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # drawn at about its own size: 13 px labels stay over 12 px on the screen
        assert box["width"] / 340 > 12 / 13
