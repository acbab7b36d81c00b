"""Clients of the public metadata services (arXiv, Crossref, OpenAlex, Semantic Scholar, OpenReview)
and what `papernotes add` makes of their answers. Nothing here knows MkDocs."""
