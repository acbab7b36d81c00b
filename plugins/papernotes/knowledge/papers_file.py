"""papers.yaml read and checked: its vocabularies (tags, venues) and its records, each record
against the schema, the vocabularies and the others (unique ids, DOIs, arXiv ids, cite keys)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from .knowledge_base import FatalProblem, FileLink, KnowledgeBase, RecordCheck, Tag, VenueEntry, venue_lookup
from .loading import LoadedYaml, RecordsYaml, combined_records, decode_text, parse_yaml, split_records
from .model import (
    MIN_DATE,
    Paper,
    Venue,
    check_tag,
    is_file_link,
)
from .problems import Problem, describe, did_you_mean, quote
from .schema_check import YamlSource, text_hint


@dataclass
class RecordMemo:
    """papers.yaml's records as parsed and checked last time, by their lines: a record whose
    lines did not change is not parsed or checked again (`mkdocs serve` loads on every save)."""

    # by their lines: as parsed alone, and as checked when they had no problem
    parsed_records: dict[str, LoadedYaml] = field(default_factory=dict)
    checked_records: dict[tuple[str, str], Paper] = field(default_factory=dict)
    by_record: bool = False  # the last load went record by record (else the file was parsed whole)

    def parse_papers(self, text: str, file: str) -> LoadedYaml:
        """papers.yaml parsed record by record, each record's parse reused while its lines stay
        the same; parsed whole when its shape does not allow that (see split_records)."""
        split = split_records(text, "papers")
        self.by_record = False
        if split is None:
            self.parsed_records = {}
            return parse_yaml(text, file)
        parsed: dict[str, LoadedYaml] = {}
        records: list[tuple[int, LoadedYaml]] = []
        for above, lines in split.records:
            # two records of the same lines get a parse each: their data must be two objects
            loaded = None if lines in parsed else self.parsed_records.get(lines)
            if loaded is None:
                loaded = parse_yaml(lines, file, depth=2)  # below the file's mapping and its list
            parsed.setdefault(lines, loaded)
            records.append((above, loaded))
        self.parsed_records = parsed
        whole = combined_records(parse_yaml(split.skeleton, file), "papers", records, [lines for _, lines in split.records])
        self.by_record = whole is not None
        return whole if whole is not None else parse_yaml(text, file)


def read_source(path: Path, file: str) -> tuple[str, list[Problem]]:
    """The text of a file, and a problem when it is not valid UTF-8 (the rest still loads)."""
    return decode_text(path.read_bytes(), file)


def load_papers(path: Path, file: str, today: dt.date, memo: RecordMemo | None = None) -> KnowledgeBase:
    """Parse and validate papers.yaml (the records that did not change since `memo` saw them
    are not parsed or checked again). Raises FatalProblem only when it cannot be read."""
    try:
        text, decoding = read_source(path, file)
    except OSError as exc:
        raise FatalProblem(f"{file}: cannot read papers file: {exc.strerror or exc}") from exc
    loaded = memo.parse_papers(text, file) if memo is not None else parse_yaml(text, file)
    source = YamlSource(loaded)
    source.problems[:0] = decoding
    kb = KnowledgeBase(papers_file=file)
    data = loaded.data
    if data is None and not loaded.problems:
        # An error, and fatal to a build: a file emptied by mistake must not publish an empty
        # site; `papers: []` says "no papers yet" on purpose.
        written = [line.strip() for line in text.splitlines() if line.strip()]
        only = " (it holds only comments)" if written and all(line.startswith("#") for line in written) else ""
        source.report((), "error", f"{file} is empty{only}: {_START_PAPERS}")
    if data is not None and not isinstance(data, dict):
        source.report((), "error", f"papers file must be a mapping with a 'papers:' list, got {describe(data)}")
        data = None
    if data is None:
        kb.fatal = source.problems[0] if source.problems else None
    if isinstance(data, dict):
        for key in data:
            if key not in ("papers", "tags", "venues"):
                hint = did_you_mean(str(key), ("papers", "tags", "venues")) or "; known keys: papers, tags, venues"
                source.report((key,), "error", f"unknown top-level key {quote(key)}{hint}", str(key))
        _load_tags(source, data.get("tags"), kb)
        _load_venues(source, data.get("venues"), kb)
        _load_records(source, data.get("papers"), kb, today, memo)
    kb.problems.extend(source.problems)
    return kb


def _load_tags(source: YamlSource, raw: Any, kb: KnowledgeBase) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        source.report(("tags",), "error", f"'tags' must be a mapping of tag key to description, got {describe(raw)}")
        return
    for key, description in raw.items():  # keys are lowercase by the tag rule: no case clashes
        if not isinstance(key, str):
            source.report(("tags", key), "error", f"a key of 'tags' must be text, got {describe(key)}{text_hint(key)}", str(key))
            continue
        try:
            check_tag(key)
        except PydanticCustomError as exc:
            source.report(("tags", key), "error", f"a key of 'tags' {exc}", key)
            continue
        if description is not None and not isinstance(description, str):
            source.report(
                ("tags", key), "error",
                f"the description of tag {quote(key)} must be text, got {describe(description)}{text_hint(description)}", key,
            )
            description = None
        kb.tags[key] = Tag(key, description.strip() if description else None)
        kb.positions[("tag", key)] = source.loaded.position(("tags", key))
    for key in list(kb.tags):
        parent = kb.tags[key].parent
        while parent and parent not in kb.tags:
            kb.tags[parent] = Tag(parent, None, declared=False)
            parent = kb.tags[parent].parent


def _load_venues(source: YamlSource, raw: Any, kb: KnowledgeBase) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        source.report(("venues",), "error", f"'venues' must be a mapping of venue name to details, got {describe(raw)}")
        return
    spelled: dict[str, str] = {}  # lowercased spelling -> canonical
    for raw_key, details in raw.items():
        if not isinstance(raw_key, str):
            source.report(
                ("venues", raw_key), "error",
                f"a key of 'venues' must be text, got {describe(raw_key)}{text_hint(raw_key)}", str(raw_key),
            )
            continue
        if not raw_key.strip():
            source.report(("venues", raw_key), "error", "a key of 'venues' is empty: write the venue's name", "venues")
            continue
        # Spaces around a name are dropped, as around a record's `venue:` and the aliases,
        # so " CVPR " and `venue: CVPR` are one venue, shown and named without them.
        key = raw_key.strip()
        venue = (
            Venue() if details is None else source.validate(details, Venue, ("venues", raw_key), set(), f"venue {quote(key)}")[0]
        )
        if venue is None:
            venue = Venue()
        entry = VenueEntry(key, venue.name, list(venue.aliases), venue.kind)
        for spelling in [key, *entry.aliases]:
            other = spelled.get(spelling.lower())
            if other is not None:
                source.report(
                    ("venues", raw_key), "error",
                    f"venue spelling {quote(spelling)} is used by both {quote(other)} and {quote(key)}", key,
                )
                continue
            spelled[spelling.lower()] = key
        if key in kb.venues:
            continue  # the same name spelled with other spaces: reported just above
        kb.venues[key] = entry
        kb.positions[("venue", key)] = source.loaded.position(("venues", raw_key))


# Stand-ins for a broken required field, so the rest of the record is still checked.
_PLACEHOLDERS = {"id": "invalid-id", "title": "untitled"}


_START_PAPERS = "add a 'papers:' list with one '- id: ...' record per paper, or write 'papers: []' to start with none"


def _load_records(source: YamlSource, raw: Any, kb: KnowledgeBase, today: dt.date, memo: RecordMemo | None = None) -> None:
    if raw is None:
        if "papers" in source.loaded.data:
            source.report(
                ("papers",), "warning",
                "'papers' holds no records: add one '- id: ...' record per paper below it, or write 'papers: []' "
                "to start with none",
                "papers",
            )
        return
    if not isinstance(raw, list):
        source.report(("papers",), "error", f"'papers' must be a list of records ('- id: ...'), got {describe(raw)}")
        return
    venues = venue_lookup(kb)
    required = {name for name, info in Paper.model_fields.items() if info.is_required()}
    # A record whose lines, and the vocabularies and day it is checked against, are as when it
    # was checked without a problem is that same record (its positions are looked up anew).
    texts = source.loaded.texts if memo is not None and isinstance(source.loaded, RecordsYaml) else None
    context = repr((sorted(kb.tags), sorted(venues.items()), today, kb.papers_file))
    seen = _Seen(checked_before=memo.checked_records if memo is not None and texts is not None else {})
    for index, record in enumerate(raw):
        path = ("papers", index)
        before = len(source.problems)
        memo_key = (texts[index], context) if texts is not None else None
        _load_record(source, record, path, kb, venues, today, required, seen, memo_key)
        errors = tuple(problem for problem in source.problems[before:] if problem.severity == "error")
        given = record.get("id") if isinstance(record, dict) else None
        kb.records.append(RecordCheck(source.loaded.position(path)[0], given if isinstance(given, str) else None, errors))
    if texts is not None and memo is not None:
        memo.checked_records = seen.checked


@dataclass
class _Seen:
    """What the records checked so far have used, and the records checked without a problem."""

    checked_before: dict[tuple[str, str], Paper]  # the memo's, by (record lines, context)
    checked: dict[tuple[str, str], Paper] = field(default_factory=dict)  # this load's, for the memo
    ids: dict[str, tuple[str, int]] = field(default_factory=dict)  # lowercased id -> (id, line)
    identifiers: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)  # (key, folded value) -> (id, line)


def _load_record(
    source: YamlSource, record: Any, path: tuple[Any, ...], kb: KnowledgeBase, venues: dict[str, str], today: dt.date,
    required: set[str], seen: _Seen, memo_key: tuple[str, str] | None,
) -> None:
    """Check one record and add its paper to `kb` unless a required field is broken or its id is taken."""
    known = seen.checked_before.get(memo_key) if memo_key is not None else None
    clean = True
    if known is None:
        problems_before = len(source.problems)
        paper, complete = source.validate(record, Paper, path, required, "a paper record", _PLACEHOLDERS)
        if paper is None:
            return
        if not complete:  # still check the other fields, so one run shows every problem
            _check_record(source, paper, path, kb, venues, today)
            return
        clean = len(source.problems) == problems_before
    else:
        paper = known
    line = source.loaded.position(path)[0]
    if _repeats_an_id(source, paper, path, line, seen.ids):
        return
    if known is None:
        problems_before = len(source.problems)
        paper = _check_record(source, paper, path, kb, venues, today)
        clean = clean and len(source.problems) == problems_before
    if memo_key is not None and clean:
        seen.checked[memo_key] = paper
    _add_paper(source, _check_identifiers(source, paper, path, seen.identifiers), path, line, kb)


def _repeats_an_id(
    source: YamlSource, paper: Paper, path: tuple[Any, ...], line: int, seen_ids: dict[str, tuple[str, int]]
) -> bool:
    """Whether an earlier record has the paper's id (ignoring case): reported; else the id is noted as seen."""
    first = seen_ids.get(paper.id.lower())
    if first is None:
        seen_ids[paper.id.lower()] = (paper.id, line)
        return False
    same = "" if first[0] == paper.id else (
        f" as {quote(first[0])} (ids must differ also ignoring case, since URLs collide on case-insensitive file systems)"
    )
    source.report(
        (*path, "id"), "error",
        f"duplicate id {quote(paper.id)}: already used on line {first[1]}{same}; give this paper another id",
        "id",
    )
    return True


