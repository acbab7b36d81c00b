"""Property-based tests: whatever a user's files hold, loading, importing and rendering hold up.

- Loading and validation never raise (only Problems, or FatalProblem for an unreadable file),
  never hang, and every Problem points at a file, a line and a column with a message.
- A valid record written out as YAML reads back as the same data.
- Note front matter and bodies never make `load_note` raise.
- The README importer never raises or hangs, and the papers file it would write validates.
- Rendered fragments take no markup from the data: a record made of HTML and Markdown
  metacharacters gives the same elements and attributes as one made of plain letters, and
  every link is http(s), relative or a fragment.

The hypothesis profile (tests/conftest.py) fixes the number of examples and derandomizes the
runs, so CI tries the same inputs every time; `HYPOTHESIS_PROFILE=dev` tries many more.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import signal
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import assume, currently_in_test_context, event, given, note, settings
from hypothesis import strategies as st

from conftest import build_site, write_project
from papernotes.importers import existing, imported, papers_text
from papernotes.importers import plan as planning
from papernotes.importers import readme as importer
from papernotes.knowledge.knowledge_base import FatalProblem, KnowledgeBase, Note, Ref, Tag
from papernotes.knowledge.model import LINK_KINDS, STATUSES, NoteMeta, Paper
from papernotes.knowledge.notes import load_note
from papernotes.knowledge.problems import Problem
from papernotes.knowledge.validation import load_knowledge_base
from papernotes.site.kinds import paper as paper_kind
from papernotes.site.kinds import planned_pages, render_page
from papernotes.site.kinds.home import summary
from papernotes.site.pages import Options, SitePlan, note_title
from papernotes.site.ref_links import RefLinksExtension
from papernotes.site.urls import url_of

TODAY = dt.date(2026, 12, 1)  # fixed, so "in the future" means the same on every run
SECONDS_PER_EXAMPLE = 10  # far above what any example takes (well under a second), far below a hang


class Hang(BaseException):
    """One example ran past its time bound (a BaseException: `except Exception` cannot hide it)."""


@contextmanager
def time_bound(seconds: float = SECONDS_PER_EXAMPLE) -> Iterator[None]:
    """Fail the example if its body runs longer than `seconds` (SIGALRM: Python code only,
    a loop inside C code is interrupted once it returns to Python)."""

    def expire(signum: int, frame: Any) -> None:
        raise Hang(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the module: hypothesis runs each test's examples in the same function call."""
    return tmp_path_factory.mktemp("properties")


def assert_well_formed(problems: list[Problem], line_count: int | None = None) -> None:
    for problem in problems:
        assert isinstance(problem.file, str) and problem.file, problem
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        assert isinstance(problem.column, int) and problem.column >= 1, problem
        assert problem.severity in ("error", "warning"), problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        if line_count is not None:
            assert problem.line <= line_count + 1, f"{problem} points past the end of the file ({line_count} lines)"


def line_count(data: bytes) -> int:
    """Lines of the file, counting U+0085, U+2028 and U+2029 too: the YAML parser counts them as
    line breaks (test_problem_lines_are_the_lines_an_editor_shows is about that)."""
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return text.count("\n") + sum(text.count(separator) for separator in "\x85\u2028\u2029") + 1


def load_bytes(workdir: Path, data: bytes, notes: dict[str, bytes] | None = None) -> KnowledgeBase | None:
    """Write papers.yaml (and notes) and load them; None when the file counts as unreadable."""
    papers = workdir / "papers.yaml"
    papers.write_bytes(data)
    docs = workdir / "docs"
    if docs.exists():
        for old in docs.iterdir():
            old.unlink()
    docs.mkdir(exist_ok=True)
    for name, text in (notes or {}).items():
        (docs / name).write_bytes(text)
    with time_bound():
        try:
            kb = load_knowledge_base(papers, docs, workdir, today=TODAY)
        except FatalProblem as exc:
            assert str(exc), "a fatal problem says what it is"
            if currently_in_test_context():
                event("unreadable (FatalProblem)")
            return None
    assert_well_formed(kb.problems, line_count(data) if not notes else None)
    if currently_in_test_context():  # what kind of input this was, for --hypothesis-show-statistics
        if kb.fatal:
            event("no papers mapping (syntax error or other data)")
        else:
            event(f"{len(kb.papers)} valid papers, {'some' if kb.problems else 'no'} problems")
    if kb.fatal is not None:
        assert kb.fatal in kb.problems
    return kb


# ---------------------------------------------------------------- YAML-ish text

