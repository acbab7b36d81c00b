"""The schema of papers.yaml and of note front matter, defined once.

The pydantic models drive validation, the error messages (through `validation`) and the JSON
Schema that editors read (`papernotes schema`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from .problems import describe, quote

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
TAG_PATTERN = r"^[a-z0-9][a-z0-9_.+-]*(/[a-z0-9][a-z0-9_.+-]*)*$"
_ID_RE = re.compile(ID_PATTERN)
_TAG_RE = re.compile(TAG_PATTERN)
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https"}
URL_RULE = "must be an http(s) or a relative URL"
TAG_RULE = "lowercase letters, digits and '-', with '/' between parent and child"
# The key `papernotes import` gives a tag written without Latin letters or digits ('通义万象' ->
# tag-fa9823c2): pages show such a tag by its description, the text it was written with.
MADE_TAG_KEY_RE = re.compile(r"tag-[0-9a-f]{8}")
# pydantic error types whose message is ours and reads after the key: "'url' must be ..."
OWN_ERROR_TYPES = frozenset({"url_scheme", "bad_id", "bad_tag", "bad_doi", "bad_arxiv", "bad_cite_key"})

STATUSES = ("to-read", "reading", "read")
VENUE_KINDS = ("conference", "journal", "preprint")
LINK_KINDS = ("pdf", "code", "project", "notes", "video", "slides", "blog", "data")
# Keys that people write for a kind of link (README labels such as [github], [project page]).
LINK_SYNONYMS = {
    "github": "code", "gitlab": "code", "repo": "code", "repository": "code", "source": "code",
    "src": "code", "implementation": "code",
    "website": "project", "homepage": "project", "page": "project", "site": "project", "web": "project",
    "youtube": "video", "talk": "video",
    "dataset": "data", "datasets": "data",
    "slide": "slides", "post": "blog", "note": "notes",
}
# Keys naming the paper itself: its PDF goes in links.pdf, any other page in the record's `url`.
PAPER_ITSELF_KEYS = frozenset({"paper", "arxiv", "url", "link"})
MIN_YEAR = 1800  # of publication
# A read date or a note's date before it is a slip (0001-01-01, 1020 for 2020): no reader of
# the site read a paper before 1900, and the stats page draws time from the first date on.
MIN_DATE = dt.date(1900, 1, 1)


# Endings of host names written without their scheme ('arxiv.org/abs/1608.06993'). Few file
# names end so; those that may (a bare 'figure.ai', 'model.pt') count as hosts only before a '/'.
_WEB_ENDINGS = frozenset(
    "com org net edu gov mil int io ai dev app info me co cc tv ly be uk de fr cn jp kr tw hk sg in ca au nz "
    "ch nl it es pt ru pl se no fi dk at cz eu us xyz tech science site page pub".split()
)
_FILE_LIKE_ENDINGS = frozenset({"ai", "cc", "in", "pl", "pt", "page", "pub"})
_HOST_RE = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+([A-Za-z]{2,})\.?(?::[0-9]{1,5})?$")

def own_error(kind: str, message: str) -> PydanticCustomError:
    """An error of one of our rules, its message whole: pydantic fills a template's {fields} one
    after the other, so a value holding '{suggestion}' would be filled in again."""
    return PydanticCustomError(kind, "{message}", {"message": message})


def web_address_without_scheme(url: str) -> str | None:
    """`https://` + url when `url` starts with a host name ('github.com/x/y', 'www.x.org'), else None.

    Relative file links ('img/x.png', '../notes/a.md', 'paper.pdf') have no host-like first
    segment, so they are never taken for one.
    """
    head = re.split(r"[/?#]", url, maxsplit=1)[0]
    match = _HOST_RE.match(head)
    if match is None:
        return None
    ending = match.group(1).lower()
    followed = len(head) < len(url)
    if head.lower().startswith("www.") or (ending in _WEB_ENDINGS and (followed or ending not in _FILE_LIKE_ENDINGS)):
        return "https://" + url
    return None


def check_url(value: str) -> str:
    """Accept http(s) and relative URLs; refuse every other scheme (javascript:, data:, ...) and
    web addresses written without their scheme, which would be broken relative links."""
    stripped = value.strip()
    # Browsers ignore control characters and whitespace inside a scheme: "java\tscript:".
    squeezed = re.sub(r"[\x00-\x20]", "", stripped)
    with_scheme = web_address_without_scheme(stripped)  # before the scheme rule: 'x.org:8080/a'
    if with_scheme is not None:
        raise own_error(
            "url_scheme",
            f"{URL_RULE}, got a web address without 'https://', which would link to a missing file of "
            f"this site (did you mean {quote(with_scheme, 80)}?)",
        )
    match = _SCHEME_RE.match(squeezed)
    if match and match.group(1).lower() not in _SAFE_SCHEMES:
        raise own_error("url_scheme", f"{URL_RULE}, got a {quote(match.group(1) + ':')} URL")
    if squeezed.startswith("//"):
        raise own_error(
            "url_scheme", f"{URL_RULE}, got a protocol-relative URL (did you mean {quote('https:' + squeezed, 80)}?)"
        )
    if not stripped:
        raise PydanticCustomError("url_empty", "URL is empty", {})
    return stripped


def is_file_link(url: str) -> bool:
    """A valid URL that names a file of the site: relative, not http(s), not only '#top' or '?q'."""
    return not (_SCHEME_RE.match(url) or url.startswith(("//", "#", "?")))


def refuse_number_as_date(value: Any) -> Any:
    """pydantic reads a number as a Unix timestamp and a midnight date-time as a date; in
    papers.yaml both are slips (a date is written YYYY-MM-DD)."""
    if isinstance(value, (bool, int, float, dt.datetime)):
        raise PydanticCustomError("date_type", "Input should be a valid date", {})
    return value


def _suggested(slug: str, example: str) -> str:
    """' (did you mean <slug>?)', or an example when nothing of the value makes a slug."""
    return f" (did you mean {quote(slug)}?)" if slug else f" (e.g. {quote(example)})"


def check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise own_error(
            "bad_id",
            "must be a slug (letters, digits, '-', '_' and '.', starting with a letter or digit), "
            f"got {describe(value)}{_suggested(slugify(value), 'resnet')}",
        )
    return value


def check_tag(value: str) -> str:
    if not _TAG_RE.match(value):
        raise own_error(
            "bad_tag", f"must be a tag key ({TAG_RULE}), got {describe(value)}{_suggested(tag_slug(value), 'net')}"
        )
    return value


def tag_label(key: str, description: str | None) -> str:
    """What a tag's chip says: its name, the description up to a parenthesis that details it
    ('Generative models (GANs, VAEs)' -> 'Generative models'); the key for a tag without one."""
    if not description or not description.strip():
        return key
    name = description.split(" (", 1)[0].strip()
    return name or description.strip()


def tag_slug(text: str) -> str:
    """`text` as a tag key, keeping the '/' between parent and child ('Loc/Seg' -> 'loc/seg')."""
    return "/".join(part for part in (slugify(piece) for piece in text.split("/")) if part)


# Title words that tell nothing of a paper: a cite key (he2016deep, not he2016for) and an
# imported paper's id (multi-scale-context-aggregation) skip them. Cite keys came first: a word
# added here changes the default keys of papers already cited.
TITLE_STOP_WORDS = frozenset(
    {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards", "toward", "via", "is", "are"}
)


def slugify(text: str) -> str:
    """A lowercase slug of `text` ("Deep Residual Learning" -> "deep-residual-learning")."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug[:60].strip("-")