def _add_paper(source: YamlSource, paper: Paper, path: tuple[Any, ...], line: int, kb: KnowledgeBase) -> None:
    """Put a checked record in the knowledge base, with where it, its tags and its venue stand."""
    kb.papers[paper.id] = paper
    kb.paper_lines[paper.id] = line
    kb.positions[("paper", paper.id)] = source.loaded.position((*path, "id"))
    for index, tag in enumerate(paper.tags):
        kb.positions.setdefault(("tag", tag), source.loaded.position((*path, "tags", index)))
    if paper.venue:
        kb.positions.setdefault(("venue", paper.venue), source.loaded.position((*path, "venue")))
    _collect_file_links(source, paper, path, kb)


# What a duplicate identifier says: DOIs and arXiv ids name one paper each, a cite key one entry of a .bib.
_IDENTIFIER_FIXES = {
    "doi": "a DOI names one paper: merge the two records or correct the DOI",
    "arxiv": "an arXiv id names one paper: merge the two records or correct the id",
    "cite_key": "a .bib holds each key once: give this paper another cite_key",
}


def _check_identifiers(
    source: YamlSource, paper: Paper, path: tuple[Any, ...], seen: dict[tuple[str, str], tuple[str, int]]
) -> Paper:
    """DOI, arXiv id and cite key unique across the records (DOIs and keys ignoring case, as
    doi.org and BibTeX read them); a repeated one is reported and dropped from the later record."""
    dropped: dict[str, Any] = {}
    for key in _IDENTIFIER_FIXES:
        value: str | None = getattr(paper, key)
        if value is None:
            continue
        folded = value if key == "arxiv" else value.lower()
        first = seen.get((key, folded))
        if first is None:
            seen[(key, folded)] = (paper.id, source.loaded.position((*path, key))[0])
            continue
        source.report(
            (*path, key), "error",
            f"duplicate {key} {quote(value)}: paper {quote(first[0])} on line {first[1]} has it already; "
            + _IDENTIFIER_FIXES[key],
            key,
        )
        dropped[key] = None
    return paper.model_copy(update=dropped) if dropped else paper


