"""An import's plan: what the entries a parser found add to the knowledge base.

`plan_import` takes four steps: it drops the entries the knowledge base or the parsed file holds
already (the same DOI, else arXiv id, else URL, else the same title when the URLs do not
disagree; an arXiv preprint and its published version become one record, reported as merged);
it makes a record of each entry left, with a short readable id that is not taken, and the tag
and venue entries it needs; it declares the tags and venues the user's records already use when
the import starts a vocabulary; and it plans the copies of topic notes and relinks the notes
copied. Nothing is written here: `run.write_import` writes the plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .existing import Existing
from .ids_and_links import tag_description, unique_id
from .imported import ImportedEntry, ParsedFile, Plan, arxiv_year, leave_out_of_bounds
from .local_files import localise_links, plan_note, plan_topic_note, relink_notes
from .matching import merge_into, normalise_url, notes_disagree, preprint_and_published, title_keys, urls_disagree
from .venues import spellings, venue_details


def plan_import(
    parsed: ParsedFile, existing: Existing, source_dir: Path, notes_dir: Path, source_name: str, today: dt.date | None = None
) -> Plan:
    """Records, vocabulary entries and note copies for the entries not in the knowledge base yet;
    a year or read date check refuses is left out (`today` bounds them)."""
    plan = Plan(report=list(parsed.report))
    seen = _Seen()
    kept = _new_entries(parsed, existing, source_dir, notes_dir, source_name, plan, seen)
    vocabulary = _Vocabulary(set(existing.tags), dict(existing.venue_spellings))
    taken = _add_records(
        kept, parsed, existing, vocabulary, source_dir, notes_dir, source_name, plan, today or dt.date.today(), seen.paper_ids
    )
    _declare_used_vocabulary(existing, vocabulary, plan)
    for repeat, first in seen.merged_into.items():
        seen.paper_ids[repeat] = seen.paper_ids.get(id(first), "")
    for topic in parsed.topic_notes:
        refs = {url: seen.paper_ids.get(id(entry), "") for url, entry in topic.papers.items()}
        topic_copy = plan_topic_note(topic, source_dir, notes_dir, source_name, plan, refs)
        if topic_copy is not None:
            plan.notes.append(topic_copy)
    relink_notes(plan, source_dir, notes_dir, taken)
    return plan


# ---------------------------------------------------------------- step 1: the entries not there yet


@dataclass
class _Seen:
    """The entries of this file kept so far, by what names a paper."""

    ids: dict[tuple[str, str], ImportedEntry] = field(default_factory=dict)  # ("doi", lowercased) or ("arxiv", id) -> entry
    urls: dict[str, ImportedEntry] = field(default_factory=dict)  # normalised URL -> entry
    titles: dict[str, ImportedEntry] = field(default_factory=dict)  # title key -> entry
    paper_ids: dict[int, str] = field(default_factory=dict)  # id() of an entry -> its record's id (new, or the KB's)
    merged_into: dict[int, ImportedEntry] = field(default_factory=dict)  # id() of a repeat -> the entry it joined


def _new_entries(
    parsed: ParsedFile, existing: Existing, source_dir: Path, notes_dir: Path, source_name: str, plan: Plan, seen: _Seen
) -> list[ImportedEntry]:
    """The entries that repeat no record and no earlier entry; a repeated entry is reported, and
    adds what it knows to the earlier one."""
    kept: list[ImportedEntry] = []
    for entry in parsed.entries:
        localise_links(entry, source_dir, notes_dir, source_name, plan)
        url_key = normalise_url(entry.url) if entry.url else None
        keys = title_keys(entry.title, entry.short)
        # DOI, then arXiv id, then URL, then title: the first that names a paper decides
        identifiers = [(name, entry.ids[name].lower() if name == "doi" else entry.ids[name])
                       for name in ("doi", "arxiv") if entry.ids.get(name)]
        known, first, how = _same_paper(entry, identifiers, url_key, keys, existing, seen)
        if known is not None:
            plan.duplicates += 1
            plan.report.append((entry.line, f"duplicate: already in the knowledge base as '{known}' ({how}): skipped"))
            seen.paper_ids[id(entry)] = known
            continue
        if first is not None:
            _merge_repeat(first, entry, how, seen, plan)
            seen.merged_into[id(entry)] = first
            continue
        kept.append(entry)
        for name, value in identifiers:
            seen.ids[(name, value)] = entry
        if url_key:
            seen.urls[url_key] = entry
        for key in keys:
            seen.titles.setdefault(key, entry)
    return kept


def _same_paper(
    entry: ImportedEntry, identifiers: list[tuple[str, str]], url_key: str | None, keys: set[str],
    existing: Existing, seen: _Seen,
) -> tuple[str | None, ImportedEntry | None, str]:
    """(id of the record, earlier entry, how they match) of the paper `entry` repeats, if any."""
    known: str | None = None
    first: ImportedEntry | None = None
    for name, value in identifiers:
        known = (existing.dois if name == "doi" else existing.arxivs).get(value)
        first = seen.ids.get((name, value))
        if known is not None or first is not None:
            return known, first, "same DOI" if name == "doi" else "same arXiv id"
    known = existing.urls.get(url_key) if url_key else None
    first = seen.urls.get(url_key) if url_key else None
    if known is not None or first is not None:
        return known, first, "same URL"
    # the same title is the same paper only when the URLs do not disagree
    known = next(
        (existing.titles[key] for key in keys
         if key in existing.titles and not (url_key and existing.paper_urls.get(existing.titles[key]))),
        None,
    )
    first = next(
        (seen.titles[key] for key in keys if key in seen.titles
         and (not urls_disagree(seen.titles[key], url_key) or preprint_and_published(seen.titles[key], entry))
         and not notes_disagree(seen.titles[key], entry)),
        None,
    )
    return known, first, "same title"


def _merge_repeat(first: ImportedEntry, entry: ImportedEntry, how: str, seen: _Seen, plan: Plan) -> None:
    """Report `entry` as a repeat of `first` (or its preprint, or published version) and merge it in."""
    plan.duplicates += 1
    if preprint_and_published(first, entry):
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
    merge_into(first, entry)
    for name, value in first.ids.items():
        if name in ("doi", "arxiv"):
            seen.ids.setdefault((name, value.lower() if name == "doi" else value), first)


# ---------------------------------------------------------------- step 2: their records


@dataclass
class _Vocabulary:
    """The tags declared so far (the file's and the plan's) and every venue spelling, lowercased."""

    tags: set[str]
    venue_spellings: dict[str, str]


def _add_records(
    kept: list[ImportedEntry], parsed: ParsedFile, existing: Existing, vocabulary: _Vocabulary,
    source_dir: Path, notes_dir: Path, source_name: str, plan: Plan, today: dt.date, paper_ids: dict[int, str],
) -> set[str]:
    """A record for each kept entry, with the tags, venues and note copy it needs; returns the
    ids taken (lowercased)."""
    taken = set(existing.ids)
    next_number: dict[str, int] = {}
    for key, description in parsed.tags.items():
        if key not in vocabulary.tags:
            plan.new_tags[key] = description
            vocabulary.tags.add(key)
    keys_taken = set(existing.cite_keys)
    for entry in kept:
        paper_id = unique_id(entry, taken, next_number)
        paper_ids[id(entry)] = paper_id
        taken.add(paper_id.lower())
        cite_key = entry.ids.get("cite_key")
        if cite_key and cite_key.lower() in keys_taken:
            plan.report.append((entry.line, f"cite key '{cite_key}' is taken in the knowledge base: imported without it"))
            del entry.ids["cite_key"]
        elif cite_key:
            keys_taken.add(cite_key.lower())
        _declare_tags(entry, vocabulary, plan)
        venue = _canonical_venue(entry.venue, vocabulary, plan) if entry.venue else entry.venue
        note_copy = plan_note(entry, paper_id, source_dir, notes_dir, source_name, plan)
        if note_copy is not None:
            plan.notes.append(note_copy)
        entry.year = entry.year or arxiv_year(entry.url or "") or arxiv_year(entry.links.get("pdf", ""))
        plan.report.extend((entry.line, message) for message in leave_out_of_bounds(entry, today))
        if entry.read and entry.year and entry.read.year < entry.year - 1:
            plan.report.append(
                (entry.line, f"read date {entry.read.isoformat()} is before the paper's year {entry.year}: check both")
            )
        plan.records.append(_record(entry, paper_id, venue))
    return taken


def _declare_tags(entry: ImportedEntry, vocabulary: _Vocabulary, plan: Plan) -> None:
    """Plan a tag entry for each new tag of the entry and its parents, described by the name it
    was written with when its key does not spell it."""
    for tag in entry.tags:
        described = tag_description(tag, entry.tag_names.get(tag))
        if tag not in vocabulary.tags:
            plan.new_tags[tag] = described
            vocabulary.tags.add(tag)
            parent = tag.rsplit("/", 1)[0] if "/" in tag else None
            while parent and parent not in vocabulary.tags:
                plan.new_tags[parent] = None
                vocabulary.tags.add(parent)
                parent = parent.rsplit("/", 1)[0] if "/" in parent else None
        elif described and tag in plan.new_tags and plan.new_tags[tag] is None:  # new, first met without its name
            plan.new_tags[tag] = described


def _canonical_venue(venue: str, vocabulary: _Vocabulary, plan: Plan) -> str:
    """The venue's name as the knowledge base spells it; a new venue gets a planned entry."""
    spellings_of = vocabulary.venue_spellings
    found = next((spellings_of[s.lower()] for s in spellings(venue) if s.lower() in spellings_of), None)
    if found is not None:
        return found
    plan.new_venues[venue] = venue_details(venue)
    for spelling in spellings(venue):
        spellings_of[spelling.lower()] = venue
    return venue


# ---------------------------------------------------------------- step 3: the vocabulary already used


def _declare_used_vocabulary(existing: Existing, vocabulary: _Vocabulary, plan: Plan) -> None:
    """A new vocabulary would flag the tags and venues the user's records already use: declare them."""
    if plan.new_tags and not existing.has_tags:
        for key in existing.used_tags:
            if key not in vocabulary.tags:
                plan.new_tags[key] = None
                vocabulary.tags.add(key)
    if plan.new_venues and not existing.has_venues:
        for venue in existing.used_venues:
            if venue.lower() not in vocabulary.venue_spellings:
                plan.new_venues[venue] = None
                vocabulary.venue_spellings[venue.lower()] = venue


# ---------------------------------------------------------------- a record


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


