"""```papers blocks: each filter, sort, limit and the table form in a real build, and each bad
block reported at its file:line by validation and `papernotes check`."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import build_site, write_project
from papernotes.knowledge.papers_blocks import papers_fences
from papernotes.knowledge.validation import load_knowledge_base

PAPERS = """\
tags:
  loc: Localization
  loc/seg: Segmentation
  loc/det: Detection
  net: Networks
venues:
  CVPR:
  NeurIPS:
    aliases: [NIPS]
  ICCV:
papers:
  - {id: a, title: Alpha, tags: [loc/seg], venue: CVPR, year: 2015, read: 2020-07-06, rating: 5, remark: "<b>skips</b>"}
  - {id: b, title: Bravo, tags: [loc], venue: NIPS, year: 2017, read: 2020-07-07, rating: 3}
  - {id: c, title: Charlie, tags: [net], venue: ICCV, year: 2019, read: 2020-07-14, status: reading}
  - {id: d, title: Delta, tags: [loc/det], year: 2020}
  - {id: e, title: Echo, tags: [net], venue: CVPR, year: 2018, read: 2020-06-30, rating: 4, links: {notes: "https://example.org/e"}}
"""

# one block per case; the heading names it, the test reads the ids each block lists
CASES = {
    "tag with sub-tags": "tag: loc",
    "tags any of": "tag: [loc/seg, net]",
    "venue by alias": "venue: NIPS",
    "venues": "venue: [CVPR]",
    "year range": "year: 2017-2019",
    "year": "year: 2020",
    "year up to": "year: -2016",
    "year from": "year: 2018..",
    "status": "status: read",
    "statuses": "status: [reading, to-read]",
    "week number": "week: 1",
    "week by date": "week: 2020-07-15",
    "rating from": "rating: 4-",
    "rating": "rating: 3",
    "with notes": "notes: true",
    "without notes": "notes: false",
    "default order": "",
    "sort by title": "sort: title",
    "sort by year": "sort: -year",
    "sort by two": "sort: [venue, -year]",
    "sort by rating": "sort: -rating",
    "sort as added": "sort: added",
    "limit": "sort: title\nlimit: 2",
    "filters together": "tag: loc\nstatus: read\nsort: -read\nlimit: 10",
    "no match": "tag: loc/det\nstatus: read",
}
EXPECTED = {
    "tag with sub-tags": ["b", "a", "d"],  # newest read first; no read date last
    "tags any of": ["c", "a", "e"],
    "venue by alias": ["b"],
    "venues": ["a", "e"],
    "year range": ["c", "b", "e"],
    "year": ["d"],
    "year up to": ["a"],
    "year from": ["c", "e", "d"],
    "status": ["b", "a", "e"],
    "statuses": ["c", "d"],
    "week number": ["b", "a"],
    "week by date": ["c"],
    "rating from": ["a", "e"],
    "rating": ["b"],
    "with notes": ["a", "e"],  # a has a note here, e notes elsewhere (links.notes)
    "without notes": ["c", "b", "d"],
    "default order": ["c", "b", "a", "e", "d"],
    "sort by title": ["a", "b", "c", "d", "e"],
    "sort by year": ["d", "c", "e", "b", "a"],
    "sort by two": ["e", "a", "c", "b", "d"],  # CVPR 2018, CVPR 2015, ICCV, NeurIPS, none
    "sort by rating": ["a", "e", "b", "c", "d"],
    "sort as added": ["a", "b", "c", "d", "e"],
    "limit": ["a", "b"],
    "filters together": ["b", "a"],
    "no match": [],
}


def note_with_blocks(cases: dict[str, str]) -> str:
    parts = ["# Blocks\n"]
    for name, body in cases.items():
        parts.append(f"## {name}\n\n```papers\n{body}\n```\n")
    return "\n".join(parts)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    notes = {
        "index.md": "# Home\n",
        "papers/a.md": "---\npaper: a\n---\nNotes on Alpha.\n",
        "topics/blocks.md": note_with_blocks(CASES),
        "topics/table.md": textwrap.dedent("""\
            # Tables

            ```papers
            tag: loc
            columns: [title, year, venue, week, rating, notes, status, remark]
            sort: title
            ```

            ~~~papers
            format: table
            status: read
            ~~~

            ````markdown
            ```papers
            tag: loc
            ```
            ````
            """),
    }
    root = write_project(tmp_path_factory.mktemp("blocks") / "kb", PAPERS, notes, "week_start: 2020-06-29\n")
    return build_site(root, strict=True)


def block_ids(html: str) -> dict[str, list[str]]:
    found = {}
    for section in html.split("<h2 ")[1:]:
        name = re.sub(r"<[^>]+>", "", section.split(">", 1)[1].split("</h2>", 1)[0]).strip().rstrip("¶").strip()
        block = section.split('<section class="pn-papers" data-search-exclude>', 1)[1].split("</section>", 1)[0]
        found[name] = re.findall(r'data-paper="([^"]+)"', block)
    return found


def test_each_filter_sort_and_limit(site: Path) -> None:
    html = (site / "topics" / "blocks" / "index.html").read_text(encoding="utf-8")
    assert block_ids(html) == EXPECTED


def test_blocks_render_the_index_pages_entries(site: Path) -> None:
    html = (site / "topics" / "blocks" / "index.html").read_text(encoding="utf-8")
    week = (site / "weeks" / "2020-07-06" / "index.html").read_text(encoding="utf-8")
    entry = re.compile(r'<li class="pn-item" data-paper="b">.*?</li>', re.DOTALL)
    found_in_block, found_in_week = entry.search(html), entry.search(week)
    assert found_in_block and found_in_week
    # the same entry, links one level deeper from the week page than from the note
    assert found_in_block.group(0) == found_in_week.group(0)
    assert 'href="../../papers/b/"' in found_in_block.group(0)
    assert "No paper matches this block." in html
    assert "```papers" not in html and "<code>" not in html.split('<section class="pn-papers"', 1)[1]


def test_table_form_with_chosen_columns(site: Path) -> None:
    html = (site / "topics" / "table" / "index.html").read_text(encoding="utf-8")
    tables = re.findall(r'<table class="pn-papers__table">.*?</table>', html, re.DOTALL)
    assert len(tables) == 2
    first = tables[0]
    assert re.findall(r"<th[^>]*>([^<]+)</th>", first) == ["Title", "Year", "Venue", "Week", "Rating", "Notes", "Status", "Remark"]
    rows = re.findall(r'<tr data-paper="([^"]+)">(.*?)</tr>', first, re.DOTALL)
    assert [paper for paper, _ in rows] == ["a", "b", "d"]
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", rows[0][1], re.DOTALL)]
    assert cells == ["Alpha", "2015", "CVPR", "1", "★★★★★", "yes", "read", "&lt;b&gt;skips&lt;/b&gt;"]
    assert '<a href="../../years/2015/">2015</a>' in rows[0][1]
    assert '<a href="../../venues/cvpr/">CVPR</a>' in rows[0][1]
    assert '<a href="../../weeks/2020-07-06/">1</a>' in rows[0][1]
    assert re.findall(r"<th[^>]*>([^<]+)</th>", tables[1]) == ["Title", "Venue", "Year", "Read", "Topics"]
    # a papers block shown inside another fenced block stays code
    assert "<code>```papers" in html or "```papers" in re.sub(r"<[^>]+>", "", html)


# ---------------------------------------------------------------- bad blocks

BAD = """\
# Bad blocks