# A DOI: '10.' registrant code, '/', a suffix without spaces (the DOI Handbook's syntax).
DOI_PATTERN = r"^10\.[0-9]{4,9}(\.[0-9]+)*/\S+$"
# An arXiv id without its version: 1512.03385 (since 2007), hep-th/9901001 (before).
ARXIV_PATTERN = r"^([0-9]{4}\.[0-9]{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?/[0-9]{7})$"
# What LaTeX accepts in \cite{...} and BibTeX in a key: no spaces, braces, commas, quotes, '#', '%', '~' or '\\'.
CITE_KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_:.+/-]*$"
_DOI_RE = re.compile(DOI_PATTERN)
_ARXIV_RE = re.compile(ARXIV_PATTERN)
_CITE_KEY_RE = re.compile(CITE_KEY_PATTERN)
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_PREFIX_RE = re.compile(r"^(?:https?://(?:www\.)?(?:export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:\s*)", re.IGNORECASE)
_ARXIV_VERSION_RE = re.compile(r"v[0-9]+$")


def doi_of(text: str) -> str | None:
    """The DOI in `text` when it is one, or one behind 'https://doi.org/' or 'doi:'; else None."""
    bare = _DOI_PREFIX_RE.sub("", text.strip())
    return bare if _DOI_RE.match(bare) else None


def arxiv_of(text: str) -> str | None:
    """The arXiv id, version stripped, in an id, 'arXiv:<id>' or an arxiv.org abs/pdf URL; else None."""
    bare = _ARXIV_PREFIX_RE.sub("", text.strip())
    bare = re.sub(r"\.pdf$", "", bare.split("?")[0].split("#")[0].rstrip("/"))
    bare = _ARXIV_VERSION_RE.sub("", bare)
    return bare if _ARXIV_RE.match(bare) else None


