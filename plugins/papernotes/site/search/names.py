"""The names a reader types to find a page itself (a paper's short name, title and id, a note's
title), in small files the search worker reads before Pagefind's index.

Pagefind answers a query only once its page list has loaded (about 6.5 bytes a page: 330 KB at
50,000 pages) and the index pieces of the query's words (about 200 KB each once a word is on
thousands of pages). A reader who types a paper's name gets it from one small file instead:
each name, as one word (records.joined), is hashed to one of `count` files, so that the files
hold about NAMES_PER_FILE names each, whatever the size of the library and however alike the
names begin. The worker hashes the query the same way (search-worker.js, `fnv`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .records import SearchRecord, joined, teaser

NAMES_DIR = "names"  # inside the index's folder, published with it
COUNT_FILE = "count.json"  # {"files": count}: the worker reads it once
NAMES_PER_FILE = 32  # 15 KB a file (at most 25 KB at 50,000 papers), with each page's title, names and teaser


def name_hash(word: str) -> int:
    """32-bit FNV-1a of the word's UTF-8 bytes: a few lines in the worker, and spread evenly."""
    value = 0x811C9DC5
    for byte in word.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def page_entry(record: SearchRecord) -> str:
    """What the worker shows for a page found by name: [url, title, kind, names, tags, teaser]."""
    entry = [record.url, record.title, record.kind, list(record.names), list(record.tags), teaser(record.text)]
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def name_files(records: Iterable[SearchRecord]) -> dict[str, str]:
    """File name -> JSON text: `count.json`, and `<n>.json` for n below the count, each the
    entries of the pages with a name hashed to it."""
    entries: list[str] = []
    named: list[tuple[str, int]] = []  # (a name as one word, its page's entry)
    for record in records:
        words = dict.fromkeys(joined(name) for name in record.names)
        words.pop("", None)
        if words:
            named.extend((word, len(entries)) for word in words)
            entries.append(page_entry(record))
    count = max(1, -(-len(named) // NAMES_PER_FILE))
    files: list[dict[int, None]] = [{} for _ in range(count)]
    for word, at in named:
        files[name_hash(word) % count][at] = None
    written = {f"{n}.json": "[" + ",".join(entries[at] for at in pages) + "]" for n, pages in enumerate(files)}
    written[COUNT_FILE] = json.dumps({"files": count})
    return written


def write_name_files(records: Iterable[SearchRecord], folder: Path) -> int:
    """Writes the name files into `folder` (made); the number of files."""
    folder.mkdir(parents=True, exist_ok=True)
    files = name_files(records)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return len(files)
