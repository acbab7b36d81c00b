"""Importers: other formats of reading lists brought into papers.yaml and notes/."""
