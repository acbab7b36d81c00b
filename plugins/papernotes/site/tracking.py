"""What each page uses of the knowledge base while it is rendered, and digests to tell whether
that changed since, so that `mkdocs serve` renders again only the pages an edit shows on.

A page kind (site/kinds/) notes a token each time it uses part of the knowledge base for the page
being rendered, through `Tracker.uses`: ("paper", id) for a record it shows, ("week", slug),
("tag", key), ("venue", slug), ("year", year) for the membership and labels of a list, and so
on; the module of each page kind says what the digest of each of its tokens covers, beside the
code that renders what the token stands for.

A page that used nothing that a page kind knows of (a kind that records nothing, or a note with
a ```papers block, which may list any paper) depends on `EVERYTHING`, whose digest changes with
any change of papers.yaml or of the notes' front matter and references; so does a page whose
token is of a kind no module digests.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Token = tuple[str, str]
EVERYTHING: Token = ("everything", "")
ABSENT = "absent"  # the digest of a record, list or note that no longer exists

# A fenced block of papers (```papers): its page shows whatever its query selects.
PAPERS_FENCE_RE = re.compile(r"^[ ]{0,3}(?:`{3,}|~{3,})[ \t]*\{?[ \t]*\.?papers\b", re.MULTILINE)


def digest(*parts: Any) -> str:
    """One digest of `parts`: bytes as they are, anything else by its repr."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


def holds_papers_block(markdown: str) -> bool:
    """Whether a note holds a ```papers block, whose uses no page kind can know beforehand."""
    return PAPERS_FENCE_RE.search(markdown) is not None


class Tracker:
    """The tokens each page uses while it is rendered, by the page's source path.

    Off unless `recording` (only `mkdocs serve` reuses pages): `uses` then costs one test.
    """

    def __init__(self, recording: bool = False) -> None:
        self.recording = recording
        self.uses_of: dict[str, set[Token]] = {}
        self._current: set[Token] | None = None

    def uses(self, kind: str, key: str = "") -> None:
        """Note that the page being rendered shows `(kind, key)` of the knowledge base."""
        if self._current is not None:
            self._current.add((kind, key))

    @contextmanager
    def page(self, src_uri: str) -> Iterator[set[Token] | None]:
        """Record what is used inside the block for the page at `src_uri` (None: not recording).
        A page may be entered several times (its Markdown, then its HTML around it)."""
        if not self.recording:
            yield None
            return
        used = self.uses_of.setdefault(src_uri, set())
        outer, self._current = self._current, used
        try:
            yield used
        finally:
            self._current = outer

    def start(self, src_uri: str) -> None:
        """Forget what the page used in an earlier build: it is rendered again."""
        if self.recording:
            self.uses_of[src_uri] = set()

    def take(self, src_uri: str) -> set[Token] | None:
        """What the page used, handed over once it is written."""
        return self.uses_of.pop(src_uri, None)


class Dependencies:
    """Digests of the tokens of one build, each computed once by `compute`.

    `inputs` digests everything a token's digest can be made of (papers.yaml, the notes' front
    matter, titles and references, the site's options); when it is as in the `previous` build
    (only a note's text was edited), the previous digests are this build's too.
    """

    def __init__(
        self, inputs: str, compute: Callable[[Dependencies, Token], str | None], previous: Dependencies | None = None
    ):
        self.inputs = inputs
        self._compute = compute
        same = previous is not None and previous.inputs == inputs
        self.memo: dict[Token, str] = previous.memo if previous is not None and same else {}

    def digests(self, tokens: set[Token]) -> dict[Token, str]:
        return {token: self.digest(token) for token in sorted(tokens)}

    def unchanged(self, recorded: dict[Token, str]) -> bool:
        """Whether every token a page used has the digest it had when the page was rendered."""
        return all(self.digest(token) == value for token, value in recorded.items())

    def digest(self, token: Token) -> str:
        found = self.memo.get(token)
        if found is None:
            # a token no page kind digests (EVERYTHING, or one of a kind added later): anything
            found = self.memo[token] = self._compute(self, token) or self.inputs
        return found
