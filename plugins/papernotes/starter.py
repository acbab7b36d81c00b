"""The starter knowledge base `papernotes init` writes: a site that builds as it is.

Plain text and a file writer that never overwrites; no MkDocs import (the command line uses it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .knowledge.model import json_schemas

# Where to point the publishing workflow: an honest placeholder the workflow refuses to run with.
PACKAGE_PLACEHOLDER = "git+https://github.com/OWNER/papernotes.git"

MKDOCS_YML = """\
site_name: Paper notes
# site_url: https://<user>.github.io/<repository>/   # set it once the site is published
docs_dir: notes

theme:
  name: material
  font: false            # no Google Fonts: the site makes no third-party requests
  features:
    - navigation.tabs
    - navigation.top
    - search.highlight
    - search.suggest
    - content.code.copy    # a copy button on code blocks: the Cite block of every paper page
  palette:               # follows the system's light or dark mode; the header toggle switches
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/brightness-4
        name: Switch to light mode

plugins:
  - search:
      lang: [en, zh]
      # jieba joins the words of Chinese text with U+200B: without it here, Chinese queries find nothing
      separator: '[\\s\\u200b\\-]+'
  - papernotes:
      papers: papers.yaml

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
      # Unicode-aware anchors: headings in Chinese get readable ids, not _1, _2.
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}

# Without a nav here, papernotes lists the home page, the reading log, topics, conferences,
# years, the reading list and the explorer, then your other notes by folder.
"""

def starter_mkdocs_yml(docs_dir: str = "notes", week_start: dt.date | None = None) -> str:
    """The starter mkdocs.yml (`papernotes init`, and an import into an empty folder), for notes in
    `docs_dir` and, when given, a reading log whose week 1 begins on `week_start`."""
    folder = docs_dir if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", docs_dir) else json.dumps(docs_dir)
    text = MKDOCS_YML.replace("\ndocs_dir: notes\n", f"\ndocs_dir: {folder}\n", 1)
    if week_start is not None:
        papers = "      papers: papers.yaml\n"
        text = text.replace(papers, f"{papers}      week_start: {week_start.isoformat()}\n", 1)
    return text


INDEX_MD = """\
---
title: Home
---

# Paper notes

One record per paper goes in `papers.yaml` (beside `mkdocs.yml`); notes are Markdown files in
`notes/`, and a note with `paper: <id>` in its front matter becomes that paper's page, as
`notes/papers/resnet.md` does for [[resnet]]. `papernotes check` validates both.

To add a paper, give its arXiv id, DOI, page or title: `papernotes add 1706.03762 --tags net`
appends its record, found on arXiv, Crossref and Semantic Scholar; `papernotes read <id>` marks
it read. papernotes' guide page *Adding papers* (`notes/guide/add.md` in its repository) has more.

<!-- papernotes:summary -->
"""

# `{read}` is the day of `papernotes init`: the reading log numbers weeks from the first one
# with a read paper, so an example read long ago would put today's paper in week 100 or so.
PAPERS_YAML = """\
# yaml-language-server: $schema=./papers.schema.json
#
# One record per paper under `papers:`. `tags:` and `venues:` are the vocabularies the records
# use: a tag or venue missing from them is reported, with the nearest spelling.

tags:                      # key -> description; "parent/child" makes a child tag
  net: Network architectures, backbones and modules
  net/cnn: Convolutional networks

venues:                    # canonical name -> full name and other spellings
  CVPR:
    name: IEEE/CVF Conference on Computer Vision and Pattern Recognition
  NeurIPS:
    name: Conference on Neural Information Processing Systems
    aliases: [NIPS]

papers:
  - id: resnet             # the page is papers/resnet/; [[resnet]] links to it
    title: Deep Residual Learning for Image Recognition
    short: ResNet
    authors: [Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun]
    year: 2016
    venue: CVPR
    url: https://arxiv.org/abs/1512.03385
    links:
      code: https://github.com/KaimingHe/deep-residual-networks
    tags: [net/cnn]
    read: {read}       # the reading log's week derives from it; init writes its own day
    status: read           # to-read | reading | read
    rating: 5              # 1..5
    abstract: >
      Very deep plain networks train worse than shallower ones. Letting each block learn a
      residual added to its input makes networks of over a hundred layers trainable and
      more accurate.
