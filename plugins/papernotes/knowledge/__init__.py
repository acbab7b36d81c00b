"""The knowledge base: its model, the YAML loader with positions, validation and problems.

Plain Python: nothing here knows of MkDocs or of the site.
"""
