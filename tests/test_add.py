"""`papernotes add`: the service clients against local stand-ins, and the record appended as text."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from cli_runs import run
from metadata_services import (
    ACCENTED_CROSSREF,
    EMPTY_ATOM,
    OPENALEX_WORK,
    RESNET_ATOM,
    RESNET_CROSSREF,
    RESNET_S2,
    Services,
    arxiv_entry,
    arxiv_feed,
    atom_answer,
    crossref_work,
    json_answer,
    serving,
    slow,
    use_services,
)
from papernotes import cli
from papernotes.services.http import Client, Service, ServiceError, Settings, retry_after, user_agent
from papernotes.services.identifiers import Identifier, identify
from papernotes.services.metadata import Metadata, json_object, without_markup
from papernotes.services.openalex import abstract_of
from papernotes.services.openalex import by_doi as openalex_by_doi
from papernotes.services.resolve import map_venue, vocabulary_spellings

PAPERS = """\
# My reading list
tags:
  vision: Computer vision
venues:
  NeurIPS:
    aliases: [NIPS]
  CVPR:
    name: IEEE/CVF Conference on Computer Vision and Pattern Recognition
papers:
  - id: attention   # the transformer
    title: Attention Is All You Need
    arxiv: "1706.03762"
    venue: NIPS
    year: 2017
