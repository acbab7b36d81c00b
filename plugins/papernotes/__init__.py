"""papernotes: a paper-reading knowledge base rendered with MkDocs and Material."""

from __future__ import annotations

__version__ = "0.1.0"
