"""While serving, papers.yaml is parsed and checked record by record, and a record whose lines
did not change is not parsed or checked again (`LoadMemo`). What it loads must be what a fresh
load of the same file gives: the records, every position and every problem, edit after edit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from papernotes.knowledge.knowledge_base import KnowledgeBase
from papernotes.knowledge.loading import split_records
from papernotes.knowledge.papers_file import load_papers
from papernotes.knowledge.validation import LoadMemo

TODAY = dt.date(2024, 6, 1)

BASE = """\
# my reading list
tags:
  net: Network architectures
  loc/seg: Semantic segmentation
venues:
  CVPR:
    aliases: [cvpr]
papers:
  # 2024
  - id: resnet
    title: Deep Residual Learning
    year: 2016
    venue: cvpr
    tags: [net]
    abstract: |
      We present a residual learning framework.

      - not an item: part of the text
  - id: unet
    title: "U-Net: a title
      on two lines"
    year: 2015
    tags:
      - loc/seg
    links:
      code: https://github.com/x/unet
      notes: https://example.org/unet
# a comment at the margin, inside the list
  - id: bad-year
    title: From the future
    year: 2999
    tags: [nett]
  -   id: odd-indent
      title: Indented further
      read: 2024-05-01
"""


def snapshot(kb: KnowledgeBase) -> tuple[object, ...]:
    return (
        kb.papers, kb.paper_lines, kb.positions, kb.file_links, kb.tags, kb.venues,
        [problem.format() for problem in kb.problems], kb.fatal.format() if kb.fatal else None,
    )


def assert_same_as_fresh(path: Path, text: str, memo: LoadMemo) -> bool:
    """And whether the memo went record by record."""
    path.write_text(text, encoding="utf-8")
    fresh = load_papers(path, "papers.yaml", TODAY)
    kept = load_papers(path, "papers.yaml", TODAY, memo)
    assert snapshot(kept) == snapshot(fresh)
    return memo.by_record


def test_split_records_cuts_the_list_at_each_item() -> None:
    split = split_records(BASE, "papers")
    assert split is not None
    assert [above for above, _ in split.records] == [9, 18, 28, 32]
    assert split.records[1][1].splitlines()[0] == "  - id: unet"
    assert split.records[1][1].splitlines()[-1] == "# a comment at the margin, inside the list"
    skeleton = split.skeleton.split("\n")
    assert len(skeleton) == len(BASE.split("\n")) and skeleton[7] == "papers: []"
    assert all(not line for line in skeleton[8:])


@pytest.mark.parametrize(
    "text",
    [
        "papers: [{id: a, title: A}]\n",  # a flow list
        "---\npapers:\n  - id: a\n    title: A\n",  # a document marker
        "papers:\n  - id: a\n    title: A\npapers:\n  - id: b\n    title: B\n",  # the key twice
        "papers:\n\t- id: a\n",  # a tab
        "papers:\n  - id: a\n    title: A\u2028B\n",  # a line break only YAML sees
        "papers:\n  - id: a\n title: A\n",  # a line left of the items
        "papers:\n  id: a\n",  # a mapping, not a list
        "tags:\n  net: N\n",  # no list at all
    ],
)
def test_split_records_leaves_odd_shapes_to_the_whole_parse(text: str) -> None:
    assert split_records(text, "papers") is None


EDITS = [
    ("a title", lambda t: t.replace("Deep Residual Learning", "Deep Residual Learning, renamed")),
    ("a line added to the first record", lambda t: t.replace("    year: 2016\n", "    year: 2016\n    short: ResNet\n")),
    ("a tag added", lambda t: t.replace("tags: [net]", "tags: [net, loc/seg]")),
    ("a record added at the top", lambda t: t.replace("  # 2024\n", "  # 2024\n  - id: vit\n    title: ViT\n")),
    ("an alias to another record's anchor", lambda t: t.replace("    links:\n      code", "    links: &links\n      code")
     .replace("    tags: [nett]\n", "    tags: [nett]\n    links: *links\n")),
    ("the alias removed", lambda t: t.replace("    links: *links\n", "").replace("links: &links", "links:")),
    ("a syntax error", lambda t: t.replace("title: From the future", "title: [From the future")),
    ("the error fixed", lambda t: t.replace("title: [From the future", "title: From the future")),
    ("a duplicate id", lambda t: t.replace("id: odd-indent", "id: unet")),
    ("the same record twice", lambda t: t + "  - id: twin\n    title: Twin\n  - id: twin\n    title: Twin\n"),
    ("a tag of the vocabulary renamed", lambda t: t.replace("  net: Network architectures", "  nett: Network architectures")),
    ("a venue alias removed", lambda t: t.replace("    aliases: [cvpr]\n", "")),
    ("nested too deep", lambda t: t + "  - id: deep\n    title: Deep\n    highlights: " + "[" * 99 + "]" * 99 + "\n"),
    ("the deep record removed", lambda t: t.split("  - id: deep\n")[0]),
    ("a record removed", lambda t: t.replace("  - id: bad-year\n    title: From the future\n    year: 2999\n    tags: [nett]\n", "")),
    ("a flow list instead", lambda t: t.replace("papers:\n", "papers: [{id: flow, title: Flow}]\nold:\n")),
    ("back to a block list", lambda t: t.replace("papers: [{id: flow, title: Flow}]\nold:\n", "papers:\n")),
]


def test_each_edit_loads_as_a_fresh_load_does(tmp_path: Path) -> None:
    path, memo = tmp_path / "papers.yaml", LoadMemo()
    text = BASE
    by_record = [assert_same_as_fresh(path, text, memo)]
    for name, edit in EDITS:
        edited = edit(text)
        assert edited != text, name
        text = edited
        by_record.append(assert_same_as_fresh(path, text, memo))
    # parsed whole: the anchor and alias, the syntax error, the flow list
    assert [name for (name, _), whole in zip(EDITS, [not b for b in by_record[1:]], strict=True) if whole] == [
        "an alias to another record's anchor", "a syntax error", "nested too deep", "a flow list instead"
    ]


def test_unchanged_records_are_not_parsed_or_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from papernotes.knowledge import papers_file

    path, memo = tmp_path / "papers.yaml", LoadMemo()
    path.write_text(BASE, encoding="utf-8")
    load_papers(path, "papers.yaml", TODAY, memo)
    parsed: list[str] = []
    real_parse = papers_file.parse_yaml
    monkeypatch.setattr(papers_file, "parse_yaml", lambda text, *a, **k: parsed.append(text) or real_parse(text, *a, **k))
    path.write_text(BASE.replace("Indented further", "Indented, renamed"), encoding="utf-8")
    kb = load_papers(path, "papers.yaml", TODAY, memo)
    assert kb.papers["odd-indent"].title == "Indented, renamed"
    assert len(parsed) == 2 and "Indented, renamed" in parsed[0]  # the edited record, then the skeleton
    assert kb.papers["resnet"] is memo.checked_records[next(k for k in memo.checked_records if "resnet" in k[0])]


RECORD_LINES = st.sampled_from([
    "  - id: a{n}\n    title: Paper {n}\n",
    "  - id: b{n}\n    title: \"Quoted {n}\"\n    tags: [net]\n",
    "  - id: c{n}\n    title: Block {n}\n    abstract: |\n      Text.\n      - dash\n",
    "  - id: d{n}\n    title: Anchored {n}\n    links: &l{n}\n      code: https://x.org/{n}\n",
    "  - id: e{n}\n    title: Alias {n}\n    links: *l0\n",
    "  - id: f{n}\n    title: [Broken {n}\n",
    "  - id: a{n}\n    title: Same id {n}\n    year: 2999\n",
    "# margin comment\n",
    "  -\n    id: g{n}\n    title: Dash alone {n}\n",
])


@given(st.lists(st.tuples(RECORD_LINES, st.integers(0, 3)), min_size=1, max_size=8), st.data())
def test_random_lists_and_edits_load_as_fresh_loads_do(tmp_path_factory: pytest.TempPathFactory, records, data) -> None:
    path, memo = tmp_path_factory.mktemp("papers") / "papers.yaml", LoadMemo()
    head = "tags:\n  net: N\npapers:\n"
    text = head + "".join(line.format(n=n) for line, n in records)
    assert_same_as_fresh(path, text, memo)
    for _ in range(3):
        at = data.draw(st.integers(0, len(records) - 1))
        replacement = data.draw(RECORD_LINES)
        records[at] = (replacement, data.draw(st.integers(0, 3)))
        text = head + "".join(line.format(n=n) for line, n in records)
        assert_same_as_fresh(path, text, memo)