```papers
tags: loc
```

```papers
tag: loc/sge
venue: CVRP
```

```papers
year: recent
status: red
week: last
rating: 6
notes: maybe
```

```papers
sort: -date
limit: 0
format: grid
```

```papers
columns: [title, auhtors]
```

```papers
columns: [title]
format: list
```

```papers
- tag: loc
```

```papers
tag: [loc
```

```papers
tag: 5
venue: [true]
sort: []
columns: title
```
"""


def test_each_bad_block_message(tmp_path: Path) -> None:
    root = write_project(tmp_path / "kb", PAPERS, {"index.md": "# Home\n", "topics/bad.md": BAD})
    kb = load_knowledge_base(root / "papers.yaml", root / "docs", root)
    assert [p.format() for p in kb.problems] == [
        "docs/topics/bad.md:4:1: error: unknown key 'tags' in a papers block (did you mean 'tag'?)",
        "docs/topics/bad.md:8:1: warning: unknown tag 'loc/sge' in a papers block (did you mean 'loc/seg'?)",
        "docs/topics/bad.md:9:1: warning: unknown venue 'CVRP' in a papers block (did you mean 'CVPR'?)",
        "docs/topics/bad.md:13:1: error: 'year' must be a year (2020) or a range of years (2015-2018, 2018-, -2016), got the text 'recent'",
        "docs/topics/bad.md:14:1: error: 'status' must be one of 'to-read', 'reading', 'read' or a list of them, got the text 'red' (did you mean 'read'?)",
        "docs/topics/bad.md:15:1: error: 'week' must be a week number of the reading log (3) or a date in the week (2020-07-06), got the text 'last'",
        "docs/topics/bad.md:16:1: error: 'rating' must be 1 to 5 or a range (4-5, 4-), got the number 6",
        "docs/topics/bad.md:17:1: error: 'notes' must be true (papers with notes) or false (papers without), got the text 'maybe'",
        "docs/topics/bad.md:21:1: error: 'sort' must be read, year, title, rating, venue, added or a list of them, with '-' before one for the newest or largest first (sort: -read), got the text '-date'",
        "docs/topics/bad.md:22:1: error: 'limit' must be a whole number of at least 1, got the number 0",
        "docs/topics/bad.md:23:1: error: 'format' must be 'list' or 'table', got the text 'grid'",
        "docs/topics/bad.md:27:1: error: unknown column the text 'auhtors' in 'columns' (did you mean 'authors'?); columns: title, short, authors, year, venue, status, read, week, rating, remark, tags, notes",
        "docs/topics/bad.md:32:1: error: 'format' is 'list' but 'columns' are given: columns make a table; remove one of the two",
        "docs/topics/bad.md:36:1: error: a papers block must be 'key: value' lines (tag, venue, year, status, ...), got a list",
        "docs/topics/bad.md:41:1: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence that starts on line 40)",
        "docs/topics/bad.md:44:1: error: 'tag' must be a tag key or a list of them (tag: loc/seg), got the number 5",
        "docs/topics/bad.md:45:1: error: 'venue' must be a venue name or a list of them (venue: CVPR), got a list",
        "docs/topics/bad.md:46:1: error: 'sort' must name at least one of read, year, title, rating, venue, added, got a list",
        "docs/topics/bad.md:47:1: error: 'columns' must be a list of columns ([title, venue, year]) out of title, short, authors, year, venue, status, read, week, rating, remark, tags, notes, got the text 'title'",
    ]


def test_a_bad_block_shows_its_problem_and_check_reports_it(tmp_path: Path) -> None:
    root = write_project(tmp_path / "kb", PAPERS, {"index.md": "# Home\n", "topics/bad.md": "# Bad\n\n```papers\ntag: loc/sge\n```\n"})
    site = build_site(root)
    html = (site / "topics" / "bad" / "index.html").read_text(encoding="utf-8")
    assert (
        "<p class=\"pn-papers__problem\">This papers block is not rendered: unknown tag &#39;loc/sge&#39; in a papers block "
        "(did you mean &#39;loc/seg&#39;?)</p>"
    ) in html
    result = subprocess.run(
        [sys.executable, "-m", "papernotes.cli", "check", "--strict"], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "docs/topics/bad.md:4:1: warning: unknown tag 'loc/sge' in a papers block (did you mean 'loc/seg'?)" in result.stdout


def test_a_note_records_its_blocks(tmp_path: Path) -> None:
    root = write_project(tmp_path / "kb", PAPERS, {"index.md": "# Home\n", "topics/t.md": "# T\n\n```papers\ntag: loc\n```\n"})
    kb = load_knowledge_base(root / "papers.yaml", root / "docs", root)
    blocks = kb.notes["topics/t.md"].papers_blocks
    assert [(b.line, b.text, b.query.tags if b.query else None) for b in blocks] == [(3, "tag: loc", ("loc",))]
    assert kb.notes["index.md"].papers_blocks == []


def test_fences_found_as_markdown_reads_them() -> None:
    lines = textwrap.dedent("""\
        ```papers
        tag: a
        ```
        ````md
        ```papers
        tag: inside
        ```
        ````
        ~~~ papers
        tag: b
        ~~~
        ```python
        x = 1
        ```
        ```papers extra
        ```
            ```papers
            indented: code
            ```
        ```papers
        tag: unclosed""").split("\n")
    assert [(f.start, f.end, f.text) for f in papers_fences(lines)] == [
        (0, 3, "tag: a"), (8, 11, "tag: b"), (19, 21, "tag: unclosed"),
    ]


def test_many_blocks_are_not_quadratic(tmp_path: Path) -> None:
    # 20,000 blocks in one note: a scan per block would read 400 million lines
    body = "# Many\n\n" + "```papers\ntag: loc\nlimit: 1\n```\n\n" * 20_000
    lines = body.split("\n")
    assert len(papers_fences(lines)) == 20_000


def test_serve_renders_a_block_again_when_papers_yaml_changes(tmp_path: Path) -> None:
    import os
    import signal

    from test_serve import fetch, free_port, wait_for

    root = write_project(tmp_path / "kb", PAPERS, {"index.md": "# Home\n", "topics/t.md": "# T\n\n```papers\ntag: net\nsort: title\n```\n"})
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/topics/t/"
    try:
        wait_for(lambda: 'data-paper="e"' in (fetch(url) or ""), seconds=90)
        assert re.findall(r'data-paper="([^"]+)"', fetch(url) or "") == ["c", "e"]
        papers = root / "papers.yaml"
        papers.write_text(papers.read_text(encoding="utf-8").replace("tags: [loc/det]", "tags: [loc/det, net]"), encoding="utf-8")
        wait_for(lambda: re.findall(r'data-paper="([^"]+)"', fetch(url) or "") == ["c", "d", "e"])
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_a_year_with_a_long_run_of_spaces_is_read_in_linear_time() -> None:
    # The range pattern split a run of spaces every way: 67 s for one value of 100,000 before.
    from papernotes.knowledge.papers_blocks import read_block

    block = read_block('year: "' + " " * 200_000 + 'x"', "docs/t.md", 3)
    assert [p.format() for p in block.problems] == [
        "docs/t.md:4:1: error: 'year' must be a year (2020) or a range of years (2015-2018, 2018-, -2016), "
        f"got the text '{' ' * 37}...'",
    ]
    assert read_block('year: "  2015 ..  2018  "', "docs/t.md", 3).query.years == (2015, 2018)  # type: ignore[union-attr]


def test_a_sort_field_named_again_is_reported_and_counts_once(tmp_path: Path) -> None:
    from papernotes.knowledge.papers_blocks import read_block

    many = "sort: [" + ", ".join(["-year", "title", "year", "-title"] * 50_000) + "]"
    block = read_block(many, "docs/t.md", 3)
    assert block.query is not None and block.query.sort == (("year", True), ("title", False))
    assert [p.format() for p in block.problems] == [
        "docs/t.md:4:1: warning: 'sort' names a field more than once; only its first place counts: sort: [-year, title]",
    ]
    root = write_project(tmp_path / "kb", PAPERS, {"index.md": "# Home\n", "t.md": "# T\n\n```papers\nsort: [-year, title, year]\n```\n"})
    kb = load_knowledge_base(root / "papers.yaml", root / "docs", root)
    assert [p.format() for p in kb.problems] == [
        "docs/t.md:4:1: warning: 'sort' names a field more than once; only its first place counts: sort: [-year, title]",
    ]
    html = (build_site(root) / "t" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-paper="([^"]+)"', html) == ["d", "c", "e", "b", "a"]


def test_a_fence_of_many_tildes_and_a_backtick_is_read_in_linear_time() -> None:
    # `~{3,}` gave back one tilde at a time to the info string: about 30 s at 10,000 before.
    from papernotes.knowledge.papers_blocks import _OPENER_RE

    assert papers_fences(["~" * 200_000 + "`", "tag: a", "~~~"]) == []
    old = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[ \t]*$")
    for line in ("~~~~`", "````x`", "~~~ papers", "````papers", "~~~~~~x ~", "``` `", "   ~~~~~~"):
        found, before = _OPENER_RE.match(line), old.match(line)
        assert (found and found.groups()) == (before and before.groups()), line
