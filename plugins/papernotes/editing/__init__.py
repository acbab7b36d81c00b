"""Edits of a knowledge base from the command line: add a paper, mark it read, change its status.

Each edit changes papers.yaml as text, the way the importer appends to it: every other byte,
comment and the file's mode are kept, and the result is read back before anything is written.
"""
