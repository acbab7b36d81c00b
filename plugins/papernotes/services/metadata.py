"""What a service says of a paper, before it becomes a record."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .http import ServiceError


@dataclass
class Metadata:
    """A paper as one service describes it; `venue_names` are other names of its venue (NIPS, NeurIPS)."""

    source: str  # the service: 'arXiv', 'Crossref' ...
    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    venue_names: list[str] = field(default_factory=list)
    venue_qualifier: str | None = None  # oral, poster, workshop
    preprint: bool = False  # the service lists it as a preprint (arXiv, a repository, posted content)
    doi: str | None = None
    arxiv: str | None = None
    abstract: str | None = None
    url: str | None = None
    published_doi: str | None = None  # a preprint's DOI of its published version, when the service knows it


def one_line(value: Any) -> str:
    """Text of a service's field as one line; '' for what is not text."""
    if isinstance(value, list):
        value = next((part for part in value if isinstance(part, str) and part.strip()), "")
    return " ".join(value.split()) if isinstance(value, str) else ""


_TAG_RE = re.compile(r"<[^<>]{0,1000}>")


def without_markup(text: str) -> str:
    """Crossref's JATS abstract (`<jats:p>...</jats:p>`) as text; linear: tags hold no '<' or '>'."""
    text = _TAG_RE.sub(" ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    text = " ".join(text.split())
    return re.sub(r"^abstract\s+", "", text, flags=re.IGNORECASE)


def malformed(service: str, what: str) -> ServiceError:
    return ServiceError(f"{service} gave an answer papernotes cannot read ({what})")


def json_document(service: str, body: bytes) -> Any:
    """A service's answer read as JSON; malformed() when it is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise malformed(service, "not JSON") from None
    except RecursionError:  # '[' a hundred thousand times deep
        raise malformed(service, "JSON nested too deep") from None


def json_object(service: str, body: bytes, not_an_object: str) -> dict[str, Any]:
    """A service's answer read as a JSON object; malformed() when it is not JSON, or `not_an_object` when it is no object."""
    document = json_document(service, body)
    if not isinstance(document, dict):
        raise malformed(service, not_an_object)
    return document


def mapping(value: Any) -> dict[str, Any]:
    """An object of a service's JSON, or {} for anything else (a field left out, or of another type)."""
    return value if isinstance(value, dict) else {}


def listing(value: Any) -> list[Any]:
    """A list of a service's JSON, or [] for anything else."""
    return value if isinstance(value, list) else []
