"""While serving, a save that breaks papers.yaml or a note keeps the last good site, with the
problems in a banner on every page served; the save that fixes them brings the site back.

The rebuilds run in-process as `mkdocs serve` runs them: through the development server's
`builder`, after the plugin's `on_serve` (which wraps it and the server's WSGI app), with the
plugin instance MkDocs keeps across rebuilds.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from papernotes.knowledge.problems import Problem
from papernotes.mkdocs_plugin.serve_banner import SHOWN, banner_html, with_banner
from test_site import NOTES, OPTIONS, PAPERS

SERVE_URL = "http://127.0.0.1:8000/"


class Served:
    """A knowledge base under an in-process development server that is never started: requests
    go straight to its WSGI app, rebuilds straight to its builder."""

    def __init__(self, root: Path, site_dir: Path):
        self.root, self.site_dir = root, site_dir
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="serve", dirty=False)
        self.config = config
        build(config, serve_url=SERVE_URL)

        def builder() -> None:  # as mkdocs.commands.serve's: a config loaded again, the same plugins
            build(load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir)), serve_url=SERVE_URL)

        self.server = LiveReloadServer(builder=builder, host="127.0.0.1", port=0, root=str(site_dir))
        self.server.watch(str(root / "docs"))  # with a watched path the server injects its livereload script
        self.server = config.plugins.on_serve(self.server, config=config, builder=builder)
        self.plugin: Any = config.plugins["papernotes"]

    def rebuild(self) -> None:
        self.server.builder()  # as the server's build loop calls it after a save

    def get(self, path: str) -> tuple[str, dict[str, str], bytes]:
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            answer["status"], answer["headers"] = status, dict(headers)

        app = self.server.get_app()
        assert app is not None
        environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()}
        body = b"".join(app(environ, start_response))
        return answer["status"], answer["headers"], body

    def page(self, path: str) -> str:
        status, headers, body = self.get(path)
        assert status == "200 OK"
        assert int(headers["Content-Length"]) == len(body)
        return body.decode("utf-8")


@pytest.fixture
def served(project, tmp_path: Path) -> Iterator[Served]:
    site = Served(project(PAPERS, NOTES, OPTIONS), tmp_path / "site")
    try:
        yield site
    finally:
        site.config.plugins.on_shutdown()
        site.server.server_close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_broken_papers_yaml_keeps_the_last_good_site_with_a_banner(served: Served) -> None:
    papers = served.root / "papers.yaml"
    assert "pn-serve-problems" not in served.page("/papers/unet/")
    before = (served.site_dir / "papers" / "unet" / "index.html").read_bytes()

    edit(papers, "title: Densely Connected", "title: [Densely Connected")  # a flow sequence left open
    served.rebuild()  # ends without an exception: the server then reloads the open pages
    assert (served.site_dir / "papers" / "unet" / "index.html").read_bytes() == before
    page = served.page("/papers/unet/")
    assert page.count('class="pn-serve-problems"') == 1
    assert "papers.yaml:" in page and ": error: " in page
    assert "stopped the rebuild. This is the site as last built;" in page
    assert page.index("pn-serve-problems") < page.index("<header")  # at the top of the body
    assert "pn-serve-problems" in served.page("/")  # every page served
    _status, headers, data = served.get("/search/search_index.json")
    assert headers["Content-Type"] == "application/json" and b"pn-serve-problems" not in data

    edit(papers, "title: [Densely Connected", "title: Densely Connected (fixed)")
    served.rebuild()
    page = served.page("/papers/densenet/")
    assert "pn-serve-problems" not in page
    assert "Densely Connected (fixed)" in page


def test_papers_yaml_gone_for_a_moment_keeps_the_last_good_site(served: Served) -> None:
    papers = served.root / "papers.yaml"
    text = papers.read_text(encoding="utf-8")
    papers.unlink()  # as an editor that deletes the file before it writes the new one
    served.rebuild()
    assert "papers.yaml:1:1: error: no papers file at" in served.page("/papers/unet/")
    papers.write_text(text, encoding="utf-8")
    served.rebuild()
    assert "pn-serve-problems" not in served.page("/papers/unet/")


def test_broken_note_keeps_the_last_good_site_and_names_its_line(served: Served) -> None:
    note = served.root / "docs" / "topics" / "deep-nets.md"
    edit(note, "tags: [net]", "tags: [net]\nicon: {broken: mapping}")
    served.rebuild()
    page = served.page("/topics/deep-nets/")
    assert "docs/topics/deep-nets.md:4:" in page
    assert "pn-serve-problems" in served.page("/papers/resnet/")
    edit(note, "icon: {broken: mapping}", "")
    served.rebuild()
    assert "pn-serve-problems" not in served.page("/topics/deep-nets/")


def test_errors_in_the_first_build_are_shown_while_the_site_is_built(project, tmp_path: Path) -> None:
    notes = {**NOTES, "topics/broken.md": "---\nicon: [1]\n---\n# Broken\n"}
    site = Served(project(PAPERS, notes, OPTIONS), tmp_path / "site")
    try:
        page = site.page("/topics/broken/")  # no good site to keep: this one is built
        assert "papernotes: 1 error in this build." in page
        assert "docs/topics/broken.md:2:" in page
        edit(site.root / "docs" / "topics" / "broken.md", "icon: [1]\n", "")
        site.rebuild()
        assert "pn-serve-problems" not in site.page("/topics/broken/")
    finally:
        site.config.plugins.on_shutdown()
        site.server.server_close()


def test_banner_escapes_and_counts() -> None:
    problems = [Problem("papers.yaml", n, 3, "error", f"<script>{n}</script> & more") for n in range(1, SHOWN + 3)]
    html = banner_html(problems, stopped_by=len(problems))
    assert "<script>" not in html and "&lt;script&gt;1&lt;/script&gt; &amp; more" in html
    assert "papers.yaml:1:3: error:" in html
    assert f"papers.yaml:{SHOWN + 1}:3" not in html
    assert "and 2 more problems (see the terminal)" in html
    assert "papernotes: 12 problems stopped the rebuild." in html


def test_banner_goes_into_html_answers_only() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        kind = "text/html" if environ["PATH_INFO"].endswith("/") else "text/css"
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", "42")])
        return [b"<html><body class='x'>", b"page</body></html>"]

    answers: list[Any] = []
    wrapped = with_banner(app, lambda: "<div>B</div>")
    body = b"".join(wrapped({"PATH_INFO": "/a/"}, lambda status, headers, exc_info=None: answers.append(headers)))
    assert body == b"<html><body class='x'><div>B</div>page</body></html>"
    assert ("Content-Length", str(len(body))) in answers[-1]
    body = b"".join(wrapped({"PATH_INFO": "/a.css"}, lambda status, headers, exc_info=None: answers.append(headers)))
    assert body == b"<html><body class='x'>page</body></html>" and ("Content-Length", "42") in answers[-1]
    quiet = with_banner(app, lambda: None)
    assert b"".join(quiet({"PATH_INFO": "/a/"}, lambda *args: None)) == b"<html><body class='x'>page</body></html>"


def test_development_server_calls_its_builder_attribute_and_serves_through_its_wsgi_app(tmp_path: Path) -> None:
    """Pins what on_serve relies on in MkDocs' LiveReloadServer: its build loop calls
    `server.builder` (which the plugin wraps), a build that raises leaves every request
    waiting (what the wrapper avoids), and requests go through `get_app()` / `set_app()`."""
    import inspect

    calls: list[str] = []
    (tmp_path / "index.html").write_text("<html><body>hi</body></html>", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: calls.append("built"), host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        assert server.builder is not None
        source = inspect.getsource(LiveReloadServer._build_loop)
        assert "self.builder()" in source
        assert "continue" in source.split("except Exception")[1].split("with self._epoch_cond")[0]
        assert inspect.getsource(LiveReloadServer._serve_request).count("self._visible_epoch == self._wanted_epoch") == 1
        assert server.get_app() == server.serve_request
        server.set_app(with_banner(server.serve_request, lambda: "<p>B</p>"))
        answer: list[Any] = []
        app = server.get_app()
        assert app is not None
        body = b"".join(app({"PATH_INFO": "/", "REQUEST_METHOD": "GET"}, lambda *args: answer.append(args)))
        assert body.startswith(b"<html><body><p>B</p>hi")
    finally:
        server.server_close()


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_broken_record_shows_as_before_while_the_other_records_edits_show(served: Served) -> None:
    papers = served.root / "papers.yaml"
    edit(papers, "title: Densely Connected Convolutional Networks", "title: Densely Connected (half edited)")
    edit(papers, "    year: 2017\n", "    year: soon\n")  # densenet's year: an error
    edit(papers, "U-Net: Convolutional Networks", "U-Net (edited): Convolutional Networks")
    served.rebuild()
    assert "U-Net (edited): Convolutional Networks" in served.page("/papers/unet/")  # the fine edit shows
    assert "U-Net (edited)" in served.page("/tags/loc/seg/")  # and reaches the lists
    page = served.page("/papers/densenet/")
    assert "Densely Connected Convolutional Networks" in page and "half edited" not in page  # as it was
    assert page.count('class="pn-serve-problems"') == 1
    page = html.unescape(page)
    assert "papernotes: 1 error in this build. The site shows every other record's changes." in page
    year_line = line_of(papers, "year: soon")
    assert f"papers.yaml:{year_line}:5: error: 'year' must be a whole number, got the text 'soon'" in page
    assert f"papers.yaml:{line_of(papers, '- id: densenet')}: the record 'densenet' has errors" in page
    assert "shows it as it last read without errors" in page
    assert "stopped the rebuild" not in page

    edit(papers, "    year: soon\n", "    year: 2017\n")
    served.rebuild()
    page = served.page("/papers/densenet/")
    assert "Densely Connected (half edited)" in page and "pn-serve-problems" not in page


def test_a_new_record_with_errors_is_left_out_and_named_in_the_banner(served: Served) -> None:
    papers = served.root / "papers.yaml"
    papers.write_text(
        papers.read_text(encoding="utf-8") + "  - id: vit\n    title: An Image is Worth 16x16 Words\n    read: someday\n",
        encoding="utf-8",
    )
    edit(papers, "title: Densely Connected Convolutional Networks", "title: Densely Connected (edited)")
    served.rebuild()
    assert "Densely Connected (edited)" in served.page("/papers/densenet/")
    page = html.unescape(served.page("/"))
    record_line = line_of(papers, "- id: vit")
    assert f"papers.yaml:{record_line}: the record 'vit' has errors: it is left out of the site until they are fixed" in page
    assert f"papers.yaml:{record_line + 2}:5: error: 'read' must be a date" in page
    status, _headers, _body = served.get("/papers/vit/")
    assert status.startswith("404")


def test_warnings_are_shown_in_the_banner_with_their_lines(served: Served) -> None:
    papers = served.root / "papers.yaml"
    note = served.root / "docs" / "topics" / "deep-nets.md"
    edit(papers, "    venue: MICCAI\n", "    venue: MICCIA\n")
    edit(note, "[[densenet]] reused features.", "[[densnet]] reused features.")
    served.rebuild()
    page = html.unescape(served.page("/papers/resnet/"))
    assert "papernotes: 2 warnings in this build." in page
    assert f"papers.yaml:{line_of(papers, 'venue: MICCIA')}:5: warning: unknown venue 'MICCIA' (did you mean 'MICCAI'?)" in page
    assert f"docs/topics/deep-nets.md:{line_of(note, '[[densnet]]')}:" in page and "names no paper" in page
    assert "#7a4a00" in page  # warnings alone: not the red of errors
    edit(papers, "    venue: MICCIA\n", "    venue: MICCAI\n")
    edit(note, "[[densnet]] reused features.", "[[densenet]] reused features.")
    served.rebuild()
    assert "pn-serve-problems" not in served.page("/papers/resnet/")


def test_many_warnings_are_cut_short_in_the_banner(served: Served) -> None:
    papers = served.root / "papers.yaml"
    added = "".join(f"  - id: extra{n}\n    title: Extra {n}\n    tags: [untold{n}]\n" for n in range(SHOWN + 5))
    papers.write_text(papers.read_text(encoding="utf-8") + added, encoding="utf-8")
    served.rebuild()
    page = html.unescape(served.page("/"))
    assert f"papernotes: {SHOWN + 5} warnings in this build." in page
    assert page.count("warning: unknown tag 'untold") == SHOWN
    assert "and 5 more problems (see the terminal)" in page
    assert "max-height:45vh;overflow:auto" in page  # a long banner scrolls instead of covering the page
    assert "Extra 3" in served.page("/papers/extra3/")  # warnings do not hold a record back


def test_a_broken_record_does_not_stop_the_rebuild_but_a_broken_note_still_does(served: Served) -> None:
    papers = served.root / "papers.yaml"
    note = served.root / "docs" / "topics" / "deep-nets.md"
    edit(papers, "    year: 2017\n", "    year: soon\n")
    edit(note, "tags: [net]", "tags: [net]\nicon: {broken: mapping}")
    edit(papers, "U-Net: Convolutional Networks", "U-Net (edited): Convolutional Networks")
    served.rebuild()
    page = served.page("/papers/unet/")
    assert "U-Net (edited)" not in page  # the last good site
    assert "papernotes: 1 problem stopped the rebuild." in page
    assert page.index("docs/topics/deep-nets.md:") < page.index("must be a whole number")  # what stopped it first