YAML_TOKENS = [
    "papers:", "tags:", "venues:", "\n", "\n", "\n", "  ", "    ", "- ", "-", ": ", ":", "id: ", "title: ",
    "year: ", "read: ", "tags: ", "links: ", "url: ", "status: ", "rating: ", "venue: ", "authors: ",
    "resnet", "Deep Residual Learning", "2016", "2020-06-22", "2020-13-45", "read", "to-read", "5", "-1",
    "1e999", "0x1F", "0o17", "99999999999999999999999999", "1_000", ".inf", ".nan", "~", "null", "yes", "no",
    "on", "off", "True", "&a ", "*a", "&b ", "*b", "<<: ", "<<: *a", "!!str ", "!!int ", "!!float ",
    "!!bool ", "!!timestamp ", "!!binary ", "!!set ", "!!omap ", "!!map ", "!!seq ", "!!null ",
    "!!python/object:os.system ", "!!python/name:os.system ", "!custom ", "!", "[", "]", "{", "}", ", ", ",",
    "'", '"', "\\", "\\e", "\\u202e", "\\x1b", "\t", "\ufeff", "\r\n", "\r", "\x00", "\x1b", "\x85", "\u2028",
    "\u202e", "\x7f", "\ud7ff", "\U0001f916", "注意力", "---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:",
    "? ", "|", "|-", ">", "#", " # c", "@", "`", "%", "https://arxiv.org/abs/1512.03385", "javascript:alert(1)",
]


yaml_ish = st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)
raw_bytes = st.binary(max_size=200)


@given(text=yaml_ish)
def test_yaml_ish_text_loads_without_raising(workdir: Path, text: str) -> None:
    load_bytes(workdir, text.encode("utf-8", errors="surrogatepass"))


@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_loads_without_raising(workdir: Path, text: str) -> None:
    load_bytes(workdir, text.encode("utf-8"))


@given(data=raw_bytes)
def test_any_bytes_load_without_raising(workdir: Path, data: bytes) -> None:
    load_bytes(workdir, b"papers:\n  - id: a\n    title: " + data)


# ---------------------------------------------------------------- mutations of a valid papers.yaml

VALID_PAPERS = """\
# a knowledge base written for these tests
tags:
  net: Network architectures
  loc/seg: Segmentation
venues:
  NeurIPS:
    name: Neural Information Processing Systems
    aliases: [NIPS]
  CVPR:
papers:
  - id: resnet
    title: Deep Residual Learning for Image Recognition
    short: ResNet
    authors: [Kaiming He, Xiangyu Zhang]
    year: 2016
    venue: CVPR
    url: https://arxiv.org/abs/1512.03385
    links: {code: https://github.com/example/resnet, pdf: https://arxiv.org/pdf/1512.03385}
    tags: [net]
    read: 2020-06-22
    status: read
    group: "Breadth: Classics"
    rating: 5
    abstract: >
      Deeper networks are harder to train; residual blocks help.
    image: https://example.org/images/resnet.png
    highlights:
      - "Identity shortcuts."
  - id: unet
    title: "U-Net: Convolutional Networks for Biomedical Image Segmentation"
    year: 2015
    venue: NIPS
    tags: [loc/seg]
    status: to-read
"""

INSERTIONS = [
    "\t", "&a ", "*a", "&a [x]", "*b", "<<: *a", "!!str ", "!!int ", "!!float ", "!!timestamp ", "!!binary ",
    "!!set ", "!!python/object/apply:os.system ", "!custom ", "[" * 40, "]" * 40, "{" * 40, "[[[{{{",
    "\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u202e", "\ufeff", "\r", "\r\n", ":", "- ",
    "'", '"', "#", "---\n", "...\n", "? ", "|", ">", "\\", "%YAML 1.2\n", "[" * 1500,
]


@st.composite
def mutated_papers(draw: st.DrawFn) -> bytes:
    lines = VALID_PAPERS.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "dedent"]))
        at = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            lines = [""]
        if kind == "delete" and len(lines) > 1:
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap" and len(lines[at]) >= 2:
            i = draw(st.integers(0, len(lines[at]) - 2))
            line = lines[at]
            lines[at] = line[:i] + line[i + 1] + line[i] + line[i + 2 :]
        elif kind == "insert":
            i = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:i] + draw(st.sampled_from(INSERTIONS)) + lines[at][i:]
        elif kind == "indent":
            lines[at] = "  " + lines[at]
        elif kind == "dedent":
            lines[at] = lines[at][2:] if lines[at].startswith("  ") else lines[at]
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text.encode("utf-8")