def check_doi(value: str) -> str:
    if not _DOI_RE.match(value):
        bare = doi_of(value)
        hint = f" (did you mean {quote(bare)}?)" if bare else " (e.g. '10.1109/CVPR.2016.90')"
        raise own_error("bad_doi", f"must be a DOI ('10.', a number, '/', then the rest), got {describe(value)}{hint}")
    return value


def check_arxiv(value: str) -> str:
    if not _ARXIV_RE.match(value):
        bare = arxiv_of(value)
        hint = f" (did you mean {quote(bare)}?)" if bare else " (e.g. '1512.03385')"
        raise own_error(
            "bad_arxiv", f"must be an arXiv id without its version (1512.03385 or hep-th/9901001), got {describe(value)}{hint}"
        )
    return value


def check_cite_key(value: str) -> str:
    if not _CITE_KEY_RE.match(value):
        fixed = re.sub(r"[^A-Za-z0-9_:.+/-]+", "", value).lstrip("_:.+/-")
        raise own_error(
            "bad_cite_key",
            "must be a BibTeX key (letters, digits and '_', ':', '.', '+', '/', '-', no spaces), "
            f"got {describe(value)}{_suggested(fixed, 'he2016resnet')}",
        )
    return value


Url = Annotated[str, AfterValidator(check_url)]
Doi = Annotated[str, AfterValidator(check_doi), Field(json_schema_extra={"pattern": DOI_PATTERN})]
ArxivId = Annotated[str, AfterValidator(check_arxiv), Field(json_schema_extra={"pattern": ARXIV_PATTERN})]
CiteKey = Annotated[str, AfterValidator(check_cite_key), Field(json_schema_extra={"pattern": CITE_KEY_PATTERN})]
PaperId = Annotated[str, AfterValidator(check_id), Field(json_schema_extra={"pattern": ID_PATTERN})]
TagKey = Annotated[str, AfterValidator(check_tag), Field(json_schema_extra={"pattern": TAG_PATTERN})]
Text = Annotated[str, Field(min_length=1)]
Date = Annotated[dt.date, BeforeValidator(refuse_number_as_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Links(_Strict):
    """Other links of a paper."""

    pdf: Url | None = Field(None, description="PDF of the paper")
    code: Url | None = Field(None, description="Source code")
    project: Url | None = Field(None, description="Project page")
    notes: Url | None = Field(None, description="External notes (a blog post, a document)")
    video: Url | None = Field(None, description="A talk or video")
    slides: Url | None = Field(None, description="Slides")
    blog: Url | None = Field(None, description="A blog post about the paper")
    data: Url | None = Field(None, description="Data set")

    def items(self) -> list[tuple[str, str]]:
        return [(kind, getattr(self, kind)) for kind in LINK_KINDS if getattr(self, kind)]


class Paper(_Strict):
    """One paper of papers.yaml."""

    id: PaperId = Field(description="Slug; the paper's page lives at /papers/<id>/")
    title: Text = Field(description="Full title")
    short: Text | None = Field(None, description="Short name, e.g. ResNet")
    authors: list[Text] = Field(default_factory=list, description="Authors in order")
    # strict: YAML already reads 2016 as a number, so "2016" or `yes` here is a slip
    year: int | None = Field(None, ge=MIN_YEAR, strict=True, description="Publication year")
    venue: Text | None = Field(None, description="Venue: a canonical name or an alias of `venues`")
    venue_qualifier: Text | None = Field(None, description="How it appeared there: oral, spotlight, workshop ...")
    url: Url | None = Field(None, description="The paper (http(s) or relative URL)")
    doi: Doi | None = Field(None, description="DOI, e.g. 10.1109/CVPR.2016.90 (without https://doi.org/)")
    arxiv: ArxivId | None = Field(None, description="arXiv id without its version, e.g. 1512.03385")
    cite_key: CiteKey | None = Field(
        None, description="BibTeX key of the paper; default: first author's family name, year and short name (he2016resnet)"
    )
    synced_from: Text | None = Field(
        None,
        description="The reference manager's export the record was imported from (library.bib): importing it again "
        "updates the record's title, authors, year, venue, DOI, abstract and URL; remove it to keep the record as it is",
    )
    links: Links = Field(default_factory=Links, description="Other links")
    tags: list[TagKey] = Field(default_factory=list, description="Topic tags (keys of `tags`)")
    read: Date | None = Field(None, description="Date read (YYYY-MM-DD); the week derives from it")
    status: Literal["to-read", "reading", "read"] | None = Field(
        None, description="to-read, reading or read; default read when `read` is set, else to-read"
    )
    group: Text | None = Field(None, description="A theme inside a week, e.g. 'Breadth: Segmentation'")
    rating: int | None = Field(None, ge=1, le=5, strict=True, description="1 to 5")
    remark: Text | None = Field(
        None,
        description="Your line on the paper, e.g. 'monocular depth, static scenes'; shown under the title and in lists",
    )
    abstract: Text | None = Field(None, description="Abstract or summary")
    image: Url | None = Field(None, description="Thumbnail (http(s) or relative URL)")
    highlights: list[Text] = Field(default_factory=list, description="Quoted highlights")

    @property
    def name(self) -> str:
        """What links to the paper show: the short name, else the title."""
        return self.short or self.title

    @property
    def reading_status(self) -> str:
        if self.status:
            return self.status
        return "read" if self.read else "to-read"


class Venue(_Strict):
    """A venue of the vocabulary."""

    name: Text | None = Field(None, description="Full name")
    aliases: list[Text] = Field(default_factory=list, description="Other spellings, e.g. NIPS")
    kind: Literal["conference", "journal", "preprint"] | None = Field(
        None, description="conference, journal or preprint: the BibTeX entry type; default guessed from the name"
    )


class PapersFile(_Strict):
    """papers.yaml: the records and the optional tag and venue vocabularies."""

    model_config = ConfigDict(title="papers.yaml", extra="forbid")

    tags: dict[TagKey, Text | None] = Field(
        default_factory=dict, description="Tag key -> description; 'parent/child' makes a child tag"
    )
    venues: dict[Text, Venue | None] = Field(
        default_factory=dict, description="Canonical venue name -> full name and aliases"
    )
    papers: list[Paper] = Field(default_factory=list, description="One record per paper")


# Material's templates that render a note as a page. Its others (base.html, 404.html, the
# blog's) expect a context a note page does not have; redirect.html sends the reader to
# `location`, which must then be a safe URL.
PAGE_TEMPLATES = ("main.html", "redirect.html")
_NOT_PAGE_TEMPLATES = ("base.html", "404.html", "blog.html", "blog-post.html", "papernotes_cached.html")
_TEMPLATE_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.html$")
# Characters that could leave the JavaScript string redirect.html writes the location into.
_LOCATION_UNSAFE_RE = re.compile(r"[\x00-\x20\x7f\"'<>\\`]")


def check_template(value: str) -> str:
    """main.html, redirect.html or a template of the site's own theme overrides (e.g. home.html)."""
    if value in _NOT_PAGE_TEMPLATES or not _TEMPLATE_RE.match(value):
        raise PydanticCustomError(
            "bad_template",
            "template {value} is not a page template: use {templates}, or a template of your theme overrides",
            {"value": quote(value), "templates": " or ".join(quote(name) for name in PAGE_TEMPLATES)},
        )
    return value


def check_location(value: str) -> str:
    """A redirect target: an http(s) or relative URL without quotes, spaces or backslashes."""
    value = check_url(value)
    bad = _LOCATION_UNSAFE_RE.search(value)
    if bad:
        raise PydanticCustomError(
            "bad_location",
            "location may not hold {char}: write the URL percent-encoded (e.g. %20 for a space)",
            {"char": "a space" if bad.group() == " " else quote(bad.group())},
        )
    return value


# Values Material's templates may print from a note's front matter: text, a list of text,
# or a boolean (`comments: true`). Anything else (numbers, dates, mappings) is refused.
EXTRA_VALUE_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "boolean"}]
}