"""


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Services]:
    with serving() as running:
        use_services(monkeypatch, running, tmp_path / "cache")
        yield running


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "papers.yaml").write_text(PAPERS, encoding="utf-8")
    (root / "notes").mkdir()
    return root


def records(root: Path) -> dict[str, dict[str, object]]:
    data = yaml.safe_load((root / "papers.yaml").read_text(encoding="utf-8"))
    return {record["id"]: record for record in data["papers"]}


def answer_resnet(services: Services) -> None:
    services.answer("/arxiv/query", atom_answer(RESNET_ATOM))
    services.answer("/s2/graph/v1/paper/arXiv:1512.03385", json_answer(RESNET_S2))
    services.answer("/crossref/works/10.1109/cvpr.2016.90", json_answer(RESNET_CROSSREF))


def test_an_arxiv_preprint_is_added_as_its_published_version(
    services: Services, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer_resnet(services)
    code, out, err = run(["add", "https://arxiv.org/abs/1512.03385v2", "--into", str(project), "--tags", "vision"], capsys)
    assert code == 0, err
    record = records(project)["deep-residual-learning-image"]
    assert record == {
        "id": "deep-residual-learning-image",
        "title": "Deep Residual Learning for Image Recognition",
        "authors": ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"],
        "year": 2016,
        "venue": "CVPR",  # the knowledge base's name, from Crossref's '... (CVPR)'
        "url": "https://arxiv.org/abs/1512.03385",
        "doi": "10.1109/CVPR.2016.90",
        "arxiv": "1512.03385",
        "tags": ["vision"],
        "abstract": "Deeper neural networks are more difficult to train. We present a residual learning framework.",
    }
    assert "added 'deep-residual-learning-image' at kb/papers.yaml:15" in out.replace(str(project.parent) + "/", "")
    text = (project / "papers.yaml").read_text(encoding="utf-8")
    assert text.startswith(PAPERS)  # appended: every byte before kept, the comments too
    # the services were asked as documented, and told who asks
    path, query, headers = services.requests[0]
    assert (path, query["id_list"], query["max_results"]) == ("/arxiv/query", ["1512.03385"], ["1"])
    assert headers["User-Agent"] == "papernotes/0.1.0 (mailto:reader@example.org)"
    crossref = next(query for path, query, _ in services.requests if path.startswith("/crossref"))
    assert crossref["mailto"] == ["reader@example.org"]


def test_semantic_scholar_s_venue_names_map_to_the_vocabulary_alias(
    services: Services, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = arxiv_feed(arxiv_entry("1810.04805", "BERT: Pre-training of Deep Bidirectional Transformers", ["Jacob Devlin"],
                                  "2018-10-11T00:50:01Z", "We introduce BERT."))
    services.answer("/arxiv/query", atom_answer(feed))
    services.answer("/s2/graph/v1/paper/arXiv:1810.04805", json_answer({
        "paperId": "df2b0e26", "externalIds": {"ArXiv": "1810.04805"}, "title": "BERT", "year": 2019,
        "venue": "Neural Information Processing Systems",
        "publicationVenue": {"name": "Neural Information Processing Systems", "alternate_names": ["NIPS", "NeurIPS"]},
        "authors": [{"name": "Jacob Devlin"}],
    }))
    code, _out, _ = run(["add", "1810.04805", "--into", str(project), "--read", "2026-12-01", "--note"], capsys)
    assert code == 0
    record = records(project)["bert"]
    assert (record["short"], record["venue"], record["year"], record["read"]) == ("BERT", "NeurIPS", 2019, dt.date(2026, 12, 1))
    assert (project / "notes" / "papers" / "bert.md").read_text(encoding="utf-8") == "---\npaper: bert\n---\n\n"


def test_non_ascii_authors_and_title_keep_their_letters(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.answer("/crossref/works/10.5555/ecole.2021.7", json_answer(ACCENTED_CROSSREF))
    code, _out, err = run(["add", "https://doi.org/10.5555/ecole.2021.7", "--into", str(project)], capsys)
    assert code == 0, err
    record = records(project)["etudes-dapprentissage"]
    assert record["authors"] == ["Jörg Müller", "Łukasz Kaiser", "陈明"]
    assert record["title"] == "Études d’apprentissage: réseaux à mémoire"
    assert record["abstract"] == "Mémoire & attention."
    assert record["venue"] == "JMLR"
    assert "Jörg Müller" in (project / "papers.yaml").read_text(encoding="utf-8")  # written as UTF-8, not escaped


def test_a_doi_no_service_knows_writes_nothing(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.answer("/openalex/works/doi:10.9999/nothing", json_answer({"error": "Not found"}, 404))
    code, out, err = run(["add", "10.9999/nothing", "--into", str(project)], capsys)
    assert code == 1
    assert out == "10.9999/nothing: neither Crossref nor OpenAlex knows DOI 10.9999/nothing\n"
    assert err == "papernotes add: nothing was written: the paper above could not be found\n"
    assert (project / "papers.yaml").read_text(encoding="utf-8") == PAPERS


def test_a_429_is_waited_out_then_the_answer_taken(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.answer(
        "/crossref/works/10.1109/CVPR.2016.90",
        (429, {"Retry-After": "0", "Content-Type": "text/plain"}, b"Too Many Requests"),
        json_answer(RESNET_CROSSREF),
    )
    code, _out, err = run(["add", "10.1109/CVPR.2016.90", "--into", str(project)], capsys)
    assert code == 0, err
    assert services.asked("/crossref") == ["/crossref/works/10.1109/CVPR.2016.90"] * 2
    assert records(project)["deep-residual-learning-image"]["venue"] == "CVPR"


def test_a_service_that_keeps_failing_is_named_in_one_line(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.answer("/crossref/works/10.1109/CVPR.2016.90", (503, {}, b"busy"))
    code, out, _err = run(["add", "10.1109/CVPR.2016.90", "--into", str(project)], capsys)
    assert code == 1
    assert out == "10.1109/CVPR.2016.90: Crossref answered 503 Service Unavailable; asked 3 times, giving up\n"
    assert len(services.asked("/crossref")) == 3
    assert (project / "papers.yaml").read_text(encoding="utf-8") == PAPERS


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (b"garbage\r\n\r\n", "BadStatusLine: garbage"),
        (b"HTTP/1.1 2OO OK\r\n\r\n", "BadStatusLine: HTTP/1.1 2OO OK"),
        (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 900\r\n\r\n{\"status\": ", "IncompleteRead"),
    ],
)
def test_a_garbled_or_cut_short_answer_is_retried_then_named_in_one_line(
    services: Services, project: Path, capsys: pytest.CaptureFixture[str], reply: bytes, reason: str
) -> None:
    services.answer("/crossref/works/10.1109/CVPR.2016.90", reply)
    code, out, _err = run(["add", "10.1109/CVPR.2016.90", "--into", str(project)], capsys)
    assert code == 1
    assert out.startswith(f"10.1109/CVPR.2016.90: Crossref dropped the connection ({reason}")
    assert out.endswith("; asked 3 times, giving up\n")
    assert len(services.asked("/crossref")) == 3
    assert not list((project.parent / "cache").rglob("*.json"))  # nothing cut short is kept
    assert (project / "papers.yaml").read_text(encoding="utf-8") == PAPERS


def test_a_cut_short_answer_then_a_whole_one_takes_the_whole_one(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = json_answer(RESNET_CROSSREF)
    cut_short = b"HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n" + whole[2][:40]
    services.answer("/crossref/works/10.1109/CVPR.2016.90", cut_short, whole)
    code, _out, err = run(["add", "10.1109/CVPR.2016.90", "--into", str(project)], capsys)
    assert code == 0, err
    assert records(project)["deep-residual-learning-image"]["venue"] == "CVPR"


def test_an_address_urllib_refuses_is_named_in_one_line(tmp_path: Path) -> None:
    client = Client(Settings(cache_dir=None, retries=2, backoff=0))
    with pytest.raises(ServiceError, match=r"^cannot ask Crossref: URL can't contain control characters"):
        client.get(Service("Crossref", "http://127.0.0.1:9"), "/works/a b")
    assert client.requests == 1


def test_a_service_that_does_not_answer_in_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with serving() as services:
        use_services(monkeypatch, services, tmp_path / "cache", timeout=0.2)
        monkeypatch.setenv("PAPERNOTES_HTTP_RETRIES", "0")
        services.answer("/arxiv/query", slow(1.0, atom_answer(RESNET_ATOM)))
        code, out, _err = run(["add", "1512.03385", "--into", str(project)], capsys)
    assert code == 1
    assert out == "1512.03385: arXiv did not answer within 0.2 s; asked once, giving up\n"
    assert (project / "papers.yaml").read_text(encoding="utf-8") == PAPERS


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/arxiv/query", b"<html><body>Service unavailable", "arXiv gave an answer papernotes cannot read (not an Atom feed:"),
        ("/arxiv/query", b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaa">]><feed/>', "(a document type declaration)"),
        ("/crossref/works/10.1109/CVPR.2016.90", b'{"status": "ok", "message": ', "Crossref gave an answer papernotes cannot read (not JSON)"),
        ("/crossref/works/10.1109/CVPR.2016.90", b'{"status": "ok", "message": {"title": []}}', "(a work without a title)"),
        ("/crossref/works/10.1109/CVPR.2016.90", b"[1]", "Crossref gave an answer papernotes cannot read (no 'message' object)"),
        ("/crossref/works/10.1109/CVPR.2016.90", b"[" * 100_000, "Crossref gave an answer papernotes cannot read (JSON nested too deep)"),
    ],
)
def test_a_malformed_answer_is_reported_and_nothing_written(
    services: Services, project: Path, capsys: pytest.CaptureFixture[str], path: str, body: bytes, message: str
) -> None:
    services.answer(path, (200, {"Content-Type": "text/html"}, body))
    argument = "1512.03385" if path.startswith("/arxiv") else "10.1109/CVPR.2016.90"
    code, out, _err = run(["add", argument, "--into", str(project)], capsys)
    assert code == 1
    assert message in out
    assert (project / "papers.yaml").read_text(encoding="utf-8") == PAPERS


def test_an_arxiv_id_arxiv_does_not_have(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.answer("/arxiv/query", atom_answer(EMPTY_ATOM))
    code, out, _err = run(["add", "2512.99999", "--into", str(project)], capsys)
    assert (code, out) == (1, "2512.99999: arXiv knows no paper 2512.99999\n")


def test_a_repeated_call_asks_nothing(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer_resnet(services)
    first = run(["add", "1512.03385", "--into", str(project), "--dry-run"], capsys)
    asked = len(services.requests)
    assert asked == 3
    second = run(["add", "1512.03385", "--into", str(project), "--dry-run"], capsys)
    assert len(services.requests) == asked  # all from the cache
    assert first[0] == second[0] == 0
    assert first[1] == second[1]
    assert first[2] == second[2]
    assert "dry run: nothing was written" in first[1]
    assert "      venue: CVPR" in first[1]  # the record is shown
    assert (project / "papers.yaml").read_text(encoding="utf-8") == PAPERS


def test_a_paper_already_there_is_reported_with_its_line_and_nothing_asked(
    services: Services, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["add", "arXiv:1706.03762v5", "--into", str(project)], capsys)
    assert code == 0
    assert out.splitlines()[0].endswith("papers.yaml:10 as 'attention' (same arXiv id): not added")
    assert services.requests == []
    code, out, _ = run(["add", "attention is all you need!", "--into", str(project)], capsys)
    assert "as 'attention' (same title): not added" in out
    assert (project / "papers.yaml").read_text(encoding="utf-8") == PAPERS


def test_a_paper_found_to_be_there_after_asking(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = arxiv_feed(arxiv_entry("1706.03762", "Attention Is All You Need", ["Ashish Vaswani"], "2017-06-12T17:57:34Z", "The dominant ..."))
    services.answer("/crossref/works", json_answer({"status": "ok", "message": {"items": []}}))
    services.answer("/arxiv/query", atom_answer(feed))
    code, out, _ = run(["add", "10.48550/arXiv.1706.03762", "--into", str(project)], capsys)
    assert code == 0
    assert "as 'attention' (same arXiv id): not added" in out


def test_a_title_is_found_on_crossref(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.answer("/crossref/works", json_answer({"status": "ok", "message-type": "work-list", "message": {
        "total-results": 2,
        "items": [crossref_work("10.1/x", "Deep Residual Learning", [], "Other", 2020)["message"], RESNET_CROSSREF["message"]],
    }}))
    services.answer("/crossref/works/10.1109/CVPR.2016.90", json_answer(RESNET_CROSSREF))
    code, _out, err = run(["add", "Deep residual learning for image recognition", "--into", str(project), "--short", "ResNet"], capsys)
    assert code == 0, err
    record = records(project)["resnet"]
    assert (record["short"], record["doi"], record["year"]) == ("ResNet", "10.1109/CVPR.2016.90", 2016)
    search = services.requests[0][1]
    assert search["query.bibliographic"] == ["Deep residual learning for image recognition"]


def test_a_title_nobody_has(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.answer("/crossref/works", json_answer({"status": "ok", "message": {"items": [RESNET_CROSSREF["message"]]}}))
    services.answer("/arxiv/query", atom_answer(EMPTY_ATOM))
    code, out, _ = run(["add", "A paper about nothing", "--into", str(project)], capsys)
    assert code == 1
    assert "no paper titled 'A paper about nothing' on Crossref or arXiv (the closest title found: " in out


def test_a_proceedings_page_is_read_from_its_citation_tags(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = """<html><head><title>CVPR 2021 Open Access Repository</title>
    <meta name="citation_title" content="Learning Things &amp; More">
    <meta name="citation_author" content="Nguyễn, Văn">
    <meta name="citation_author" content="Smith, Ann">
    <meta name="citation_publication_date" content="2021">
    <meta name="citation_conference_title" content="Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition">
    <meta name="citation_pdf_url" content="http://openaccess.thecvf.com/x.pdf"></head><body></body></html>"""
    path = "/content/CVPR2021/html/Nguyen_Learning_Things_CVPR_2021_paper.html"
    services.answer(path, (200, {"Content-Type": "text/html"}, page.encode("utf-8")))
    url = services.base + path
    code, _out, err = run(["add", url, "--into", str(project)], capsys)
    assert code == 0, err
    record = records(project)["learning-things-more"]
    assert (record["title"], record["venue"], record["year"], record["url"]) == ("Learning Things & More", "CVPR", 2021, url)
    assert record["authors"] == ["Nguyễn, Văn", "Smith, Ann"]


def test_a_page_whose_date_starts_with_a_superscript_digit_has_no_year(
    services: Services, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = '<meta name="citation_title" content="Squared"><meta name="citation_publication_date" content="²021-01-01">'
    services.answer("/paper.html", (200, {"Content-Type": "text/html"}, page.encode("utf-8")))
    code, _out, err = run(["add", services.base + "/paper.html", "--into", str(project)], capsys)
    assert code == 0, err
    assert "year" not in records(project)["squared"]


def test_openalex_gives_the_abstract_with_a_key_that_is_never_cached(
    services: Services, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAPERNOTES_OPENALEX_KEY", "secret-key-123")
    services.answer("/crossref/works/10.1109/CVPR.2016.90", json_answer(RESNET_CROSSREF))
    services.answer("/openalex/works/doi:10.1109/CVPR.2016.90", json_answer(OPENALEX_WORK))
    code, _out, err = run(["add", "10.1109/CVPR.2016.90", "--into", str(project), "--no-refs"], capsys)
    assert code == 0, err
    assert records(project)["deep-residual-learning-image"]["abstract"] == "Deeper neural networks are hard to train."
    openalex = next(query for path, query, _ in services.requests if path.startswith("/openalex"))
    assert openalex["api_key"] == ["secret-key-123"]
    cached = [path.read_text(encoding="utf-8") for path in (tmp_path / "cache").rglob("*.json")]
    assert len(cached) == 2 and not any("secret-key-123" in text for text in cached)


def test_a_doi_with_url_characters_reaches_openalex_whole(services: Services) -> None:
    # '#' and '?' are legal in a DOI; unquoted, the URL would end the path at them
    doi = "10.1002/(SICI)1097-4636#1?x=<2>"
    services.answer(f"/openalex/works/doi:{doi}", json_answer(OPENALEX_WORK))
    work = openalex_by_doi(Client(Settings.from_environment()), doi)
    assert work.title == "Deep Residual Learning for Image Recognition"
    assert services.asked("/openalex") == [f"/openalex/works/doi:{doi}"]


def test_semantic_scholar_s_429_leaves_the_preprint(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.answer("/arxiv/query", atom_answer(RESNET_ATOM))
    services.answer("/s2/graph/v1/paper/arXiv:1512.03385", (429, {"Content-Type": "application/json"}, b'{"message": "Too Many Requests"}'))
    code, out, _ = run(["add", "1512.03385", "--into", str(project)], capsys)
    assert code == 0
    assert "added as the arXiv preprint: its published version was not looked up: Semantic Scholar asks to slow down (429)" in out
    record = records(project)["deep-residual-learning-image"]
    assert ("venue" not in record, record["year"]) == (True, 2015)


def test_add_refuses_a_knowledge_base_with_errors(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "papers.yaml").write_text("papers:\n  - id: a\n    year: 2016\n", encoding="utf-8")
    code, _out, err = run(["add", "1512.03385", "--into", str(project)], capsys)
    assert code == 2
    assert "add appends only into a papers file that check reads without errors" in err
    assert services.requests == []


def test_read_and_status_options_of_add_are_checked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["add", "1512.03385", "--read", "2026-13-01", "--into", str(project)])
    assert "--read: '2026-13-01' is not a date" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["add", "1512.03385", "--read", "--status", "to-read", "--into", str(project)])
    assert "--read marks the paper read: leave out --status to-read" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["add", "1512.03385", "1706.03762", "--short", "X", "--into", str(project)])
    assert "--short names one paper" in capsys.readouterr().err


# ---------------------------------------------------------------- plain functions


@pytest.mark.parametrize(
    ("argument", "identifier"),
    [
        ("1706.03762", Identifier("arxiv", "1706.03762")),
        ("1706.03762v7", Identifier("arxiv", "1706.03762")),
        ("arXiv:1706.03762", Identifier("arxiv", "1706.03762")),
        ("https://arxiv.org/abs/1706.03762v2", Identifier("arxiv", "1706.03762")),
        ("https://arxiv.org/pdf/1706.03762v2.pdf", Identifier("arxiv", "1706.03762")),
        ("http://export.arxiv.org/abs/hep-th/9901001", Identifier("arxiv", "hep-th/9901001")),
        ("10.1109/CVPR.2016.90", Identifier("doi", "10.1109/CVPR.2016.90")),
        ("https://doi.org/10.1109/CVPR.2016.90", Identifier("doi", "10.1109/CVPR.2016.90")),
        ("doi:10.1145/3292500.3330701", Identifier("doi", "10.1145/3292500.3330701")),
        ("https://doi.org/10.1000/a%2Fb%28c%29", Identifier("doi", "10.1000/a/b(c)")),
        # decoded, these are no DOI: the URL is a page
        ("https://doi.org/10.1000/a%0Ab", Identifier("page", "https://doi.org/10.1000/a%0Ab", "https://doi.org/10.1000/a%0Ab")),
        ("https://doi.org/10.1000/a%0A", Identifier("page", "https://doi.org/10.1000/a%0A", "https://doi.org/10.1000/a%0A")),
        ("https://doi.org/10.1000/a%1B[2J", Identifier("page", "https://doi.org/10.1000/a%1B[2J", "https://doi.org/10.1000/a%1B[2J")),
        ("https://doi.org/10.1000%2Fa", Identifier("page", "https://doi.org/10.1000%2Fa", "https://doi.org/10.1000%2Fa")),
        ("https://doi.org/10.48550/arXiv.1706.03762", Identifier("arxiv", "1706.03762")),
        ("https://aclanthology.org/N19-1423.pdf", Identifier("doi", "10.18653/v1/N19-1423", "https://aclanthology.org/N19-1423/")),
        ("https://aclanthology.org/2020.acl-main.463/", Identifier("doi", "10.18653/v1/2020.acl-main.463", "https://aclanthology.org/2020.acl-main.463/")),
        ("https://openreview.net/pdf?id=YicbFdNTTy", Identifier("page", "https://openreview.net/forum?id=YicbFdNTTy", "https://openreview.net/forum?id=YicbFdNTTy")),
        (
            "https://openaccess.thecvf.com/content/CVPR2021/papers/Xu_Paper_CVPR_2021_paper.pdf",
            Identifier("page", "https://openaccess.thecvf.com/content/CVPR2021/html/Xu_Paper_CVPR_2021_paper.html",
                       "https://openaccess.thecvf.com/content/CVPR2021/html/Xu_Paper_CVPR_2021_paper.html"),
        ),
        ("https://proceedings.mlr.press/v139/radford21a.html", Identifier("page", "https://proceedings.mlr.press/v139/radford21a.html", "https://proceedings.mlr.press/v139/radford21a.html")),
        ("  Attention  is all\nyou need ", Identifier("title", "Attention is all you need")),
        ("1706.03762 revisited", Identifier("title", "1706.03762 revisited")),
    ],
)
def test_identify(argument: str, identifier: Identifier) -> None:
    assert identify(argument) == identifier


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\xff", "S gave an answer papernotes cannot read (not JSON)"),
        (b"{", "S gave an answer papernotes cannot read (not JSON)"),
        (b"[" * 100_000, "S gave an answer papernotes cannot read (JSON nested too deep)"),
        (b'"text"', "S gave an answer papernotes cannot read (no work)"),
    ],
)
def test_a_json_answer_that_is_no_object_is_named(body: bytes, message: str) -> None:
    with pytest.raises(ServiceError) as refused:
        json_object("S", body, "no work")
    assert str(refused.value) == message


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after("7", 0) == 7
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470) == 10
    assert retry_after("soon", 0) is None
    assert retry_after("²", 0) is None  # a digit to str.isdigit, not to float()
    assert retry_after(None, 0) is None


def test_user_agent_and_settings_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('contact = "me@example.org"\nopenalex_key = "k1"\nsemanticscholar_key = "k2"\n', encoding="utf-8")
    settings = Settings.from_environment({"PAPERNOTES_CONFIG": str(config), "HOME": str(tmp_path)})
    assert (settings.contact, settings.openalex_key, settings.s2_key) == ("me@example.org", "k1", "k2")
    assert settings.cache_dir == tmp_path / ".cache" / "papernotes"
    assert settings.urls["arXiv"] == "https://export.arxiv.org/api"
    assert user_agent("me@example.org") == "papernotes/0.1.0 (mailto:me@example.org)"
    assert Client(settings).service("Semantic Scholar").headers == (("x-api-key", "k2"),)
    env = {"PAPERNOTES_CONFIG": str(config), "PAPERNOTES_CONTACT": "you@example.org", "PAPERNOTES_CACHE": "off"}
    settings = Settings.from_environment(env)
    assert (settings.contact, settings.cache_dir) == ("you@example.org", None)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PAPERNOTES_HTTP_TIMEOUT": "fast"}, "PAPERNOTES_HTTP_TIMEOUT='fast' is not a number of seconds"),
        ({"PAPERNOTES_ARXIV_INTERVAL": "-1"}, "PAPERNOTES_ARXIV_INTERVAL='-1' must be 0 or more"),
    ],
)
def test_bad_settings_are_named(env: dict[str, str], message: str, tmp_path: Path) -> None:
    from papernotes.services.http import ServiceError

    with pytest.raises(ServiceError, match=message):
        Settings.from_environment({**env, "PAPERNOTES_CONFIG": str(tmp_path / "none.toml")})


def test_a_bad_config_file_and_base_url_are_named(tmp_path: Path, project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('contact = "me\n', encoding="utf-8")
    monkeypatch.setenv("PAPERNOTES_CONFIG", str(config))
    code, _out, err = run(["add", "1512.03385", "--into", str(project)], capsys)
    assert code == 2
    assert err.startswith(f"papernotes add: {config}: cannot read the config (")
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("PAPERNOTES_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PAPERNOTES_ARXIV_API", "file:///etc")
    code, out, _err = run(["add", "1512.03385", "--into", str(project)], capsys)
    assert code == 1
    assert "the arXiv base URL 'file:///etc' is not an http(s) address" in out


def test_arxiv_waits_three_seconds_between_requests_across_runs(tmp_path: Path) -> None:
    waits: list[float] = []
    now = [1000.0]
    settings = Settings(cache_dir=tmp_path, urls={"arXiv": "http://127.0.0.1:9"})
    client = Client(settings, sleep=waits.append, clock=lambda: now[0])
    service = client.service("arXiv")
    client._keep_interval(service)
    now[0] += 1.0
    again = Client(settings, sleep=waits.append, clock=lambda: now[0])  # another run: the stamp file tells
    again._keep_interval(service)
    assert waits == [2.0]


def test_abstract_of_an_inverted_index() -> None:
    assert abstract_of({"world": [1], "Hello,": [0], "again": [3], "hello": [2]}) == "Hello, world hello again"
    assert abstract_of(None) is None
    from papernotes.services.http import ServiceError

    with pytest.raises(ServiceError, match="position out of range"):
        abstract_of({"word": [10**9]})


def test_jats_markup_is_taken_out_in_linear_time() -> None:
    assert without_markup("<jats:p>A &lt;b&gt; &amp; c</jats:p>") == "A <b> & c"
    without_markup("<" * 200_000 + "a")  # no tag closes: a backtracking scan would take minutes


def test_map_venue() -> None:
    spellings = vocabulary_spellings({"NeurIPS": (None, ["NIPS"]), "Vision Letters": ("Letters on Vision", [])})
    paper = Metadata("x", "T", venue="Advances in Neural Information Processing Systems 30")
    assert map_venue(paper, spellings) == "NeurIPS"
    assert map_venue(Metadata("x", "T", venue="Letters on Vision"), spellings) == "Vision Letters"
    assert map_venue(Metadata("x", "T", venue="The Twelfth International Conference on Learning Representations"), {}) == "ICLR"
    assert map_venue(Metadata("x", "T", venue="arXiv"), spellings) is None
    assert map_venue(Metadata("x", "T", venue="Some Workshop"), spellings) == "Some Workshop"
    only_nips = vocabulary_spellings({"NIPS": (None, [])})
    assert map_venue(Metadata("x", "T", venue="Neural Information Processing Systems"), only_nips) == "NIPS"


def test_the_written_file_keeps_its_mode(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer_resnet(services)
    os.chmod(project / "papers.yaml", 0o640)
    code, _out, _err = run(["add", "1512.03385", "--into", str(project)], capsys)
    assert code == 0
    assert os.stat(project / "papers.yaml").st_mode & 0o777 == 0o640
    assert textwrap.dedent(PAPERS) in (project / "papers.yaml").read_text(encoding="utf-8")


def test_the_starter_s_home_page_points_to_the_adding_guide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["init", str(tmp_path)]) == 0
    home = (tmp_path / "notes" / "index.md").read_text(encoding="utf-8")
    assert "`papernotes add 1706.03762 --tags net`" in home
    assert "*Adding papers* (`notes/guide/add.md` in its repository)" in home
    assert (Path(__file__).resolve().parent.parent / "notes" / "guide" / "add.md").is_file()


def test_a_record_check_would_refuse_is_not_written(services: Services, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    services.answer("/crossref/works/10.1109/CVPR.2016.90", json_answer(crossref_work(
        "10.1109/CVPR.2016.90", "A Paper", [], "Some Venue", 2016, URL="javascript:alert(1)")))
    code, _out, err = run(["add", "10.1109/CVPR.2016.90", "--into", str(project), "--tags", "Not A Tag"], capsys)
    assert code == 1
    assert err.startswith("papernotes add: the record of 'a-paper' would not pass check (tags.0: ")
    assert (project / "papers.yaml").read_text(encoding="utf-8") == PAPERS
    code, _out, err = run(["add", "10.1109/CVPR.2016.90", "--into", str(project), "--dry-run"], capsys)
    assert code == 0, err
    assert "url:" not in _out  # a javascript: address from a service is not kept
