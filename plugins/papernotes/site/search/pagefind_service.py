"""Writes a Pagefind index by talking to Pagefind's own binary in its service mode.

The `pagefind` package's Python API waits a tenth of a second before reading each answer of
the service, so 10,000 documents would take over 15 minutes; the protocol itself is simple
(each message a base64 JSON object followed by a comma, both ways), and spoken here with the
requests written from a thread while the answers are read, it takes seconds.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any


class PagefindError(Exception):
    """The service could not be started or refused a document."""


class Cancelled(PagefindError):
    """The index was no longer wanted (a newer one is being made): nothing was written."""


@dataclass(frozen=True)
class IndexedSite:
    pages: int
    words: int


def pagefind_binary() -> Path:
    """The binary of the installed `pagefind-bin-extended` (Chinese and Japanese segmentation), or the plain one."""
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        try:
            from pagefind_bin import get_executable  # type: ignore[import-not-found,import-untyped,no-redef,unused-ignore]
        except ImportError:
            raise PagefindError("Pagefind is not installed: pip install 'pagefind-bin-extended>=1.4,<1.5'") from None
    return Path(get_executable())


def _encode(message_id: int, payload: dict[str, Any]) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")) + b","


def _answers(stream: IO[bytes]) -> Iterator[dict[str, Any]]:
    """Each answer the service writes, as it comes."""
    pending = b""
    while True:
        chunk = stream.read1(1 << 16)  # type: ignore[attr-defined]
        if not chunk:
            return
        pending += chunk
        *whole, pending = pending.split(b",")
        for part in whole:
            if part.strip():
                yield json.loads(base64.b64decode(part))


class _Sending:
    """Writes the documents to the service on a thread of its own while the caller reads the answers:
    the service answers each file as it goes, and a full pipe on either side would stop both."""

    def __init__(self, stdin: Any, index_id: int, cancelled: threading.Event | None) -> None:
        self.stdin, self.index_id, self.cancelled = stdin, index_id, cancelled
        self.sent = 0
        self.done = False
        self.failure: list[str] = []
        self._progress = threading.Condition()  # sent or done changed

    def send_all(self, documents: Iterable[tuple[str, str]]) -> None:
        try:
            for url, html in documents:
                if self.cancelled is not None and self.cancelled.is_set():
                    break
                # counted before it is written: a write may wait for the reader to take answers
                with self._progress:
                    self.sent += 1
                    self._progress.notify()
                self.stdin.write(_encode(self.sent, {"type": "AddFile", "index_id": self.index_id, "url": url,
                                                     "file_path": None, "file_contents": html}))
            self.stdin.flush()
        except BrokenPipeError:
            pass  # the service stopped: reported by the reading side
        except Exception as exc:  # a document that could not be made: the index would lack it
            self.failure.append(f"{type(exc).__name__}: {exc}")
        finally:
            with self._progress:
                self.done = True
                self._progress.notify_all()

    def answer_due(self, answered: int) -> bool:
        """Whether a document sent is still to be answered, waiting while none is and more may be
        sent: the reader never waits for an answer to a document that was not sent."""
        with self._progress:
            self._progress.wait_for(lambda: self.sent > answered or self.done)
            return self.sent > answered


# The niceness of an index made while serving: the rebuild of the next edit comes first.
BACKGROUND_NICENESS = 10


def write_index(
    documents: Iterable[tuple[str, str]], output: Path, language: str, cancelled: threading.Event | None = None,
    background: bool = False,
) -> IndexedSite:
    """Index each (url, html) document and write the bundle (pagefind.js, its wasm, the index
    chunks) into `output`. One index for the whole site in `language`: Pagefind makes one per
    language otherwise, and a reader's search looks in the one of the page they are on.
    `background`: Pagefind runs at low priority."""
    binary = pagefind_binary()
    try:
        service = subprocess.Popen(
            [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError as exc:
        raise PagefindError(f"Pagefind could not be started ({binary}): {exc}") from None
    if background and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):  # a system that refuses only loses the priority
            os.setpriority(os.PRIO_PROCESS, service.pid, BACKGROUND_NICENESS)
    assert service.stdin is not None and service.stdout is not None
    stdin, answers = service.stdin, _answers(service.stdout)

    def ask(message_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        stdin.write(_encode(message_id, payload))
        stdin.flush()
        return _answer(next(answers, None))

    try:
        config = {"force_language": language, "keep_index_url": False}
        index_id = ask(0, {"type": "NewIndex", "config": config})["index_id"]
        sending = _Sending(stdin, index_id, cancelled)
        sender = threading.Thread(target=sending.send_all, args=(documents,), daemon=True)
        sender.start()
        pages = words = 0
        while sending.answer_due(pages):
            answer = _answer(next(answers, None))
            pages += 1
            words += int(answer.get("page_word_count", 0))
        sender.join()
        failure = sending.failure
        if failure:
            raise PagefindError(f"a page's record could not be indexed: {failure[0]}")
        output.mkdir(parents=True, exist_ok=True)
        if cancelled is not None and cancelled.is_set():
            raise Cancelled("a newer index is being made")
        ask(pages + 1, {"type": "WriteFiles", "index_id": index_id, "output_path": str(output.resolve())})
        return IndexedSite(pages, words)
    finally:
        stdin.close()
        service.wait()


def _answer(answer: dict[str, Any] | None) -> dict[str, Any]:
    if answer is None:
        raise PagefindError("Pagefind stopped before it answered")
    payload = answer.get("payload") or {}
    if payload.get("type") == "Error":
        raise PagefindError(f"Pagefind: {payload.get('message')}")
    return dict(payload)
