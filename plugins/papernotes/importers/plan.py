"""The one place that plans and writes an import, whatever read the entries.

A reader (the README reader in `readme`, or any other) turns a file into a `Reading`: a list of
`ImportedEntry` plus the tags it declares and a report of what it did not read. This module
merges those entries into a knowledge base and writes the result:

- `read_existing` reads the target papers.yaml exactly as `papernotes check` does, and refuses
  one in which check finds errors;
- `plan_import` drops duplicates (of the knowledge base, or inside the reading: the same DOI,
  else arXiv id, else URL, else the same title when the URLs do not disagree; an arXiv preprint
  and its published version become one record, reported as merged), gives each new record a short readable id
  that is not taken, and plans the tag and venue entries and the note copies;
- `write_import` appends the records to papers.yaml as text (the user's bytes are kept) and
  writes every file through `writing.FileSet`, all or none, papers.yaml first;
- `import_file` runs a reader over a file and does all of the above, as `papernotes import` does.

Nothing here knows a file format; nothing is ever overwritten but papers.yaml, which only grows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from pydantic_core import PydanticCustomError

from ..knowledge.cite import cite_keys
from ..knowledge.file_names import MARKDOWN_SUFFIXES, name_trouble, portable_name, refused_copy
from ..knowledge.loading import clean_text, parse_yaml
from ..knowledge.model import MIN_DATE, MIN_YEAR, check_url, slugify
from ..knowledge.problems import Problem, counted
from ..knowledge.project import find_project
from ..knowledge.validation import FatalProblem, KnowledgeBase, display_path, load_papers, repeats_title, split_front_matter
from ..starter import starter_mkdocs_yml
from .shapes.notes import is_local_note, local_path, own_file
from .writing import FileSet, WriteRefused

try:  # the parser `papernotes check` reads papers.yaml with (libyaml), so both read the same text
    from yaml import CSafeLoader as _ComposeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _ComposeLoader  # type: ignore[assignment]

# ---------------------------------------------------------------- venues every reader knows

# canonical name -> (full name, other spellings)
KNOWN_VENUES: dict[str, tuple[str, list[str]]] = {
    "NeurIPS": ("Conference on Neural Information Processing Systems", ["NIPS"]),
    "CVPR": ("IEEE/CVF Conference on Computer Vision and Pattern Recognition", []),
    "ICCV": ("IEEE/CVF International Conference on Computer Vision", []),
    "ECCV": ("European Conference on Computer Vision", []),
    "ICML": ("International Conference on Machine Learning", []),
    "ICLR": ("International Conference on Learning Representations", []),
    "MICCAI": ("Medical Image Computing and Computer Assisted Intervention", []),
    "AAAI": ("AAAI Conference on Artificial Intelligence", []),
    "IJCAI": ("International Joint Conference on Artificial Intelligence", []),
    "BMVC": ("British Machine Vision Conference", []),
    "WACV": ("IEEE/CVF Winter Conference on Applications of Computer Vision", []),
    "TPAMI": ("IEEE Transactions on Pattern Analysis and Machine Intelligence", ["PAMI"]),
    "JMLR": ("Journal of Machine Learning Research", []),
    "ACL": ("Annual Meeting of the Association for Computational Linguistics", []),
    "EMNLP": ("Conference on Empirical Methods in Natural Language Processing", []),
    "KDD": ("ACM SIGKDD Conference on Knowledge Discovery and Data Mining", []),
}
_VENUE_SPELLINGS = {
    spelling.lower(): canonical
    for canonical, (_name, aliases) in KNOWN_VENUES.items()
    for spelling in [canonical, *aliases]
}


class ImportAbort(Exception):
    """The import cannot go on; nothing has been written."""



# ---------------------------------------------------------------- what a reader hands over


class SourceRefused(Exception):
    """The file to import cannot be read at all (a reader says where and why): nothing is imported."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class ImportedEntry:
    """One paper as a reader found it, with what the lines around it add.

    `line` and `source` say where it stands (for the report); `note_link` is a local notes file
    named by the entry, relative to the source's folder; `ids` holds identifiers such as
    ``{"doi": ..., "arxiv": ...}`` that a reader finds (kept for the records that take them).
    """

    line: int
    title: str
    url: str | None = None
    short: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    venue_qualifier: str | None = None  # "oral", "spotlight", "workshop": kept, never a venue of its own
    tags: list[str] = field(default_factory=list)
    tag_names: dict[str, str] = field(default_factory=dict)  # tag key -> the text it was read from
    read: dt.date | None = None
    status: str | None = None
    group: str | None = None
    rating: int | None = None
    remark: str | None = None  # the reader's own words beside the entry: `(monocular depth, static scenes)`
    abstract: str | None = None
    image: str | None = None
    highlights: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    note_link: str | None = None
    source: str | None = None  # the file it was read from, when not the one being imported
    ids: dict[str, str] = field(default_factory=dict)


@dataclass
class TopicNote:
    """A section's own notes file (a heading that links one), copied as a topic note."""

    line: int
    link: str
    tag: str


@dataclass
class Reading:
    """Everything a reader read from one file: entries, vocabularies and the report of what was not read."""

    entries: list[ImportedEntry] = field(default_factory=list)
    tags: dict[str, str | None] = field(default_factory=dict)  # declared tag key -> description
    report: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    skipped_sections: int = 0
    week_start: dt.date | None = None  # the Monday of week 0, from numbered week headings
    topic_notes: list[TopicNote] = field(default_factory=list)

    def note(self, line: int, message: str) -> None:
        self.report.append((line, message))


_ARXIV_ID_RE = re.compile(r"(?<![\w.])(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?(?![\w.])")


def arxiv_year(text: str) -> int | None:
    """The year of a new-style arXiv id in `text` (`1512.03385` -> 2015), else None."""
    match = _ARXIV_ID_RE.search(text)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 7 <= year <= 99 or not 1 <= month <= 12:  # ids of this form began in April 2007
        return None
    return 2000 + year


def leave_out_of_bounds(entry: ImportedEntry, today: dt.date) -> list[str]:
    """Leave out a year or read date that `papernotes check` refuses (knowledge/validation.py's
    bounds), so an import never writes one; a report message for each."""
    said: list[str] = []
    if entry.year is not None and entry.year > today.year + 1:
        said.append(f"year {entry.year} is in the future: left out")
        entry.year = None
    elif entry.year is not None and entry.year < MIN_YEAR:
        said.append(f"year {entry.year} is before {MIN_YEAR}: left out")
        entry.year = None
    if entry.read is not None and entry.read > today:
        said.append(f"read date {entry.read.isoformat()} is in the future: left out")
        entry.read = None
    elif entry.read is not None and entry.read < MIN_DATE:
        said.append(f"read date {entry.read.isoformat()} is before {MIN_DATE.year}: left out")
        entry.read = None
    return said


