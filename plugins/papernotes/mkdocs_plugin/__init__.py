"""The MkDocs glue: the plugin's hooks, its config and the serve page cache.

The only part of papernotes that imports MkDocs; ProperDocs loads it through the same
`mkdocs.plugins` entry point.
"""

from __future__ import annotations

from .plugin import PapernotesPlugin

__all__ = ["PapernotesPlugin"]
