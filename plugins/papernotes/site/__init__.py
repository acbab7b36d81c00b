"""The site: which pages exist, their URLs and their HTML (jinja templates, assets).

Plain Python and Python-Markdown: nothing here imports MkDocs.
"""
