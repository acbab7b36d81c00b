"""Citations inside the library, the works it is missing, and its authors: plain functions."""

from __future__ import annotations

from papernotes.knowledge.model import Paper
from papernotes.knowledge.references import Reference
from papernotes.site.library_graph import GraphMemo, author_key, authors_of, library_graph, remembered_graph


def paper(paper_id: str, title: str, **fields: object) -> Paper:
    return Paper.model_validate({"id": paper_id, "title": title, **fields})


LIBRARY = {
    p.id: p
    for p in [
        paper("resnet", "Deep Residual Learning for Image Recognition", doi="10.1109/CVPR.2016.90", arxiv="1512.03385", year=2016,
              authors=["Kaiming He", "Xiangyu Zhang"]),
        paper("attention", "Attention Is All You Need", arxiv="1706.03762", year=2017, authors=["Ashish Vaswani"]),
        paper("vit", "An Image is Worth 16x16 Words", year=2021, authors=["Alexey Dosovitskiy", "kaiming  he"]),
        paper("handwritten", "A Note Without Identifiers"),
    ]
}


def test_references_match_records_by_doi_then_arxiv_then_title() -> None:
    references = {
        "vit": [
            Reference(doi="10.1109/cvpr.2016.90", title="another title"),  # DOI in another case
            Reference(arxiv="1706.03762"),
            Reference(title="a note without identifiers!"),  # title, punctuation and case ignored
        ],
    }
    graph = library_graph(LIBRARY, references)
    assert graph.cites == {"vit": ["resnet", "attention", "handwritten"]}  # in papers.yaml's order
    assert graph.cited_by == {"resnet": ["vit"], "attention": ["vit"], "handwritten": ["vit"]}
    assert graph.missing == []


def test_a_rebuild_reuses_the_graph_until_a_record_s_identifiers_or_the_references_change() -> None:
    references = {"vit": [Reference(arxiv="1706.03762"), Reference(title="Attention is all you need")]}
    memo = GraphMemo()
    first = remembered_graph(LIBRARY, references, memo)
    assert first.cites == {"vit": ["attention"]}
    # a new plan with the same records and the same references (what serve makes after a note edit)
    assert remembered_graph(dict(LIBRARY), references, memo) is first
    # a record's title changed: the citation by title no longer finds it
    retitled = {**LIBRARY, "attention": paper("attention", "Attention Is Not All", year=2017)}
    assert remembered_graph(retitled, references, memo).cites == {}
    assert remembered_graph(LIBRARY, references, memo).cites == {"vit": ["attention"]}
    # references.yaml read again (its lists a new object): made again
    cited_twice = {"vit": [Reference(arxiv="1706.03762")], "resnet": [Reference(arxiv="1706.03762")]}
    assert remembered_graph(LIBRARY, cited_twice, memo).cited_by == {"attention": ["resnet", "vit"]}
    assert remembered_graph(LIBRARY, references, None) is not remembered_graph(LIBRARY, references, None)


def test_a_cycle_is_listed_both_ways_and_a_paper_citing_itself_is_not_its_own_citer() -> None:
    references = {
        "resnet": [Reference(arxiv="1706.03762"), Reference(doi="10.1109/CVPR.2016.90")],
        "attention": [Reference(doi="10.1109/CVPR.2016.90"), Reference(title="Attention Is All You Need")],
    }
    graph = library_graph(LIBRARY, references)
    assert graph.cites == {"resnet": ["attention"], "attention": ["resnet"]}
    assert graph.cited_by == {"attention": ["resnet"], "resnet": ["attention"]}


def test_a_paper_without_references_or_identifiers_has_empty_lists() -> None:
    graph = library_graph(LIBRARY, {"handwritten": [], "gone": [Reference(arxiv="1706.03762")]})
    assert graph.cites == {} and graph.cited_by == {}  # a list of a paper papers.yaml lacks counts for nothing


def test_missing_works_are_ranked_by_how_many_papers_cite_them() -> None:
    lenet = Reference(doi="10.1109/5.726791", title="Gradient-based learning applied to document recognition", year=1998)
    vgg_arxiv = Reference(arxiv="1409.1556")
    vgg_titled = Reference(arxiv="1409.1556", title="Very Deep Convolutional Networks")
    references = {
        "resnet": [lenet, vgg_titled, Reference(title="Once Only")],
        "attention": [Reference(doi="10.1109/5.726791"), vgg_arxiv, lenet],  # twice by one paper counts once
        "vit": [Reference(title="GRADIENT-based learning applied to document recognition.")],  # its title, another spelling
        "handwritten": [Reference(title="Once only")],
    }
    graph = library_graph(LIBRARY, references)
    assert [(work.title, work.cited_by) for work in graph.missing] == [
        ("Gradient-based learning applied to document recognition", ["resnet", "attention", "vit"]),
        ("Once Only", ["resnet", "handwritten"]),
        ("Very Deep Convolutional Networks", ["resnet", "attention"]),
    ]
    assert [work.add_command for work in graph.missing] == [
        "papernotes add 10.1109/5.726791",
        "papernotes add 'Once Only'",
        "papernotes add 1409.1556",
    ]
    assert graph.missing[0].year == 1998


def test_a_title_only_work_s_add_line_is_quoted_for_the_shell() -> None:
    references = {paper_id: [Reference(title="It's $(rm -rf ~) `x`")] for paper_id in ("resnet", "vit")}
    assert library_graph(LIBRARY, references).missing[0].add_command == "papernotes add 'It'\"'\"'s $(rm -rf ~) `x`'"


def test_a_large_library_is_matched_in_linear_time() -> None:
    # 5,000 papers each citing 10 others: a scan of the papers per reference would take minutes
    count = 5_000
    papers = {f"p{i}": paper(f"p{i}", f"Paper number {i}", doi=f"10.1000/{i}") for i in range(count)}
    references = {f"p{i}": [Reference(doi=f"10.1000/{(i + step) % count}") for step in range(1, 11)] for i in range(count)}
    graph = library_graph(papers, references)
    assert len(graph.cites["p0"]) == 10 and len(graph.cited_by["p0"]) == 10


def test_authors_of_two_papers_get_a_page_each() -> None:
    authors = authors_of(LIBRARY.values())
    assert list(authors) == ["kaiming he"]
    he = authors["kaiming he"]
    assert he.name == "Kaiming He" and he.slug == "kaiming-he"
    assert [p.id for p in he.papers] == ["vit", "resnet"]  # newest first
    assert author_key("  Kaiming\u00a0He ") == "kaiming he"


def test_author_slugs_are_unique_and_do_not_depend_on_the_order_of_papers() -> None:
    papers = [paper(f"p{i}", f"T{i}", authors=["Jörg Müller", "Jorg Muller", "陈明"]) for i in range(2)]
    one = authors_of(papers)
    two = authors_of(list(reversed(papers)))
    assert {key: a.slug for key, a in one.items()} == {key: a.slug for key, a in two.items()}
    assert len({a.slug for a in one.values()}) == 3