# ---------------------------------------------------------------- ids and links

def _ascii_slug(text: str) -> str:
    """slugify after folding accents (é -> e), so non-ASCII Latin text keeps its words."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return slugify(folded)


def tag_description(key: str, name: str | None) -> str | None:
    """The text a new tag keeps as its description: the name it was written with, when its key
    does not spell it up to case, spaces and '-_/.' ('Deep Learning' is deep-learning; '通义万象'
    is tag-fa9823c2 and 'C++' is c, which would lose what the reader wrote)."""
    if not name:
        return None
    return None if _spelled(name) == _spelled(key) else name


def _spelled(text: str) -> str:
    return re.sub(r"[\s\-_/.]+", "", text.casefold())


def stable_slug(text: str, fallback: str) -> str:
    """A slug of `text`; text with no Latin letters (CJK) gets `fallback-<hash>`, stable across runs."""
    slug = _ascii_slug(text)
    if slug:
        return slug
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{fallback}-{digest}"  # for tags, what model.MADE_TAG_KEY_RE knows



def is_safe_url(url: str) -> bool:
    """http(s) and relative URLs are kept; every other scheme, `//host` and '' are not (the
    schema's own rule, so what is imported validates)."""
    try:
        check_url(url)
    except PydanticCustomError:
        return False
    return True




# ---------------------------------------------------------------- matching papers


def normalise_url(url: str) -> str:
    """A URL reduced for comparison: scheme, www., trailing slash, fragment, arXiv variants."""
    url = url.strip()
    arxiv = re.match(
        r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/([^?#]+?)(?:v\d+)?(?:\.pdf)?/?(?:[?#].*)?$", url, re.I
    )
    if arxiv:
        return "arxiv:" + arxiv.group(1).lower()
    url = url.split("#", 1)[0]
    url = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", url)
    host, _, path = url.partition("/")
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    return (host + "/" + path).rstrip("/")


def normalise_title(title: str) -> str:
    """A title reduced for comparison: case, punctuation and spacing ignored."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", title).casefold()))


def _title_keys(title: str, short: str | None) -> set[str]:
    keys = {normalise_title(title)}
    if short and title.lower().startswith(short.lower() + ":"):
        keys.add(normalise_title(title[len(short) + 1 :]))
    return {key for key in keys if key}


# ---------------------------------------------------------------- the existing knowledge base


@dataclass
class Existing:
    """What the target knowledge base already holds."""

    text: str | None = None  # papers.yaml as read (None: no file)
    raw: bytes | None = None  # its bytes, which must still be there when it is written
    ids: set[str] = field(default_factory=set)  # lowercased
    urls: dict[str, str] = field(default_factory=dict)  # normalised URL -> id
    titles: dict[str, str] = field(default_factory=dict)  # normalised title -> id
    tags: set[str] = field(default_factory=set)
    used_tags: list[str] = field(default_factory=list)
    venue_spellings: dict[str, str] = field(default_factory=dict)  # lowercased -> canonical
    used_venues: list[str] = field(default_factory=list)
    paper_urls: dict[str, str] = field(default_factory=dict)  # id -> normalised URL of a paper that has one
    has_tags: bool = False  # a tag vocabulary that check holds records to
    has_venues: bool = False
    dois: dict[str, str] = field(default_factory=dict)  # lowercased DOI -> id
    arxivs: dict[str, str] = field(default_factory=dict)  # arXiv id -> id
    cite_keys: set[str] = field(default_factory=set)  # lowercased: the keys papers.bib gives the records


# At most this many of the existing file's errors are listed when the import refuses it.
_ERRORS_SHOWN = 20


def refusal(errors: list[Problem], file: str) -> str:
    """Why the import does not merge into a papers file in which check finds errors."""
    lines = [problem.format() for problem in errors[:_ERRORS_SHOWN]]
    if len(errors) > _ERRORS_SHOWN:
        lines.append(f"... and {len(errors) - _ERRORS_SHOWN} more")
    count = "1 error" if len(errors) == 1 else f"{len(errors)} errors"
    lines.append(
        f"{file} has {count} (as `papernotes check` reports): fix {'it' if len(errors) == 1 else 'them'} first; "
        "the import merges only into a papers file that check reads without errors. Nothing was written"
    )
    return "\n".join(lines)


def read_existing(path: Path, file: str, today: dt.date) -> Existing:
    """The ids, URLs, titles and vocabularies of the papers file at `path` (none when it does not exist).

    It is read as `papernotes check` reads it (`load_papers`: the same loader and rules), so the
    import never sees other data than check does; ImportAbort if check reports an error in it.
    """
    if not os.path.exists(path):
        return Existing()
    if path.is_dir():
        raise ImportAbort(f"{file} is a folder, not a papers file")
    try:
        raw = path.read_bytes()
        kb = load_papers(path, file, today)
        again = path.read_bytes()
    except FatalProblem as exc:
        raise ImportAbort(str(exc)) from exc
    except OSError as exc:
        raise ImportAbort(f"{file}: cannot read papers file: {exc.strerror or exc}") from exc
    if again != raw:
        raise ImportAbort(f"{file} changed while it was read: run the import again")
    if kb.errors:
        raise ImportAbort(refusal(kb.errors, file))
    existing = existing_from(kb)
    existing.raw = raw
    existing.text = raw.decode("utf-8")  # check found no decoding error
    return existing


def existing_from(kb: KnowledgeBase) -> Existing:
    """What the import needs to know of a validated knowledge base."""
    existing = Existing()
    existing.has_tags = bool(kb.tags)  # check holds records to the vocabulary only when it has tags
    existing.tags = set(kb.tags)  # declared, and the parents they imply
    existing.has_venues = bool(kb.venues)
    for venue in kb.venues.values():
        existing.venue_spellings[venue.key.lower()] = venue.key
        for alias in venue.aliases:
            existing.venue_spellings.setdefault(alias.lower(), venue.key)
    for paper in kb.papers.values():
        existing.ids.add(paper.id.lower())
        if paper.url:
            existing.paper_urls[paper.id] = normalise_url(paper.url)
        for url in [paper.url, *(url for _kind, url in paper.links.items())]:
            if url:
                existing.urls.setdefault(normalise_url(url), paper.id)
        for key in _title_keys(paper.title, paper.short):
            existing.titles.setdefault(key, paper.id)
        if paper.doi:
            existing.dois.setdefault(paper.doi.lower(), paper.id)
        if paper.arxiv:
            existing.arxivs.setdefault(paper.arxiv, paper.id)
    existing.cite_keys = {key.lower() for key in cite_keys(kb.papers.values()).values()}
    existing.used_tags = list(dict.fromkeys(tag for paper in kb.papers.values() for tag in paper.tags))
    existing.used_venues = list(dict.fromkeys(paper.venue for paper in kb.papers.values() if paper.venue))
    return existing


# ---------------------------------------------------------------- the plan


@dataclass
class NoteCopy:
    source: Path
    target: Path
    text: str
    line: int


@dataclass
class Plan:
    """What an import adds; nothing is written until `apply_plan`."""

    records: list[dict[str, Any]] = field(default_factory=list)
    new_tags: dict[str, str | None] = field(default_factory=dict)
    new_venues: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    notes: list[NoteCopy] = field(default_factory=list)
    files: list[tuple[Path, Path]] = field(default_factory=list)  # (source, target) of images and files notes link to
    copy_of: dict[Path, Path] = field(default_factory=dict)  # the same, by source
    copies: set[Path] = field(default_factory=set)  # their targets
    duplicates: int = 0
    report: list[tuple[int, str]] = field(default_factory=list)


_NOTE_LINK_RE = re.compile(r"(!?)\[([^\[\]\n]{0,500})\]\(\s*<?([^()<>\s]{1,2000})>?(\s+\"[^\"\n]*\")?\s*\)")
_DEFINITION_RE = re.compile(r"^ {0,3}\[([^\[\]\n]{1,200})\]:[ \t]*<?([^\s<>]{1,2000})>?", re.M)
_NESTED_TARGET_RE = re.compile(r"\]\(\s*\[")
_REF_LIKE_RE = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")


def _relink_notes(plan: Plan, source_dir: Path, notes_dir: Path, ids: set[str]) -> None:
    """Copied notes keep working: links between them point at the copies, the images and files
    they link to are copied beside them, and a link to what is not there is kept as its text
    (reported), so the site builds with --strict. `[[x]]` that names no paper is escaped."""
    copies = {note.source: note for note in plan.notes}
    root = source_dir.resolve()

    def relink(note: NoteCopy, match: re.Match[str]) -> str:
        bang, text, target = match.group(1), match.group(2), match.group(3)
        path = local_path(target)
        if path is None or target.startswith("#"):
            return match.group(0)
        fragment = "#" + target.split("#", 1)[1] if "#" in target else ""
        try:
            resolved = (note.source.parent / path).resolve() if not path.startswith("/") else (root / path.lstrip("/")).resolve()
            inside = resolved.is_relative_to(root)
            exists = inside and resolved.is_file()
        except (OSError, ValueError):
            inside = exists = False
        if exists and resolved in copies:
            return f"{bang}[{text}]({copies[resolved].target.name}{fragment})"
        why = ":"
        if exists and not resolved.name.lower().endswith(MARKDOWN_SUFFIXES):
            copy = _plan_file(plan, resolved, root, notes_dir, note.line)
            if isinstance(copy, Path):
                relative = os.path.relpath(copy, note.target.parent).replace(os.sep, "/")
                return f"{bang}[{text}]({quote(relative)}{fragment})"
            why = f": {copy};"
        what = "image" if bang else "link"
        plan.report.append((note.line, f"note {note.source.name}: {what} to '{target}' is not imported{why} kept as its text"))
        return text

    def redefine(note: NoteCopy, match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        fake = _NOTE_LINK_RE.match(f"[{label}]({target})")
        if fake is None:
            return match.group(0)
        relinked = relink(note, fake)
        if relinked == label:  # not there: the definition goes, `[text][label]` shows as text
            return ""
        new_target = relinked[len(label) + 3 : -1] if relinked.startswith(f"[{label}](") else target
        return f"[{label}]: {new_target}"

    for note in plan.notes:
        text = note.text
        if _NESTED_TARGET_RE.search(text):  # `[a]([b](u))`: Markdown reads `[b](u)` as a file name
            text = _NESTED_TARGET_RE.sub("] ([", text)
            plan.report.append((note.line, f"note {note.source.name}: a link whose target is a link, `]([`, is kept as text"))
        text = _NOTE_LINK_RE.sub(lambda match, note=note: relink(note, match), text)  # type: ignore[misc]
        text = _DEFINITION_RE.sub(lambda match, note=note: redefine(note, match), text)  # type: ignore[misc]
        note.text = _REF_LIKE_RE.sub(
            lambda match: match.group(0) if match.group(1).strip().lower() in ids else "[\\[" + match.group(0)[2:-2] + "\\]]",
            text,
        )


def _preprint_and_published(one: ImportedEntry, other: ImportedEntry) -> bool:
    """An arXiv preprint (an arXiv id, no venue) and a paper with a venue: one paper at two URLs."""
    if bool(one.venue) == bool(other.venue):
        return False
    preprint = other if one.venue else one
    return bool(preprint.ids.get("arxiv"))


def _urls_disagree(first: ImportedEntry, url_key: str | None) -> bool:
    return bool(url_key and first.url and normalise_url(first.url) != url_key)


_DOI_RE = re.compile(r"^(?:doi:\s*)?(10\.\d{4,9}/\S+)$", re.I)


def _localise_links(entry: ImportedEntry, source_dir: Path, notes_dir: Path, source_name: str, plan: Plan) -> None:
    """Links to the source's own files. A Markdown file (relative, or a GitHub link to a file of
    the source's folder) is the paper's note, not its URL. Another relative link names a file
    beside the source: it is copied into the site (`papers/files/...`), or dropped and reported
    when it is not there; a bare DOI (`10.1109/...`) becomes its doi.org link."""
    for kind, url in [("url", entry.url), *list(entry.links.items())]:
        if not url:
            continue
        own = own_file(url, source_dir)
        if not entry.note_link and ((own or "").lower().endswith(MARKDOWN_SUFFIXES) or is_local_note(url)):
            entry.note_link = own or url
            _set_link(entry, kind, None)
            entry.status = entry.status or "read"
            continue
        path = local_path(url)
        if path is None:
            continue
        doi = _DOI_RE.match(url.strip())
        if doi:
            entry.ids.setdefault("doi", doi.group(1))
            _set_link(entry, kind, "https://doi.org/" + doi.group(1))
            continue
        try:
            resolved = (source_dir / path).resolve()
            exists = resolved.is_relative_to(source_dir.resolve()) and resolved.is_file()
        except (OSError, ValueError):
            exists = False
        why = f"no such file beside {source_name}"
        if exists and not resolved.name.lower().endswith(MARKDOWN_SUFFIXES):
            copy = _plan_file(plan, resolved, source_dir.resolve(), notes_dir, entry.line)
            if isinstance(copy, Path):
                _set_link(entry, kind, quote(copy.relative_to(notes_dir).as_posix()))
                continue
            why = f"not copied: {copy}"
        _set_link(entry, kind, None)
        what = "URL" if kind == "url" else f"{kind} link"
        plan.report.append((entry.line, f"dropped {what} '{url}': {why}"))


def _plan_file(plan: Plan, source: Path, root: Path, notes_dir: Path, line: int) -> Path | str:
    """Where the file `source` (below `root`) is copied, once, below `papers/files/`; or why it is not.

    Only images and documents are copied (`refused_copy`), and each part of the path that is
    not a plain, portable name is renamed (reported): the copy's name is in the site's links.
    """
    if source in plan.copy_of:
        return plan.copy_of[source]
    refused = refused_copy(source.name)
    if refused is not None:
        return refused
    parts = source.relative_to(root).parts
    plain = [part if name_trouble(part) is None else portable_name(part, "folder") for part in parts[:-1]]
    name = parts[-1]
    new_name = name if name_trouble(name) is None else portable_name(name)
    copy = notes_dir.joinpath("papers", "files", *plain, new_name)
    stem, dot, suffix = new_name.rpartition(".")
    number = 1
    while copy in plan.copies:  # another file's name was made the same
        number += 1
        copy = copy.with_name(f"{stem}-{number}{dot}{suffix}")
    for part, new in zip(parts, [*plain, copy.name], strict=True):
        if new != part:
            trouble = name_trouble(part)
            why = f"not a plain, portable file name ({trouble})" if trouble else "another copied file has its name"
            plan.report.append((line, f"renamed '{part}' to '{new}' in the copy: {why}"))
    plan.files.append((source, copy))
    plan.copy_of[source] = copy
    plan.copies.add(copy)
    return copy


def _set_link(entry: ImportedEntry, kind: str, url: str | None) -> None:
    if kind == "url":
        entry.url = url
    elif url is None:
        entry.links.pop(kind, None)
    else:
        entry.links[kind] = url


def _merge_into(first: ImportedEntry, repeat: ImportedEntry) -> None:
    """A repeated entry adds what the first one lacks (tags, links, text), never replaces.

    An arXiv preprint and its published version are one paper: the published one's venue, year
    and DOI win, whichever of the two came first, and the record keeps the arXiv id of both.
    """
    if repeat.venue and not first.venue:  # `first` is the preprint: the published year is the paper's
        first.venue, first.year = repeat.venue, repeat.year or first.year
    for name, value in repeat.ids.items():
        first.ids.setdefault(name, value)
    first.authors = first.authors or list(repeat.authors)
    first.tags.extend(tag for tag in repeat.tags if tag not in first.tags)
    for key, name in repeat.tag_names.items():
        first.tag_names.setdefault(key, name)
    for kind, url in repeat.links.items():
        first.links.setdefault(kind, url)
    for name in ("url", "short", "year", "venue", "remark", "abstract", "image", "note_link", "status", "group", "read"):
        if getattr(first, name) is None and getattr(repeat, name) is not None:
            setattr(first, name, getattr(repeat, name))
    first.highlights.extend(h for h in repeat.highlights if h not in first.highlights)


def _unique_id(entry: ImportedEntry, taken: set[str], next_number: dict[str, int]) -> str:
    """The entry's id, not in `taken` (lowercased); `next_number` remembers where each base's
    `-2`, `-3` ... count stands, so 10,000 entries named alike do not count up from 2 each time."""
    candidates = [stable_slug(entry.short, "paper") if entry.short else "", _short_title_slug(entry.title)]
    for candidate in candidates:
        if candidate and candidate.lower() not in taken:
            return candidate
    base = next(candidate for candidate in candidates if candidate)
    number = next_number.get(base.lower(), 2)
    while f"{base}-{number}".lower() in taken:
        number += 1
    next_number[base.lower()] = number + 1
    return f"{base}-{number}"


_ID_STOP_WORDS = {"a", "an", "the", "of", "for", "on", "in", "with", "and", "to", "via", "by", "from", "is", "are", "at"}


def _short_title_slug(title: str) -> str:
    """A short readable id from a title: the name before a colon (`CornerNet: ...` -> cornernet)
    when it is at most three words, else the whole slug up to 30 characters, else its first four
    words that are not stop words (`multi-scale-context-aggregation`, not eight words)."""
    head, colon, _rest = title.partition(":")
    if colon and 1 <= len(head.split()) <= 3:
        slug = stable_slug(head, "paper")
        if len(slug) <= 30:
            return slug
    slug = stable_slug(title, "paper")
    if len(slug) <= 30:
        return slug
    words = [word for word in slug.split("-") if word not in _ID_STOP_WORDS] or slug.split("-")
    words = words[:4]
    while len(words) > 1 and len("-".join(words)) > 40:  # whole words only
        words.pop()
    return "-".join(words)[:40]


def plan_import(
    reading: Reading, existing: Existing, source_dir: Path, notes_dir: Path, source_name: str, today: dt.date | None = None
) -> Plan:
    """Records, vocabulary entries and note copies for the entries not in the knowledge base yet."""
    today = today or dt.date.today()
    plan = Plan(report=list(reading.report))
    kept: list[ImportedEntry] = []
    seen_urls: dict[str, ImportedEntry] = {}
    seen_titles: dict[str, ImportedEntry] = {}
    seen_ids: dict[tuple[str, str], ImportedEntry] = {}  # ("doi", lowercased) or ("arxiv", id) -> entry
    for entry in reading.entries:
        _localise_links(entry, source_dir, notes_dir, source_name, plan)
        url_key = normalise_url(entry.url) if entry.url else None
        title_keys = _title_keys(entry.title, entry.short)
        # DOI, then arXiv id, then URL, then title: the first that names a paper decides
        identifiers = [(name, entry.ids[name].lower() if name == "doi" else entry.ids[name])
                       for name in ("doi", "arxiv") if entry.ids.get(name)]
        known = first = None
        how = ""
        for name, value in identifiers:
            known = (existing.dois if name == "doi" else existing.arxivs).get(value)
            first = seen_ids.get((name, value))
            if known is not None or first is not None:
                how = "same DOI" if name == "doi" else "same arXiv id"
                break
        if known is None and first is None:
            known = existing.urls.get(url_key) if url_key else None
            first = seen_urls.get(url_key) if url_key else None
            how = "same URL"
        if known is None and first is None:  # the same title is the same paper only when the URLs do not disagree
            how = "same title"
            known = next(
                (existing.titles[key] for key in title_keys
                 if key in existing.titles and not (url_key and existing.paper_urls.get(existing.titles[key]))),
                None,
            )
            first = next(
                (seen_titles[key] for key in title_keys if key in seen_titles
                 and (not _urls_disagree(seen_titles[key], url_key) or _preprint_and_published(seen_titles[key], entry))),
                None,
            )
        if known is not None:
            plan.duplicates += 1
            plan.report.append((entry.line, f"duplicate: already in the knowledge base as '{known}' ({how}): skipped"))
            continue
        if first is not None:
            plan.duplicates += 1
            if _preprint_and_published(first, entry):
                preprint, published = (first, entry) if entry.venue else (entry, first)
                plan.report.append((
                    entry.line,
                    f"merged: the arXiv preprint on line {preprint.line} and the published version on line "
                    f"{published.line} ({how}) are one paper, with the published venue and year",
                ))
            else:
                plan.report.append(
                    (entry.line, f"duplicate of the entry on line {first.line} ({how}): skipped, its tags and links added to it")
                )
            _merge_into(first, entry)
            for name, value in first.ids.items():
                if name in ("doi", "arxiv"):
                    seen_ids.setdefault((name, value.lower() if name == "doi" else value), first)
            continue
        kept.append(entry)
        for name, value in identifiers:
            seen_ids[(name, value)] = entry
        if url_key:
            seen_urls[url_key] = entry
        for key in title_keys:
            seen_titles.setdefault(key, entry)

    taken = set(existing.ids)
    next_number: dict[str, int] = {}
    declared = set(existing.tags)
    for key, description in reading.tags.items():
        if key not in declared:
            plan.new_tags[key] = description
            declared.add(key)
    venue_spellings = dict(existing.venue_spellings)
    keys_taken = set(existing.cite_keys)

    for entry in kept:
        paper_id = _unique_id(entry, taken, next_number)
        taken.add(paper_id.lower())
        cite_key = entry.ids.get("cite_key")
        if cite_key and cite_key.lower() in keys_taken:
            plan.report.append((entry.line, f"cite key '{cite_key}' is taken in the knowledge base: imported without it"))
            del entry.ids["cite_key"]
        elif cite_key:
            keys_taken.add(cite_key.lower())
        for tag in entry.tags:
            described = tag_description(tag, entry.tag_names.get(tag))
            if tag not in declared:
                plan.new_tags[tag] = described
                declared.add(tag)
                parent = tag.rsplit("/", 1)[0] if "/" in tag else None
                while parent and parent not in declared:
                    plan.new_tags[parent] = None
                    declared.add(parent)
                    parent = parent.rsplit("/", 1)[0] if "/" in parent else None
            elif described and tag in plan.new_tags and plan.new_tags[tag] is None:  # new, first met without its name
                plan.new_tags[tag] = described
        venue = entry.venue
        if venue:
            found = next((venue_spellings[s.lower()] for s in _spellings(venue) if s.lower() in venue_spellings), None)
            if found is None:
                plan.new_venues[venue] = _venue_details(venue)
                for spelling in _spellings(venue):
                    venue_spellings[spelling.lower()] = venue
                found = venue
            venue = found
        note_copy = _plan_note(entry, paper_id, source_dir, notes_dir, source_name, plan)
        if note_copy is not None:
            plan.notes.append(note_copy)
        entry.year = entry.year or arxiv_year(entry.url or "") or arxiv_year(entry.links.get("pdf", ""))
        plan.report.extend((entry.line, message) for message in leave_out_of_bounds(entry, today))
        if entry.read and entry.year and entry.read.year < entry.year - 1:
            plan.report.append(
                (entry.line, f"read date {entry.read.isoformat()} is before the paper's year {entry.year}: check both")
            )
        plan.records.append(_record(entry, paper_id, venue))
    # A new vocabulary would flag the tags and venues the user's records already use: declare them.
    if plan.new_tags and not existing.has_tags:
        for key in existing.used_tags:
            if key not in declared:
                plan.new_tags[key] = None
                declared.add(key)
    if plan.new_venues and not existing.has_venues:
        for venue in existing.used_venues:
            if venue.lower() not in venue_spellings:
                plan.new_venues[venue] = None
                venue_spellings[venue.lower()] = venue
    for topic in reading.topic_notes:
        topic_copy = _plan_topic_note(topic, source_dir, notes_dir, source_name, plan)
        if topic_copy is not None:
            plan.notes.append(topic_copy)
    _relink_notes(plan, source_dir, notes_dir, taken)
    return plan


def _spellings(venue: str) -> list[str]:
    canonical = _VENUE_SPELLINGS.get(venue.lower(), venue)
    aliases = KNOWN_VENUES[canonical][1] if canonical in KNOWN_VENUES else []
    return [venue, canonical, *aliases]


def _venue_details(canonical: str) -> dict[str, Any] | None:
    if canonical not in KNOWN_VENUES:
        return None
    name, aliases = KNOWN_VENUES[canonical]
    details: dict[str, Any] = {"name": name}
    if aliases:
        details["aliases"] = list(aliases)
    return details


def _read_note_source(
    link: str, line: int, source_dir: Path, source_name: str, plan: Plan, without: str = "paper imported without its note"
) -> tuple[Path, str] | None:
    """The file a notes link names and its text; None (reported) when it cannot be copied."""
    relative = local_path(link) or link.split("#", 1)[0]
    if not relative.lower().endswith(MARKDOWN_SUFFIXES):
        plan.report.append((line, f"notes link '{link}' is not a Markdown file: not copied"))
        return None
    try:
        source = (source_dir / relative).resolve()
        inside = source.is_relative_to(source_dir.resolve())
        exists = inside and source.is_file()
    except (OSError, ValueError):  # a name the file system refuses (a NUL byte, too long)
        inside, exists = True, False
    if not inside:  # a README from elsewhere must not copy ~/private.md into a site to publish
        plan.report.append((line, f"notes link '{link}' points outside the folder of {source_name}: not copied"))
        return None
    if not exists:
        plan.report.append((line, f"notes file '{link}' does not exist beside {source_name}: {without}"))
        return None
    try:
        return source, clean_text(source.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        plan.report.append((line, f"notes file '{link}' cannot be read ({exc}): not copied"))
        return None


def _plan_topic_note(topic: TopicNote, source_dir: Path, notes_dir: Path, source_name: str, plan: Plan) -> NoteCopy | None:
    """A section's own note (`### [Post-filter](summary.md)` above its papers): a topic note tagged with the section."""
    found = _read_note_source(topic.link, topic.line, source_dir, source_name, plan, without="section imported without it")
    if found is None:
        return None
    source, text = found
    target = notes_dir / "topics" / f"{topic.tag.replace('/', '-')}.md"
    try:
        note = with_front_matter_line(text, "tags", topic.tag, f"tags: [{topic.tag}]")
    except ImportAbort as exc:
        plan.report.append((topic.line, f"notes file '{topic.link}': {exc}: not copied; copy it to {_display(target)} by hand"))
        return None
    return NoteCopy(source, target, note, topic.line)


def _plan_note(
    entry: ImportedEntry, paper_id: str, source_dir: Path, notes_dir: Path, source_name: str, plan: Plan
) -> NoteCopy | None:
    if not entry.note_link:
        return None
    found = _read_note_source(entry.note_link, entry.line, source_dir, source_name, plan)
    if found is None:
        return None
    source, text = found
    target = notes_dir / "papers" / f"{paper_id}.md"
    text, dropped = without_title_heading(text, entry.title, entry.short)
    try:
        note = note_with_front_matter(text, paper_id)
    except ImportAbort as exc:
        plan.report.append(
            (entry.line, f"notes file '{entry.note_link}': {exc}: not copied; copy it to {_display(target)} by hand")
        )
        return None
    if dropped:
        plan.report.append((
            entry.line,
            f"notes file '{entry.note_link}': its opening heading {dropped!r} repeats the title, which the paper's page shows; "
            "left out of the copy",
        ))
    return NoteCopy(source, target, note, entry.line)


def without_title_heading(text: str, title: str, short: str | None) -> tuple[str, str]:
    """The note without an opening '# ' heading that repeats the paper's title, and that heading
    ('' when kept): the paper's page shows the title above the note, so the copy would show it
    twice (and `check` warns)."""
    _front, body, _line = split_front_matter(text)
    rest = body.lstrip("\n")
    first, _newline, after = rest.partition("\n")
    heading = first.strip()
    if heading[:1] != "#" or heading[1:2] not in (" ", "\t"):
        return text, ""
    name = heading[2:].strip().rstrip("#").strip()  # '# Title #' closes with hashes in ATX style
    name = re.sub(r"\[([^\[\]]*)\]\([^()\s]*\)", r"\1", name)  # '# [Title](url)' says the title too
    if not repeats_title(name, title, short):
        return text, ""
    return text[: len(text) - len(body)] + after.lstrip("\n"), heading


def note_with_front_matter(text: str, paper_id: str) -> str:
    """The note's text with `paper: <id>` in its front matter (see with_front_matter_line)."""
    return with_front_matter_line(text, "paper", paper_id, f"paper: {paper_id}")


def with_front_matter_line(text: str, key: str, value: Any, line: str) -> str:
    """The note's text with `line` (`paper: resnet`, `tags: [seg]`, which reads as `key: value`)
    first in its front matter; the rest is kept byte for byte.

    The front matter is found and read as `papernotes check` does (split_front_matter,
    parse_yaml), and the result is read back: ImportAbort when the note's front matter does not
    read, or could not take the key (a flow mapping `{...}`). A note that has the key already keeps it.
    """
    front, _body, _line = split_front_matter(text)
    if front is None:
        return f"---\n{line}\n---\n\n" + text
    loaded = parse_yaml(front, "note", line_offset=1)
    if loaded.problems:
        raise ImportAbort(f"its front matter does not read (line {loaded.problems[0].line}: {loaded.problems[0].message})")
    data = loaded.data if loaded.data is not None else {}
    if not isinstance(data, dict):
        raise ImportAbort("its front matter is not a mapping of keys to values")
    if key in data:
        return text  # set already, by the author's own hand
    with_line = f"---\n{line}\n" + text[4:]
    new_front, _body, _line = split_front_matter(with_line)
    again = parse_yaml(new_front, "note") if new_front is not None else None
    expected = value if key == "paper" else [value]
    if again is None or again.problems or again.data != {key: expected, **data}:
        raise ImportAbort(f"its front matter cannot take a '{key}:' line (write it one key per line)")
    return with_line


_LINK_ORDER = ("pdf", "code", "project", "notes", "video", "slides", "blog", "data")  # of a record's links


def _record(entry: ImportedEntry, paper_id: str, venue: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {"id": paper_id, "title": entry.title}
    optional: list[tuple[str, Any]] = [
        ("short", entry.short if entry.short and entry.short != entry.title else None),
        ("authors", entry.authors or None),
        ("year", entry.year),
        ("venue", venue),
        ("venue_qualifier", entry.venue_qualifier if venue else None),
        ("url", entry.url),
        ("doi", entry.ids.get("doi")),
        ("arxiv", entry.ids.get("arxiv")),
        ("cite_key", entry.ids.get("cite_key")),
        ("synced_from", entry.ids.get("synced_from") if entry.ids.get("cite_key") else None),  # the key is how sync finds it
        ("links", {k: entry.links[k] for k in _LINK_ORDER if k in entry.links} or None),
        ("tags", entry.tags or None),
        ("read", entry.read),
        ("status", entry.status),
        ("group", entry.group),
        ("rating", entry.rating),
        ("remark", entry.remark),
        ("abstract", entry.abstract),
        ("image", entry.image),
        ("highlights", entry.highlights or None),
    ]
    for key, value in optional:
        if value is not None:
            record[key] = value
    return record


# ---------------------------------------------------------------- writing YAML as text


class _BlockDumper(yaml.SafeDumper):
    """Block style, indented lists, `|` for multi-line text."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


# YAML 1.1 line breaks besides \n: PyYAML writes them as they are in plain, quoted and block
# styles, and reads them back as \n or a space. Only escapes ("\N") keep them.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(mark in value for mark in _OTHER_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_BlockDumper.add_representer(str, _represent_text)
_BlockDumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign]  # no &id001 anchors for shared dates


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)


def _indent(block: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in block.splitlines(keepends=True))


def _last_end(node: yaml.Node) -> int:
    """Where the text of a node's last descendant ends."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark.index


def append_to_papers_text(text: str, additions: dict[str, Any]) -> str:
    """`text` with new items appended under the top-level keys of `additions`; the rest untouched.

    `additions` maps 'tags'/'venues' to mappings and 'papers' to a list. Existing bytes are never
    changed: new lines are inserted after each block's last item, or a new block at the end.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    try:
        root = yaml.compose(body, Loader=_ComposeLoader)
    except yaml.YAMLError as exc:
        raise ImportAbort(f"papers file cannot be read: {exc}") from exc
    keys: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            if key_node.value in keys:  # appending to one of the two would hide the records in the other
                first = keys[key_node.value][0].start_mark.line + 1
                raise ImportAbort(
                    f"'{key_node.value}:' is set twice in the papers file (lines {first} and "
                    f"{key_node.start_mark.line + 1}): merge the two into one and import again"
                )
            keys[key_node.value] = (key_node, value_node)
    elif root is not None and not (isinstance(root, yaml.ScalarNode) and root.value == ""):
        raise ImportAbort("papers file is not a mapping with a 'papers:' list")
    inserts: list[tuple[int, int, str]] = []  # (start, end of replaced text, new text)
    tail: list[str] = []
    def lines_of(items: Any, indent: int) -> str:
        return _indent(dump_yaml(items), indent).replace("\n", newline)

    for name, items in additions.items():
        if not items:
            continue
        if name not in keys:
            tail.append(f"{name}:{newline}" + lines_of(items, 2))
            continue
        key_node, value = keys[name]
        is_empty = (isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")) or (
            isinstance(value, (yaml.MappingNode, yaml.SequenceNode)) and value.flow_style and not value.value
        )
        if is_empty:
            line_end = body.find("\n", value.end_mark.index)
            line_end = len(body) if line_end < 0 else line_end
            inserts.append((value.start_mark.index, value.end_mark.index, ""))
            line_end -= 1 if body[line_end - 1 : line_end] == "\r" else 0
            inserts.append((line_end, line_end, newline + lines_of(items, key_node.start_mark.column + 2).rstrip("\r\n")))
            continue
        if isinstance(value, yaml.ScalarNode) or getattr(value, "flow_style", False):
            raise ImportAbort(
                f"'{name}:' on line {key_node.start_mark.line + 1} of the papers file is written on one line "
                "([...] or {...}): write it as a block (one item per line) so the import can append to it"
            )
        if isinstance(value, yaml.SequenceNode) != isinstance(items, list):
            raise ImportAbort(f"'{name}:' in the papers file is not a {'list' if isinstance(items, list) else 'mapping'}")
        end = _last_end(value)
        if end > 0 and body[end - 1] == "\n":
            position = end
            block = lines_of(items, value.start_mark.column)
        else:
            line_end = body.find("\n", end)
            position = len(body) if line_end < 0 else line_end
            position -= 1 if body[position - 1 : position] == "\r" else 0
            block = newline + lines_of(items, value.start_mark.column).rstrip("\r\n")
        inserts.append((position, position, block))
    for start, end, new in sorted(inserts, key=lambda item: (item[0], item[1]), reverse=True):
        body = body[:start] + new + body[end:]
    if tail:
        if body and not body.endswith("\n"):
            body += newline
        body += "".join(tail)
    return bom + body


# Control characters, line and paragraph separators, format characters (bidi overrides) and
# code points with no character: what can end a line, move a terminal's cursor or reorder text.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def printable(text: str) -> str:
    """`text` with control and other invisible characters escaped (\\x1b, \\n, \\u202e): for one
    line of a report, a YAML comment or a Markdown line, which such a character could end or
    hijack. Spaces of other scripts (U+3000, no-break space) are kept."""
    if text.isprintable():
        return text
    return "".join(
        repr(char)[1:-1] if unicodedata.category(char) in _UNSAFE_CATEGORIES else char for char in text
    )


def markdown_code(text: str) -> str:
    """`text` as one Markdown code span: shown literally, whatever backticks or HTML it holds."""
    text = printable(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"


def new_papers_text(additions: dict[str, Any], source_name: str) -> str:
    header = f"# Imported from {printable(source_name)} by `papernotes import`; edit freely.\n"
    return header + append_to_papers_text("", additions)


def check_appended(existing: Existing, new_text: str, plan: Plan, file: str) -> None:
    """The appended file, read as check reads it, must hold the old data unchanged plus exactly the new records."""
    old = (parse_yaml(existing.text, file).data if existing.text else None) or {}
    loaded = parse_yaml(new_text, file)
    if loaded.problems:
        raise ImportAbort(f"the appended papers file would not read back ({loaded.problems[0].format()}); nothing was written")
    new = loaded.data or {}
    expected = {
        "papers": list(old.get("papers") or []) + plan.records,
        "tags": {**(old.get("tags") or {}), **plan.new_tags},
        "venues": {**(old.get("venues") or {}), **plan.new_venues},
    }
    for key, value in expected.items():
        if (new.get(key) or type(value)()) != value:
            raise ImportAbort(f"appending to '{key}:' would change existing data; nothing was written")


# ---------------------------------------------------------------- files


STARTER_INDEX = """\
# Paper notes

Imported from {readme}: see the reading log, topics and conferences in the navigation.
"""


@dataclass
class Target:
    root: Path
    papers: Path
    notes: Path
    fresh: bool  # no papers file and no mkdocs.yml: starter files are written


def find_target(into: Path) -> Target:
    if not into.exists():
        return Target(into, into / "papers.yaml", into / "notes", True)
    project = find_project(into)
    fresh = not project.papers.exists() and not (project.root / "mkdocs.yml").exists()
    notes = project.docs_dir or project.root / "notes"
    return Target(project.root, project.papers, notes, fresh)


def _display(path: Path) -> str:
    return display_path(path, Path.cwd())


Reader = Callable[[str, dt.date], Reading]  # the text of a file and today -> what it holds


@dataclass
class ImportReport:
    """What an import did (or would do): the lines to show and the exit code."""

    source_name: str
    messages: list[tuple[int, str]] = field(default_factory=list)  # (line of the source, message)
    records: list[dict[str, Any]] = field(default_factory=list)
    notes_written: int = 0
    duplicates: int = 0
    skipped_sections: int = 0
    written: list[str] = field(default_factory=list)
    dry_run: bool = False
    error: str | None = None  # why nothing was written; set with exit_code 1 or 2
    exit_code: int = 0

    @property
    def unread_lines(self) -> int:
        return sum(1 for _line, message in self.messages if message.startswith("skipped:"))

    def lines(self) -> list[str]:
        """The report as `papernotes import` prints it (stdout), control characters escaped."""
        ordered = sorted(self.messages, key=lambda item: item[0])
        shown = [printable(f"{self.source_name}:{line}: {message}") for line, message in ordered]
        verb = "would import" if self.dry_run else "imported"
        shown.append(
            f"{verb} {counted(len(self.records), 'paper')}, "
            f"{'would copy' if self.dry_run else 'copied'} {counted(self.notes_written, 'note')}, "
            f"skipped {counted(self.duplicates, 'duplicate')}, {counted(self.skipped_sections, 'non-paper section')} and "
            f"{counted(self.unread_lines, 'unread line')}"
        )
        if self.dry_run:
            shown.append("dry run: nothing was written")
        elif self.written:
            shown.append("wrote " + ", ".join(self.written))
        else:
            shown.append("nothing new: no file was changed")
        return shown


def _refused(report: ImportReport, message: str, exit_code: int = 1) -> ImportReport:
    report.error = printable(message)
    report.exit_code = exit_code
    return report


def write_import(
    reading: Reading, source_dir: Path, source_name: str, into: Path, dry_run: bool, today: dt.date | None = None
) -> ImportReport:
    """Merge what a reader read into the knowledge base at `into` and write it (unless `dry_run`).

    `source_dir` is the folder local note links are relative to; `source_name` names the source
    in the report and in a new papers.yaml's first line. Nothing is written when anything is refused.
    """
    report = ImportReport(source_name, dry_run=dry_run, skipped_sections=reading.skipped_sections)
    target = find_target(into)
    papers_name = _display(target.papers)
    today = today or dt.date.today()
    try:
        existing = read_existing(target.papers, papers_name, today)
        plan = plan_import(reading, existing, source_dir, target.notes, source_name, today)
        additions = {"tags": plan.new_tags, "venues": plan.new_venues, "papers": plan.records}
        new_text = None
        if any(additions.values()):
            if existing.text is not None:
                new_text = append_to_papers_text(existing.text, additions)
            else:
                new_text = new_papers_text(additions, Path(source_name).name)
            check_appended(existing, new_text, plan, papers_name)
        elif existing.text is None:  # no paper found: still leave a knowledge base that builds
            new_text = new_papers_text({}, Path(source_name).name) + "papers: []\n"
    except ImportAbort as exc:
        return _refused(report, "\n".join(printable(line) for line in str(exc).split("\n")))
    report.records = plan.records
    report.duplicates = plan.duplicates
    report.messages = plan.report

    files = FileSet()
    # papers.yaml first: a write cut short leaves records without notes, never notes without records
    if new_text is not None:
        if existing.raw is not None:
            files.add_update(target.papers, new_text, existing.raw)
        else:  # a symlink to a file not there yet: like an editor, create the file it points to
            files.add_new(Path(os.path.realpath(target.papers)), new_text)
        report.written.append(papers_name)
    if target.fresh:
        for path, content in (
            (target.root / "mkdocs.yml", starter_mkdocs_yml(target.notes.name, reading.week_start)),
            (target.notes / "index.md", STARTER_INDEX.format(readme=markdown_code(Path(source_name).name))),
        ):
            if not os.path.lexists(path):
                files.add_new(path, content)
                report.written.append(_display(path))
    for source, copy in plan.files:
        if os.path.lexists(copy):
            continue  # copied by an earlier import (or the user's own): kept
        try:
            files.add_new_bytes(copy, source.read_bytes())
        except OSError as exc:
            report.messages.append((0, f"cannot read {_display(source)} ({exc.strerror or exc}): not copied"))
            continue
        report.written.append(_display(copy))
    for note in plan.notes:
        if os.path.lexists(note.target):
            report.messages.append((note.line, f"note {_display(note.target)} exists already: not overwritten"))
            continue
        files.add_new(note.target, note.text)
        report.notes_written += 1
        report.written.append(_display(note.target))
    if not dry_run:
        try:
            files.write()
        except WriteRefused as exc:
            return _refused(report, f"{_display(exc.path)} {exc.reason}")
        except OSError as exc:
            where = f" {_display(Path(exc.filename))}" if exc.filename else ""
            return _refused(report, f"cannot write{where}: {exc.strerror or exc}; nothing was written")
    return report


def import_file(source: Path, into: Path, dry_run: bool, reader: Reader, today: dt.date | None = None) -> ImportReport:
    """Read `source` with `reader` and import it into `into`: `papernotes import SOURCE`."""
    name = _display(source)
    report = ImportReport(name, dry_run=dry_run)
    if not source.is_file():
        return _refused(report, f"no such file: {source}", 2)
    try:
        text = source.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return _refused(report, f"{name} is not UTF-8 text (byte {exc.start}): convert it first", 2)
    except OSError as exc:
        return _refused(report, f"cannot read {name}: {exc.strerror or exc}", 2)
    if into.exists() and not into.is_dir():
        return _refused(report, f"--into {into} is not a folder", 2)
    today = today or dt.date.today()
    try:
        reading = reader(text, today)
    except SourceRefused as exc:
        return _refused(report, f"{name}:{exc.line}: {exc.message}", 2)
    return write_import(reading, source.resolve().parent, name, into, dry_run, today)


def print_report(report: ImportReport) -> int:
    """Show a report as `papernotes import` does (errors on stderr); returns its exit code."""
    if report.error is not None:
        print(f"papernotes import: {report.error}", file=sys.stderr)
        return report.exit_code
    for line in report.lines():
        print(line)  # README text in a message cannot drive the terminal: lines() escaped it
    return report.exit_code
