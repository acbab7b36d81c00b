"""The site: which pages exist, their indexes, their HTML and the explorer.

Nothing here imports MkDocs; the glue in papernotes.mkdocs_plugin hands pages to it.
"""
