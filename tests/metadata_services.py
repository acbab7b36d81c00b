"""A stand-in for arXiv, Crossref, OpenAlex and Semantic Scholar on 127.0.0.1, answering in
each service's documented format, and the answers the tests use."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

# (status, headers, body); a callable is called with the query and answers so; bytes are sent
# as they are, then the connection is closed (a garbled or cut-short answer)
Answer = tuple[int, dict[str, str], bytes]
Route = Answer | Callable[[dict[str, list[str]]], Answer] | bytes


@dataclass
class Services:
    base: str
    routes: dict[str, list[Route]] = field(default_factory=dict)  # path -> answers, the last one repeated
    requests: list[tuple[str, dict[str, list[str]], dict[str, str]]] = field(default_factory=list)

    def answer(self, path: str, *answers: Route) -> None:
        self.routes[path] = list(answers)

    def asked(self, prefix: str = "") -> list[str]:
        return [path for path, _query, _headers in self.requests if path.startswith(prefix)]


@contextmanager
def serving() -> Iterator[Services]:
    services = Services("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            path = urllib.parse.unquote(parts.path)
            query = urllib.parse.parse_qs(parts.query)
            services.requests.append((path, query, dict(self.headers)))
            answers = services.routes.get(path)
            if not answers:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"Resource not found."
            else:
                route = answers.pop(0) if len(answers) > 1 else answers[0]
                if isinstance(route, bytes):
                    self.wfile.write(route)
                    self.close_connection = True
                    return
                status, headers, body = route(query) if callable(route) else route
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    services.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield services
    finally:
        server.shutdown()
        server.server_close()


def use_services(monkeypatch: pytest.MonkeyPatch, services: Services, cache: object, timeout: float = 2.0) -> None:
    """Point every client at `services`, with short waits, a cache in the test's folder and no user config."""
    monkeypatch.setenv("PAPERNOTES_ARXIV_API", services.base + "/arxiv")
    monkeypatch.setenv("PAPERNOTES_CROSSREF_API", services.base + "/crossref")
    monkeypatch.setenv("PAPERNOTES_OPENALEX_API", services.base + "/openalex")
    monkeypatch.setenv("PAPERNOTES_S2_API", services.base + "/s2")
    monkeypatch.setenv("PAPERNOTES_CACHE", str(cache))
    monkeypatch.setenv("PAPERNOTES_CONFIG", str(cache) + "-no-config.toml")
    monkeypatch.setenv("PAPERNOTES_HTTP_TIMEOUT", str(timeout))
    monkeypatch.setenv("PAPERNOTES_HTTP_BACKOFF", "0.01")
    monkeypatch.setenv("PAPERNOTES_HTTP_RETRIES", "2")
    monkeypatch.setenv("PAPERNOTES_ARXIV_INTERVAL", "0")
    monkeypatch.setenv("PAPERNOTES_S2_INTERVAL", "0")
    monkeypatch.setenv("PAPERNOTES_CONTACT", "reader@example.org")
    for name in ("PAPERNOTES_OPENALEX_KEY", "PAPERNOTES_S2_KEY"):
        monkeypatch.delenv(name, raising=False)


def json_answer(document: object, status: int = 200) -> Answer:
    return status, {"Content-Type": "application/json"}, json.dumps(document).encode("utf-8")


def atom_answer(xml: str) -> Answer:
    return 200, {"Content-Type": "application/atom+xml; charset=utf-8"}, xml.encode("utf-8")


def slow(seconds: float, answer: Answer) -> Callable[[dict[str, list[str]]], Answer]:
    def later(_query: dict[str, list[str]]) -> Answer:
        time.sleep(seconds)
        return answer

    return later


def arxiv_feed(*entries: str) -> str:
    """An arXiv API answer (Atom 1.0 with the arxiv and opensearch extensions), as export.arxiv.org writes it."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3D%26id_list%3D1512.03385%26start%3D0%26max_results%3D1" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list=1512.03385&amp;start=0&amp;max_results=1</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2026-12-07T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(entries)}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:itemsPerPage>
{"".join(entries)}</feed>
"""


