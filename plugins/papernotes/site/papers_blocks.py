"""```papers blocks rendered as paper lists, inside Python-Markdown.

A preprocessor takes each block out of the note's Markdown before the fenced-code extensions
see it (fenced_code and pymdownx.superfences read fences at priority 25) and puts the HTML
the resolver gives for it in Python-Markdown's stash, so no other Markdown pattern reads it.
Which papers a block lists and their HTML is the business of `SitePlan.papers_block`; knowledge/
papers_blocks.py reads blocks the same way for `papernotes check`.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from ..knowledge.papers_blocks import INFO, papers_fences

# the block's text (between the fences) -> its HTML
BlockRenderer = Callable[[str], str]

# After normalize_whitespace (30), before the fenced code preprocessors (25).
BLOCK_PRIORITY = 28


class _PapersBlockPreprocessor(Preprocessor):
    def __init__(self, extension: PapersBlocksExtension, md: Markdown):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        render = self.extension.render
        if render is None or not any(INFO in line for line in lines):
            return lines
        fences = papers_fences(lines)
        if not fences:
            return lines
        result: list[str] = []
        at = 0
        for fenced in fences:
            result.extend(lines[at : fenced.start])
            result.extend(["", self.md.htmlStash.store(render(fenced.text)), ""])
            at = fenced.end
        result.extend(lines[at:])
        return result


class PapersBlocksExtension(Extension):
    """Renders ```papers blocks through `render`, which the caller sets for each page; with
    none set, they stay fenced code."""

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)
        self.render: BlockRenderer | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_PapersBlockPreprocessor(self, md), "papernotes_papers_blocks", BLOCK_PRIORITY)