@given(data=mutated_papers())
def test_mutated_papers_yaml_loads_without_raising(workdir: Path, data: bytes) -> None:
    load_bytes(workdir, data)


# Found by test_any_text_loads_without_raising: PyYAML and libyaml end a line at U+0085, U+2028
# and U+2029 too, so every problem after one was reported lines below where an editor shows it.
@given(separators=st.lists(st.sampled_from(["\x85", "\u2028", "\u2029", "\t", "x"]), min_size=1, max_size=4).map("".join))
def test_problem_lines_are_the_lines_an_editor_shows(workdir: Path, separators: str) -> None:
    text = f'papers:\n  - id: a\n    title: "T{separators}T"\n    year: soon\n'
    kb = load_bytes(workdir, text.encode("utf-8"))
    assert kb is not None
    assert [(p.line, p.column, p.key) for p in kb.problems] == [(4, 5, "year")]


def test_the_unmutated_papers_yaml_is_valid(workdir: Path) -> None:
    kb = load_bytes(workdir, VALID_PAPERS.encode())
    assert kb is not None and kb.problems == [] and list(kb.papers) == ["resnet", "unet"]


# ---------------------------------------------------------------- records built from strategies

# Text as pydantic keeps it: str_strip_whitespace leaves these unchanged. Without U+0085: PyYAML's
# emitter writes it raw inside a single-quoted scalar with allow_unicode, where YAML reads it as a
# line break (yaml.safe_load gives a space back too), so that text cannot round-trip that way.
plain_text = st.text(st.characters(exclude_characters="\x85", codec="utf-8"), min_size=1, max_size=30).map(str.strip).filter(bool)
paper_ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,15}\Z")
tag_keys = st.from_regex(r"\A[a-z0-9][a-z0-9_.+-]{0,8}(/[a-z0-9][a-z0-9_.+-]{0,8}){0,2}\Z")
urls = st.one_of(
    st.builds(
        lambda host, path: f"https://{host}.org/{path}",
        st.from_regex(r"\A[a-z]{1,10}\Z"),
        st.from_regex(r"\A[A-Za-z0-9/._~%-]{0,20}\Z"),
    ),
    st.from_regex(r"\A(\.\./|\./)?[a-z0-9_-]{1,10}(/[a-z0-9_-]{1,10}){0,2}\.(png|pdf|md)\Z"),
    st.from_regex(r"\A#[a-z-]{1,10}\Z"),
)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=TODAY)