"""

RESNET_NOTE_MD = """\
---
paper: resnet
---

This note is the page of the paper `resnet`: the header above comes from its record in
`papers.yaml`, the text below is yours. Write `[[id]]` to link another paper, as in
[[resnet]], or `[[id|text]]` to choose the link text.

### What to remember

- A block adds its input to what it computes, `F(x) + x`: a block with nothing to add
  passes the signal through unchanged.
"""

GITIGNORE = """\
site/
"""

PUBLISH_YML = f"""\
# Builds the site and publishes it to GitHub Pages on every push to main.
# Once: in the repository's Settings > Pages, set "Source" to "GitHub Actions".
name: Publish

on:
  push:
    branches: [main]
  workflow_dispatch:

# Read-only by default: only the deploy job below may publish.
permissions:
  contents: read

# One deployment at a time; a newer push waits instead of cancelling a deployment half done.
concurrency:
  group: pages
  cancel-in-progress: false

env:
  # papernotes is not on PyPI: name the git repository you installed it from
  # (a branch or tag after '@' pins it, e.g. ...papernotes.git@v0.1.0).
  PAPERNOTES: {PACKAGE_PLACEHOLDER}
  NO_MKDOCS_2_WARNING: "1"

jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install papernotes
        run: |
          if [ "$PAPERNOTES" = "{PACKAGE_PLACEHOLDER}" ]; then
            echo "::error file=.github/workflows/publish.yml::set PAPERNOTES to the git URL of papernotes"
            exit 1
          fi
          python -m pip install "papernotes @ $PAPERNOTES"
      - name: Build (any validation warning fails it)
        run: mkdocs build --strict
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    # what deploy-pages needs to publish the build's artifact, and nothing more
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def schema_text(schema: object) -> str:
    """A JSON Schema file's text, as `papernotes schema` writes it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def starter_files(today: dt.date | None = None) -> dict[str, str]:
    """Every starter file, keyed by its path relative to the knowledge base, in writing order;
    the example paper was read `today` (by default the day it is called)."""
    read = today or dt.date.today()
    files = {
        "mkdocs.yml": starter_mkdocs_yml(),
        "papers.yaml": PAPERS_YAML.replace("{read}", read.isoformat(), 1),
    }
    for name, schema in json_schemas().items():
        files[name] = schema_text(schema)
    files["notes/index.md"] = INDEX_MD
    files["notes/papers/resnet.md"] = RESNET_NOTE_MD
    files[".gitignore"] = GITIGNORE
    files[".github/workflows/publish.yml"] = PUBLISH_YML
    return files


def write_new_file(path: Path, text: str) -> bool:
    """Write a file that must not exist yet, whole or not at all; False (nothing written) if it exists."""
    if path.exists() or path.is_symlink():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        try:
            os.link(temp, path)  # fails if the file appeared meanwhile: never overwrite
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: check, then rename
            if path.exists():
                return False
            os.replace(temp, path)
        return True
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


@dataclass
class Written:
    """One starter file and whether init wrote it (False: it existed and was kept)."""

    path: Path
    written: bool


# A config under another name that MkDocs or ProperDocs reads stands for the starter's mkdocs.yml.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml")


def write_starter(root: Path) -> Iterator[Written]:
    """Write every starter file missing under `root`, one at a time; existing files are kept as they are.

    Raises OSError when `root` or a file in it cannot be written; the files written before stay.
    """
    root.mkdir(parents=True, exist_ok=True)
    for relative, text in starter_files().items():
        target = root / relative
        if relative == "mkdocs.yml":
            existing = next((root / name for name in CONFIG_NAMES if (root / name).exists()), None)
            if existing is not None:
                yield Written(existing, False)
                continue
        yield Written(target, write_new_file(target, text))
