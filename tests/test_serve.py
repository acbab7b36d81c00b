"""`mkdocs serve` for real: saving papers.yaml or a note reloads the open page with the change."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import write_project
from papernotes.loopback import CHROMIUM, headless_chromium
from test_site import NOTES, OPTIONS, PAPERS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(predicate, seconds: float = 60.0):  # type: ignore[no-untyped-def]
    """Poll `predicate` until it returns something truthy; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up after {seconds} s waiting for the served site")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A knowledge base under `mkdocs serve` on 127.0.0.1; yields (project root, base URL)."""
    root = write_project(tmp_path / "kb", PAPERS, NOTES, OPTIONS)
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base + "papers/unet/"), seconds=90)
        yield root, base
    finally:
        # Ctrl-C, as a person stops serve: MkDocs then removes its temporary site folder.
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        if server.stderr is not None:
            server.stderr.close()


def test_saving_papers_yaml_and_a_note_shows_the_change(served: tuple[Path, str]) -> None:
    root, base = served
    papers = root / "papers.yaml"
    papers.write_text(papers.read_text(encoding="utf-8").replace("U-Net: Convolutional", "U-Net (edited): Convolutional"), encoding="utf-8")
    wait_for(lambda: "U-Net (edited): Convolutional" in (fetch(base + "papers/unet/") or ""))
    # The title change reaches the index pages that list the paper too.
    assert "U-Net (edited): Convolutional" in (fetch(base + "tags/loc/seg/") or "")

    note = root / "docs" / "topics" / "deep-nets.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nWidth matters as much as depth.\n", encoding="utf-8")
    wait_for(lambda: "Width matters as much as depth." in (fetch(base + "topics/deep-nets/") or ""))


def require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (bash .ci/run installs it)")
    pytest.importorskip("playwright.sync_api")


@pytest.mark.browser
def test_open_page_reloads_in_the_browser_after_a_save(served: tuple[Path, str]) -> None:
    require_chromium()
    root, base = served
    with headless_chromium() as browser:
        page = browser.new_page()
        page.goto(base + "papers/resnet/")
        page.wait_for_selector("text=Deep Residual Learning for Image Recognition")
        papers = root / "papers.yaml"
        papers.write_text(
            papers.read_text(encoding="utf-8").replace("Residual connections make deep networks trainable.", "Shortcuts keep gradients alive."),
            encoding="utf-8",
        )
        # No navigation by the test: the served page's livereload script reloads it.
        page.wait_for_selector("text=Shortcuts keep gradients alive.", timeout=60_000)


@pytest.mark.browser
def test_broken_papers_yaml_shows_a_banner_on_the_open_page_until_it_is_fixed(served: tuple[Path, str]) -> None:
    require_chromium()
    root, base = served
    papers = root / "papers.yaml"
    good = papers.read_text(encoding="utf-8")
    with headless_chromium() as browser:
        page = browser.new_page()
        page.goto(base + "papers/unet/")
        page.wait_for_selector("text=U-Net: Convolutional Networks")
        assert page.query_selector(".pn-serve-problems") is None
        # A flow sequence left open: papers.yaml cannot be parsed at all.
        papers.write_text(good.replace("title: Densely Connected", "title: [Densely Connected"), encoding="utf-8")
        # The open page reloads by itself (livereload) and shows the problem over the last good site.
        banner = page.wait_for_selector(".pn-serve-problems", timeout=90_000)
        text = banner.inner_text()
        assert "papers.yaml:" in text and ": error: " in text
        assert "This is the site as last built;" in text
        assert page.is_visible("h1.pn-paper__title")
        assert banner.bounding_box()["y"] == 0  # type: ignore[index]
        # Another page served meanwhile shows it too.
        other = browser.new_page()
        other.goto(base + "tags/net/")
        assert other.query_selector(".pn-serve-problems") is not None
        other.close()
        papers.write_text(good.replace("title: Densely Connected", "title: Densely Connected (fixed)"), encoding="utf-8")
        page.wait_for_selector(".pn-serve-problems", state="detached", timeout=90_000)
        page.goto(base + "papers/densenet/")
        page.wait_for_selector("text=Densely Connected (fixed)")
        assert page.query_selector(".pn-serve-problems") is None
        # One record broken, another edited in the same save: the edit shows, the broken one is named.
        fixed = papers.read_text(encoding="utf-8")
        papers.write_text(
            fixed.replace("    year: 2017\n", "    year: soon\n").replace("U-Net: Convolutional", "U-Net (edited): Convolutional"),
            encoding="utf-8",
        )
        banner = page.wait_for_selector(".pn-serve-problems", timeout=90_000)
        text = banner.inner_text()
        assert "the record 'densenet' has errors: the site shows it as it last read without errors" in text
        assert "'year' must be a whole number" in text and "stopped the rebuild" not in text
        assert page.is_visible("text=Densely Connected (fixed)")
        page.goto(base + "papers/unet/")
        page.wait_for_selector("text=U-Net (edited): Convolutional")
        assert page.query_selector(".pn-serve-problems") is not None