def _collect_file_links(source: YamlSource, paper: Paper, path: tuple[Any, ...], kb: KnowledgeBase) -> None:
    """Note the record's relative links with their positions; `check_file_links` looks for the files."""
    fields: list[tuple[str, str | None, tuple[str, ...]]] = [("url", paper.url, ("url",)), ("image", paper.image, ("image",))]
    fields += [(f"links.{kind}", href, ("links", kind)) for kind, href in paper.links.items()]
    for key, href, loc in fields:
        if href and is_file_link(href):
            kb.file_links.append(FileLink(key, href, *source.loaded.position(path + loc)))


def _check_record(
    source: YamlSource, paper: Paper, path: tuple[Any, ...], kb: KnowledgeBase, venues: dict[str, str], today: dt.date
) -> Paper:
    """Rules across fields and vocabularies; returns the paper with its venue made canonical."""
    updates: dict[str, Any] = {}
    if kb.tags:
        for index, tag in enumerate(paper.tags):
            if tag not in kb.tags:
                hint = did_you_mean(tag, kb.tags) or f"; add it under 'tags:' in {kb.papers_file}"
                source.report((*path, "tags", index), "warning", f"unknown tag {quote(tag)}{hint}", "tags")
    if paper.venue and kb.venues:
        canonical = venues.get(paper.venue.lower())
        if canonical is None:
            hint = did_you_mean(paper.venue, venues.values()) or f"; add it under 'venues:' in {kb.papers_file}"
            source.report((*path, "venue"), "warning", f"unknown venue {quote(paper.venue)}{hint}", "venue")
        elif canonical != paper.venue:
            updates["venue"] = canonical
    if paper.year is not None and paper.year > today.year + 1:
        source.report((*path, "year"), "error", f"'year' {paper.year} is in the future (this is {today.year})", "year")
    if paper.read is not None:
        if paper.read < MIN_DATE:
            source.report(
                (*path, "read"), "error",
                f"'read' date {paper.read.isoformat()} is before {MIN_DATE.year}: write the date the paper was read",
                "read",
            )
        elif paper.read > today:
            source.report(
                (*path, "read"), "error",
                f"'read' date {paper.read.isoformat()} is in the future (today is {today.isoformat()})", "read",
            )
        elif paper.year is not None and paper.read.year < paper.year - 1:
            source.report(
                (*path, "read"), "warning",
                f"'read' date {paper.read.isoformat()} is before the paper's year {paper.year}: check both",
                "read",
            )
    if paper.status == "to-read" and paper.read is not None:
        source.report(
            (*path, "status"), "warning",
            "'status' is 'to-read' but a 'read' date is set: use 'read' or 'reading', or remove the date", "status",
        )
    return paper.model_copy(update=updates) if updates else paper