@st.composite
def valid_records(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = {"id": draw(paper_ids), "title": draw(plain_text)}
    optional = {
        "short": plain_text,
        "authors": st.lists(plain_text, min_size=1, max_size=4),
        "year": st.integers(1800, TODAY.year + 1),
        "venue": plain_text,
        "url": urls,
        "links": st.dictionaries(st.sampled_from(LINK_KINDS), urls, min_size=1, max_size=3),
        "tags": st.lists(tag_keys, min_size=1, max_size=3),
        "read": dates,
        "status": st.sampled_from(STATUSES),
        "group": plain_text,
        "rating": st.integers(1, 5),
        "abstract": plain_text,
        "image": urls,
        "highlights": st.lists(plain_text, min_size=1, max_size=3),
    }
    for name in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        record[name] = draw(optional[name])
    return record


def dump(data: Any, unicode: bool, flow: bool) -> bytes:
    return yaml.safe_dump(data, allow_unicode=unicode, default_flow_style=flow, sort_keys=False).encode("utf-8")


@given(
    records=st.lists(valid_records(), min_size=1, max_size=4, unique_by=lambda r: str(r["id"]).lower()),
    unicode=st.booleans(),
    flow=st.booleans(),
)
def test_valid_records_round_trip(workdir: Path, records: list[dict[str, Any]], unicode: bool, flow: bool) -> None:
    """Dumped as YAML and loaded again, a valid record is the same data (and has no error)."""
    data = dump({"papers": records}, unicode, flow)
    note(data.decode())
    kb = load_bytes(workdir, data)
    assert kb is not None
    assert kb.errors == []
    assert list(kb.papers) == [record["id"] for record in records]
    for record in records:
        assert kb.papers[record["id"]].model_dump(exclude_defaults=True) == record


@st.composite
def vocabularies(draw: st.DrawFn) -> dict[str, Any]:
    """Valid `tags:` and `venues:`: every spelling of a venue differs from every other, ignoring case."""
    tags = draw(st.dictionaries(tag_keys, st.none() | plain_text, max_size=4))
    spellings = draw(st.lists(plain_text, max_size=6, unique_by=str.lower))
    venues: dict[str, Any] = {}
    while spellings:
        name, aliases = spellings[0], spellings[1 : 1 + draw(st.integers(0, 2))]
        spellings = spellings[1 + len(aliases) :]
        details = {"name": draw(plain_text)} if draw(st.booleans()) else {}
        if aliases:
            details["aliases"] = aliases
        venues[name] = details or None
    return {"tags": tags, "venues": venues}


@given(vocabulary=vocabularies(), unicode=st.booleans())
def test_valid_vocabularies_round_trip(workdir: Path, vocabulary: dict[str, Any], unicode: bool) -> None:
    kb = load_bytes(workdir, dump({**vocabulary, "papers": []}, unicode, False))
    assert kb is not None and kb.problems == []
    declared = {key: tag.description for key, tag in kb.tags.items() if tag.declared}
    assert declared == vocabulary["tags"]
    assert {key: (entry.name, entry.aliases) for key, entry in kb.venues.items()} == {
        key: ((details or {}).get("name"), (details or {}).get("aliases", [])) for key, details in vocabulary["venues"].items()
    }


ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | dates
    | st.sampled_from(["javascript:alert(1)", "//evil.example", " ", "", "data:text/html,x"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def any_records(draw: st.DrawFn) -> Any:
    """Records with every field valid or not, unknown keys, or not a mapping at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(ANY_VALUE)
    record = draw(valid_records())
    keys = [*sorted(Paper.model_fields), "links.code", "unknown", "Title", "tag"]
    for name in draw(st.lists(st.sampled_from(keys), unique=True, max_size=4)):
        if name == "links.code":
            record["links"] = {"code": draw(ANY_VALUE), draw(st.text(max_size=5)): draw(ANY_VALUE)}
        elif draw(st.booleans()):
            record[name] = draw(ANY_VALUE)
        else:
            record.pop(name, None)
    return record


tag_descriptions = st.none() | st.text(max_size=10) | st.integers()
venue_details = st.fixed_dictionaries({}, optional={"name": ANY_VALUE, "aliases": ANY_VALUE})


@given(
    records=st.lists(any_records(), max_size=4),
    tags=st.none() | st.dictionaries(st.text(max_size=10), tag_descriptions, max_size=3) | ANY_VALUE,
    venues=st.none() | st.dictionaries(st.text(max_size=10), st.none() | venue_details, max_size=3) | ANY_VALUE,
    unicode=st.booleans(),
)
def test_records_with_any_values_load_without_raising(
    workdir: Path, records: list[Any], tags: Any, venues: Any, unicode: bool
) -> None:
    document: dict[str, Any] = {"papers": records}
    if tags is not None:
        document["tags"] = tags
    if venues is not None:
        document["venues"] = venues
    try:
        data = dump(document, unicode, False)
    except yaml.representer.RepresenterError:
        assume(False)
    load_bytes(workdir, data)


# ---------------------------------------------------------------- notes

MARKDOWN_TOKENS = [
    "[[resnet]]", "[[unet|U-Net]]", "[[nope]]", "[[", "]]", "[[a|", "|", "`", "``", "```", "~~~", "```python\n",
    "\n", "\n", "# Title\n", "## ", "    code\n", "> ", "- ", "* ", "[link](https://x.org)", "![img](a.png)",
    "<div>", "</div>", "<script>", "&amp;", "\\", "\t", "\r\n", "\x1b", "\u202e", "\ufeff", "text ", "注意力 ",
    "---\n", "...\n", "paper: resnet\n", "tags: [net]\n", "title: T\n", "paper: [\n", "tags: net\n", ": ",
    "&a ", "*a", "!!python/object:os.system ",
]
markdown_ish = st.lists(st.sampled_from(MARKDOWN_TOKENS), max_size=40).map("".join)
front_matter = st.one_of(
    st.builds(
        lambda d: yaml.safe_dump(d, allow_unicode=True),
        st.dictionaries(st.sampled_from(["paper", "tags", "title", "other", "search"]), ANY_VALUE, max_size=4),
    ),
    markdown_ish,
    st.text(max_size=60),
)


@given(
    front=front_matter,
    body=markdown_ish,
    closer=st.sampled_from(["---", "...", "--- ", "", "---\r"]),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_notes_load_without_raising(workdir: Path, front: str, body: str, closer: str, crlf: bool, bom: bool) -> None:
    text = f"---\n{front}\n{closer}\n{body}"
    if crlf:
        text = text.replace("\n", "\r\n")
    if bom:
        text = "\ufeff" + text
    path = workdir / "note.md"
    data = text.encode("utf-8", errors="surrogatepass")
    path.write_bytes(data)
    with time_bound():
        note_, problems = load_note(path, "note.md", "docs/note.md")
    assert_well_formed(problems, line_count(data))
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for ref in note_.refs:  # a reference's position is where its [[ stands in the file
        assert ref.paper_id and 1 <= ref.line <= len(lines), ref
        assert lines[ref.line - 1][ref.column - 1 :].startswith("[["), (ref, lines[ref.line - 1])


@given(body=markdown_ish)
def test_notes_with_refs_check_against_papers_without_raising(workdir: Path, body: str) -> None:
    text = body.encode("utf-8", errors="surrogatepass")
    load_bytes(workdir, VALID_PAPERS.encode(), {"a.md": text, "b.md": b"---\npaper: resnet\n---\n" + text})


# ---------------------------------------------------------------- the README importer

README_LINES = [
    "# My paper notes", "## Week 3 - 2020.07.06", "### Wk3 - 2020.07.06", "## July 2020", "## 2020-07",
    "## Resources", "## Table of contents", "## Wish-List", "Wish-List", "Breadth: Segmentation",
    "* [Gml] General ML", "* [Net] Networks",
    "* [Deep Residual Learning](https://arxiv.org/abs/1512.03385) <kbd>CVPR 2016</kbd>",
    "- [x] [U-Net: Convolutional Networks](https://arxiv.org/abs/1505.04597)",
    "- [ ] [Attention Is All You Need](https://arxiv.org/abs/1706.03762) <kbd>NIPS 2017</kbd>",
    "1. **[ResNet]** [Deep Residual Learning](http://example.org/resnet) [Net]",
    "* [[github]](https://github.com/example/code)", "  [[paper]](https://example.org/p.pdf)",
    "* [[TBP]()]", "* [[Notes]](notes/resnet.md)", "[[Notes]](https://blog.example.org/n)",
    "![#c5ff15](https://placehold.it/15/c5ff15/000000?text=+) checked",
    "![#ff0000](https://placehold.it/15/ff0000/000000?text=+)",
    '<img src="images/resnet.png" width="200">', "<img src=x onerror=alert(1)>", "<sub>An abstract.</sub>",
    "<sup>sup</sup>", "> A highlight.", "| a | b |", "|---|---|", "| [T](https://x.org) | <kbd>2020</kbd> |",
    "```", "<!--", "-->", "", "", "plain text line", "A Title On Its Own", "https://arxiv.org/abs/2001.00001",
    "[Models](#models)", "* [javascript](javascript:alert(1))", "* [T](//evil.example)", "* [](https://x.org)",
    "* [Title with `code` and <kbd>](https://x.org/a)", "<kbd>2099</kbd>", "## 2099-01-01", "\t* [Tab](https://t.org)",
    "* [注意力](https://x.cn/a)", "* [\x1b[2J\u202e](https://x.org/e)", "[" * 30, "<kbd>" * 5,
]


@st.composite
def readme_texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(README_LINES), max_size=30))
    for _ in range(draw(st.integers(0, 4))):  # mutations: swapped characters, inserted metacharacters
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        i = draw(st.integers(0, len(lines[at])))
        inserted = draw(st.sampled_from(["[", "]", "(", ")", "<", ">", "`", "*", "|", "#", "\t", " ", "!", "\\"]))
        lines[at] = lines[at][:i] + inserted + lines[at][i + 1 :]
    text = "\n".join(lines)
    return "\r\n".join(text.split("\n")) if draw(st.booleans()) else text


def import_text(workdir: Path, text: str) -> tuple[imported.ParsedFile, str | None]:
    """What `papernotes import` would write into an empty folder (the dry run's plan), without writing."""
    with time_bound():
        parsed = importer.parse_readme(text, today=TODAY)
        plan = planning.plan_import(parsed, existing.Existing(), workdir / "readme", workdir / "notes", "README.md")
        additions = {"tags": plan.new_tags, "venues": plan.new_venues, "papers": plan.records}
        if not any(additions.values()):
            return parsed, None
        new_text = papers_text.new_papers_text(additions, "README.md")
        papers_text.check_appended(existing.Existing(), new_text, plan, "papers.yaml")
    return parsed, new_text


@given(text=readme_texts())
def test_imported_readme_validates(workdir: Path, text: str) -> None:
    parsed, new_text = import_text(workdir, text)
    for line, message in parsed.report:
        assert line >= 1 and message
    if new_text is None:
        event("nothing to import")
    else:
        event(f"would import {len(parsed.entries)} entries" if parsed.entries else "vocabulary only")
    if new_text is not None:
        note(new_text)
        kb = load_bytes(workdir, new_text.encode("utf-8"))
        assert kb is not None
        assert kb.errors == [], "\n".join(p.format() for p in kb.errors)


def reimported(workdir: Path, text: str, new_text: str) -> imported.Plan:
    """The plan of importing `text` again into the papers file its first import wrote."""
    papers = workdir / "reimport" / "papers.yaml"
    papers.parent.mkdir(exist_ok=True)
    papers.write_text(new_text, encoding="utf-8")
    with time_bound():
        return planning.plan_import(
            importer.parse_readme(text, today=TODAY), existing.load_existing(papers, "papers.yaml", TODAY),
            workdir / "readme", workdir / "notes", "README.md",
        )


@given(text=readme_texts())
def test_importing_the_same_readme_again_adds_nothing(workdir: Path, text: str) -> None:
    parsed, new_text = import_text(workdir, text)
    assume(new_text is not None)
    # A title without a single word cannot be matched again (test_a_readme_entry_is_imported_once).
    assume(all(re.search(r"\w", entry.title) for entry in parsed.entries))
    again = reimported(workdir, text, new_text)
    assert (again.records, again.new_tags, again.new_venues) == ([], {}, {})


def test_a_line_whose_link_never_closes_is_not_joined_to_the_next() -> None:
    # Found by test_importing_the_same_readme_again_adds_nothing: the unbalanced '(' kept the
    # link open, the next line was joined to it as a wrapped title, and a record titled '* ['
    # came out, which no later import could match, so every import added it again.
    parsed = importer.parse_readme("- [x] [U-Net: Conv](ht(ps://a.org)\n* [[TBP]()]", today=TODAY)
    assert [entry.title for entry in parsed.entries] == []
    wrapped = importer.parse_readme("- [x] [U-Net: Convolutional Networks for\n  Biomedical Image Segmentation](https://arxiv.org/abs/1505.04597)", today=TODAY)
    assert [entry.title for entry in wrapped.entries] == ["U-Net: Convolutional Networks for Biomedical Image Segmentation"]


@given(text=st.text(max_size=300))
def test_any_readme_text_imports_without_raising(workdir: Path, text: str) -> None:
    import_text(workdir, text)


# ---------------------------------------------------------------- rendering takes no markup from data

METACHARACTERS = [
    "<", ">", "&", '"', "'", "`", "[", "]", "(", ")", "!", "*", "_", "#", "|", "\\", "=", "/", ":", ";", " ", "{", "}", "%",
]
META_TOKENS = [
    *METACHARACTERS, "javascript:", "onerror=", "onclick=", "<script>", "</script>", "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>", "[x](javascript:alert(1))", "![i](x.png)", "&lt;", "&#x3C;", "{{ 7*7 }}",
    "{% raw %}", "<!--", "-->", "<![CDATA[", "]]>", "</textarea>", "\" onmouseover=\"", "' autofocus onfocus='",
]
meta_text = st.lists(st.sampled_from(META_TOKENS), min_size=1, max_size=8).map("".join).map(str.strip).filter(bool)
NOTE_TITLE = "title of a note"
URL_PREFIXES = ["https://example.org/", "http://example.org/p?q=", "./", "../", "#", "images/"]


def plain_twin(text: str) -> str:
    """`text` with every character but spaces replaced by letters, one to one (so equal texts stay
    equal and different ones different, and the templates take the same branches)."""
    return " ".join("".join(f"q{ord(char):x}z" for char in word) for word in text.split(" "))


@st.composite
def metachar_records(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A record whose text fields are metacharacters, and its plain-letter twin."""
    record: dict[str, Any] = {"id": "p1", "title": draw(meta_text), "tags": draw(st.lists(tag_keys, max_size=2, unique=True))}
    record[NOTE_TITLE] = draw(meta_text)  # the title of a topic note that mentions the paper
    for name in ("short", "venue", "group", "abstract"):
        if draw(st.booleans()):
            record[name] = draw(st.just(record["title"]) | meta_text) if name == "short" else draw(meta_text)
    if draw(st.booleans()):
        record["authors"] = draw(st.lists(meta_text, min_size=1, max_size=3))
    if draw(st.booleans()):
        record["highlights"] = draw(st.lists(meta_text, min_size=1, max_size=3))
    url_keys = ["url", "image", *(f"links.{kind}" for kind in LINK_KINDS)]
    url_fields = draw(st.lists(st.sampled_from(url_keys), unique=True, max_size=4))
    urls_: dict[str, tuple[str, str]] = {name: (draw(st.sampled_from(URL_PREFIXES)), draw(meta_text)) for name in url_fields}
    for name in ("year", "rating"):
        if draw(st.booleans()):
            record[name] = {"year": 2016, "rating": 4}[name]
    if draw(st.booleans()):
        record["read"] = dt.date(2020, 6, 22)
    if draw(st.booleans()):
        record["status"] = draw(st.sampled_from(STATUSES))

    def build(text_of: Any) -> dict[str, Any]:
        built: dict[str, Any] = {}
        for key, value in record.items():
            if isinstance(value, str) and key != "id" and key != "status":
                built[key] = text_of(value)
            elif key in ("authors", "highlights"):
                built[key] = [text_of(item) for item in value]
            else:
                built[key] = value
        for name, (prefix, rest) in urls_.items():
            target = built.setdefault("links", {}) if name.startswith("links.") else built
            target[name.removeprefix("links.")] = prefix + text_of(rest).replace(" ", "%20")
        return built

    return build(lambda text: text), build(plain_twin)


class Markup(HTMLParser):
    """What a fragment's markup is made of: elements with their attribute names and classes, and
    the link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: Counter[tuple[Any, ...]] = Counter()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = tuple(sorted(name for name, _ in attrs))
        classes = tuple(value or "" for name, value in attrs if name == "class")
        self.shape[("start", tag, names, classes)] += 1
        url_attributes = ("href", "src", "action", "formaction", "srcset", "poster")
        self.links.extend(value or "" for name, value in attrs if name in url_attributes)

    def handle_endtag(self, tag: str) -> None:
        self.shape[("end", tag)] += 1

    def handle_comment(self, data: str) -> None:
        self.shape[("comment",)] += 1

    def handle_decl(self, decl: str) -> None:
        self.shape[("declaration", decl)] += 1

    def handle_pi(self, data: str) -> None:
        self.shape[("processing instruction",)] += 1

    def unknown_decl(self, data: str) -> None:
        self.shape[("declaration", data)] += 1


def markup_of(fragment: str) -> Markup:
    parser = Markup()
    parser.feed(fragment)
    parser.close()
    return parser


_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def assert_safe_link(target: str) -> None:
    squeezed = re.sub(r"[\x00-\x20]", "", target)  # as browsers read a scheme: "java\tscript:" is javascript:
    scheme = _SCHEME_RE.match(squeezed)
    assert scheme is None or scheme.group(1).lower() in ("http", "https"), f"unsafe link {target!r}"
    assert not squeezed.startswith(("//", "\\\\", "/\\", "\\/")), f"protocol-relative link {target!r}"


_TEMPLATES: dict[str, Any] = {}


def rendered_fragments(record: dict[str, Any]) -> list[tuple[str, str]]:
    """Every fragment SitePlan renders for a knowledge base holding this record twice (ids p1, p2)."""
    fields = dict(record)
    topic_meta = NoteMeta(title=fields.pop(NOTE_TITLE), tags=fields["tags"])
    topic = Note("topic.md", "docs/topic.md", topic_meta, [Ref("p1", None, 3, 1)])
    paper = Paper.model_validate(fields)
    other = Paper.model_validate({**fields, "id": "p2"})  # same tags, venue and week: a related paper
    kb = KnowledgeBase("papers.yaml")
    kb.papers = {paper.id: paper, other.id: other}
    kb.tags = {key: Tag(key, None) for key in paper.tags}
    kb.notes = {topic.src_uri: topic}
    plan = SitePlan(kb, Options(week_start=dt.date(2020, 6, 15), weekly_goal=3), {topic.src_uri: note_title(topic)})
    # Templates compiled once for the module: compiling them for every plan is 90% of an example.
    plan._env = _TEMPLATES.setdefault("env", plan._env)
    paper_url = url_of(plan.paper_src(paper.id), True)
    label = re.sub(r"[][`\\]", "", record["title"])  # brackets, backticks and backslashes are the note's own Markdown
    fragments = [
        ("paper header", paper_kind.paper_header(plan, paper, paper_url)),
        ("paper footer", paper_kind.paper_footer(plan, paper, paper_url)),
        ("summary", summary(plan, "")),
        # a label with brackets is no reference and a backtick may open a code span: either way the
        # note's own Markdown, left as written
        ("reference", note_html(plan, f"See [[{paper.id}]], [[{paper.id}|{label}]] and `[[{paper.id}]]`.")),
    ]
    for page in planned_pages(plan):  # in the same order for a record and its twin
        fragments.append((f"title of the {page.kind} page", page.title))
        if page.kind != "paper":
            fragments.append((f"{page.kind} page", render_page(plan, page, url_of(page.src_uri, True))))
    return fragments


def note_html(plan: SitePlan, text: str) -> str:
    """A note on the page notes/x/ through Python-Markdown with the references extension, as the plugin renders it."""
    extension = RefLinksExtension()
    extension.resolve = lambda paper_id, label: plan.resolve_ref(paper_id, label, "notes/x/")
    return markdown.markdown(text, extensions=[extension, "toc", "tables", "fenced_code"])


@given(records=metachar_records())
def test_rendered_markup_comes_from_the_templates_not_the_data(records: tuple[dict[str, Any], dict[str, Any]]) -> None:
    hostile, plain = records
    try:
        Paper.model_validate({key: value for key, value in hostile.items() if key != NOTE_TITLE})
    except ValueError:
        assume(False)  # e.g. a relative URL that reads as a scheme: refused by validation already
    note(repr(hostile))
    with time_bound():
        got, expected = rendered_fragments(hostile), rendered_fragments(plain)
    assert [name for name, _ in got] == [name for name, _ in expected]
    for (name, fragment), (_, twin) in zip(got, expected, strict=True):
        markup = markup_of(fragment)
        assert markup.shape == markup_of(twin).shape, f"{name}: the data made markup\n{fragment}"
        for target in markup.links:
            assert_safe_link(target)


# ---------------------------------------------------------------- a real build takes no markup from front matter

SITE_PAPERS = "papers:\n  - id: p1\n    title: Paper one\n    short: P1\n"
ref_text = meta_text.map(lambda text: re.sub(r"[][`\\\n]", "", text).strip()).filter(bool)  # what [[id|text]] can hold


@st.composite
def hostile_notes(draw: st.DrawFn) -> dict[str, str]:
    """Front matter texts and [[refs]] of one note, made of HTML and Markdown metacharacters."""
    return {
        "title": draw(meta_text),
        "description": draw(meta_text),
        "subtitle": draw(meta_text),
        "unknown-key": draw(meta_text),
        "label": draw(ref_text),  # [[p1|label]]
    }


def built_note_page(root: Path, texts: dict[str, str]) -> str:
    """The page of a note made of `texts`, from a real MkDocs build of a site that holds it."""
    front_matter = {key: texts[key] for key in ("title", "description", "subtitle", "unknown-key")}
    front = yaml.safe_dump(front_matter, allow_unicode=True, width=10_000)
    # (an unknown id is left as written: the note's own Markdown, which may hold HTML)
    body = f"See [[p1]], [[ p1 | {texts['label']} ]] and [[no-such-paper]].\n"
    write_project(root, SITE_PAPERS, {"index.md": "# Home\n", "note.md": f"---\n{front}---\n{body}"})
    return (build_site(root) / "note" / "index.html").read_text(encoding="utf-8")


@settings(max_examples=max(1, settings.default.max_examples // 5))  # 12 under the ci profile: two builds each
@given(texts=hostile_notes())
def test_a_built_page_takes_no_markup_from_front_matter_or_refs(workdir: Path, texts: dict[str, str]) -> None:
    """The whole page Material renders for a note: its head, nav and content have the same
    elements and attributes as the page of a note made of plain letters."""
    note(repr(texts))
    with time_bound(120):
        page = built_note_page(workdir / "hostile-site", texts)
        twin = built_note_page(workdir / "plain-site", {key: plain_twin(text) for key, text in texts.items()})
    markup = markup_of(page)
    assert markup.shape == markup_of(twin).shape, f"the data made markup\n{page}"
    for target in markup.links:
        assert_safe_link(target)
    assert html.escape(texts["title"]) in page and html.escape(texts["subtitle"]) in page
    assert f">{html.escape(texts['label'], quote=False)}</a>" in page


# ---------------------------------------------------------------- terminal output of `papernotes check`


BIDI_AND_SEPARATORS = set("\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@given(
    text=st.text(
        st.characters(codec="utf-8") | st.sampled_from(sorted(BIDI_AND_SEPARATORS)) | st.characters(max_codepoint=0x9F),
        max_size=80,
    )
)
def test_printable_leaves_no_control_and_changes_nothing_else(text: str) -> None:
    from papernotes.importers.printable import printable

    unsafe_categories = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}
    shown = printable(text)
    unsafe = [char for char in shown if unicodedata.category(char) in unsafe_categories or char in BIDI_AND_SEPARATORS]
    assert unsafe == []
    safe = "".join(char for char in text if unicodedata.category(char) not in unsafe_categories)
    assert printable(safe) == safe