def arxiv_entry(arxiv_id: str, title: str, authors: list[str], published: str, summary: str, extra: str = "") -> str:
    names = "".join(f"    <author>\n      <name>{name}</name>\n    </author>\n" for name in authors)
    return f"""  <entry>
    <id>http://arxiv.org/abs/{arxiv_id}v1</id>
    <updated>{published}</updated>
    <published>{published}</published>
    <title>{title}</title>
    <summary>  {summary}
</summary>
{names}{extra}    <link href="http://arxiv.org/abs/{arxiv_id}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{arxiv_id}v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


RESNET_ATOM = arxiv_feed(
    arxiv_entry(
        "1512.03385", "Deep Residual Learning for Image\n  Recognition",
        ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"], "2015-12-10T19:51:55Z",
        "Deeper neural networks are more difficult to train. We present a residual learning\nframework.",
        '    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">Tech report</arxiv:comment>\n',
    )
)

# arXiv's answer to an id it does not have: a feed with no entry
EMPTY_ATOM = arxiv_feed()

RESNET_S2 = {
    "paperId": "2c03df8b48bf3fa39054345bafabfeff15bfd11d",
    "externalIds": {"MAG": "2194775991", "DBLP": "conf/cvpr/HeZRS16", "ArXiv": "1512.03385", "DOI": "10.1109/cvpr.2016.90", "CorpusId": 206594692},
    "url": "https://www.semanticscholar.org/paper/2c03df8b48bf3fa39054345bafabfeff15bfd11d",
    "title": "Deep Residual Learning for Image Recognition",
    "venue": "Computer Vision and Pattern Recognition",
    "publicationVenue": {
        "id": "768b87bf-8a4c-4b1e-8d96-c7b6e0d0b6a4", "name": "Computer Vision and Pattern Recognition", "type": "conference",
        "alternate_names": ["CVPR", "Comput Vis Pattern Recognit"],
    },
    "year": 2015,
    "abstract": None,
    "journal": {"name": "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", "pages": "770-778"},
    "authors": [{"authorId": "39353098", "name": "Kaiming He"}, {"authorId": "1771551", "name": "X. Zhang"}],
}


def crossref_work(doi: str, title: str, authors: list[dict[str, str]], container: str, year: int, **extra: object) -> dict[str, object]:
    """A Crossref /works/{doi} answer (message-type work)."""
    return {
        "status": "ok",
        "message-type": "work",
        "message-version": "1.0.0",
        "message": {
            "indexed": {"date-parts": [[2026, 11, 30]], "timestamp": 1764460800000},
            "publisher": "IEEE",
            "DOI": doi,
            "type": extra.pop("type", "proceedings-article"),
            "created": {"date-parts": [[year, 12, 12]]},
            "title": [title],
            "author": [{**person, "sequence": "first" if i == 0 else "additional", "affiliation": []} for i, person in enumerate(authors)],
            "container-title": [container],
            "published-print": {"date-parts": [[year, 6]]},
            "issued": {"date-parts": [[year, 6]]},
            "URL": f"https://doi.org/{doi}",
            **extra,
        },
    }


RESNET_CROSSREF = crossref_work(
    "10.1109/CVPR.2016.90", "Deep Residual Learning for Image Recognition",
    [{"given": "Kaiming", "family": "He"}, {"given": "Xiangyu", "family": "Zhang"}],
    "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", 2016,
    event={"name": "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", "location": "Las Vegas, NV, USA"},
)

ACCENTED_CROSSREF = crossref_work(
    "10.5555/ecole.2021.7", "Études d’apprentissage: réseaux à mémoire",
    [{"given": "Jörg", "family": "Müller"}, {"given": "Łukasz", "family": "Kaiser"}, {"name": "陈明"}],
    "Journal of Machine Learning Research", 2021, type="journal-article",
    abstract="<jats:title>Abstract</jats:title><jats:p>Mémoire &amp; attention.</jats:p>",
)

OPENALEX_WORK = {
    "id": "https://openalex.org/W2194775991",
    "doi": "https://doi.org/10.1109/cvpr.2016.90",
    "title": "Deep Residual Learning for Image Recognition",
    "display_name": "Deep Residual Learning for Image Recognition",
    "publication_year": 2016,
    "type": "article",
    "authorships": [{"author_position": "first", "author": {"id": "https://openalex.org/A1", "display_name": "Kaiming He"}}],
    "primary_location": {"is_oa": False, "landing_page_url": "https://doi.org/10.1109/cvpr.2016.90",
                         "source": {"id": "https://openalex.org/S1", "display_name": "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", "type": "conference"}},
    "abstract_inverted_index": {"Deeper": [0], "neural": [1], "networks": [2], "are": [3], "hard": [4], "to": [5], "train.": [6]},
}
