"""What an argument of `papernotes add` names: an arXiv id, a DOI, a paper's page, or a title."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from ..knowledge.model import DOI_PATTERN, arxiv_of, doi_of

# ACL Anthology ids: new style 2020.acl-main.463, old style P19-1001; their DOIs are 10.18653/v1/<id>.
_ACL_RE = re.compile(
    r"^https?://(?:www\.)?(?:aclanthology\.org|aclweb\.org/anthology)/([0-9]{4}\.[a-z0-9-]+\.[0-9]+|[A-Z][0-9]{2}-[0-9]{4})(?:\.pdf|/)?$",
    re.IGNORECASE,
)
_ARXIV_URL_RE = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/", re.IGNORECASE)
_DOI_RE = re.compile(DOI_PATTERN)
_DOI_URL_RE = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)
_OPENREVIEW_RE = re.compile(r"^https?://(?:www\.)?openreview\.net/(?:forum|pdf)\?(?:.*&)?id=([A-Za-z0-9_-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Identifier:
    """kind: 'arxiv' (value: the id), 'doi' (value: the DOI), 'page' (value: the URL of a paper's
    page, whose citation tags name it), or 'title' (value: the title)."""

    kind: str
    value: str
    url: str | None = None  # the page the reader gave, kept as the record's URL


def _decoded_doi(quoted: str) -> str | None:
    """The DOI of a doi.org URL's path, percent-decoded; None when the decoded text is no DOI.

    Checked after decoding, since '%0A' or '%1B' would otherwise bring a newline or an escape in.
    """
    doi = urllib.parse.unquote(quoted)
    return doi if _DOI_RE.fullmatch(doi) and doi.isprintable() else None


def identify(argument: str) -> Identifier:
    """What `argument` names; a title when it is nothing else."""
    text = " ".join(argument.split())
    arxiv = arxiv_of(text)
    if arxiv and (_ARXIV_URL_RE.match(text) or not text.lower().startswith(("http://", "https://"))):
        return Identifier("arxiv", arxiv)
    doi = doi_of(text)
    if doi and _DOI_URL_RE.match(text):
        doi = _decoded_doi(doi)
    if doi:
        arxiv_doi = re.match(r"^10\.48550/arxiv\.(.+)$", doi, re.IGNORECASE)
        if arxiv_doi and arxiv_of(arxiv_doi.group(1)):
            return Identifier("arxiv", arxiv_of(arxiv_doi.group(1)) or "")
        return Identifier("doi", doi)
    if text.lower().startswith(("http://", "https://")):
        acl = _ACL_RE.match(text)
        if acl:
            return Identifier("doi", f"10.18653/v1/{acl.group(1)}", url=f"https://aclanthology.org/{acl.group(1)}/")
        openreview = _OPENREVIEW_RE.match(text)
        if openreview:  # the forum page carries the citation tags; its pdf does not
            forum = f"https://openreview.net/forum?id={openreview.group(1)}"
            return Identifier("page", forum, url=forum)
        page = re.sub(r"/papers/(.+)\.pdf$", r"/html/\1.html", text) if "thecvf.com" in text.lower() else text
        return Identifier("page", page, url=page)
    return Identifier("title", text)