class SearchMeta(BaseModel):
    """Material's search options for one page."""

    model_config = ConfigDict(extra="forbid")

    exclude: bool | None = Field(None, strict=True, description="Leave the page out of the search index")
    boost: float | None = Field(None, strict=True, allow_inf_nan=False, description="Rank the page higher (> 1) or lower (< 1)")


class NoteMeta(BaseModel):
    """The front matter keys papernotes reads; other keys go to MkDocs and Material as usual."""

    model_config = ConfigDict(
        title="note front matter", extra="allow", json_schema_extra={"additionalProperties": EXTRA_VALUE_SCHEMA}
    )

    paper: PaperId | None = Field(None, description="Id of the paper this note is the page of")
    title: Text | None = Field(None, description="Page title")
    tags: list[TagKey] = Field(default_factory=list, description="Topic tags")
    template: Annotated[str, AfterValidator(check_template)] | None = Field(
        None, description="Theme template of the page: main.html (default), redirect.html or one of your overrides"
    )
    location: Annotated[str, AfterValidator(check_location)] | None = Field(
        None, description="Where redirect.html sends the reader (http(s) or relative URL)"
    )
    search: SearchMeta | None = Field(None, description="Material's search options: exclude, boost")
    date: Date | None = Field(None, description="When the note was written (YYYY-MM-DD); the feed lists dated notes")


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas for papers.yaml and note front matter, keyed by output file name."""
    papers = PapersFile.model_json_schema(mode="validation")
    papers["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    notes = NoteMeta.model_json_schema(mode="validation")
    notes["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return {"papers.schema.json": papers, "note.schema.json": notes}
