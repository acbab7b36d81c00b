"""Synthetic knowledge bases for the scale benchmark, and the same content as plain MkDocs pages.

`generate(root, papers=N, seed=S)` writes two projects:

- `root/papernotes/`: papers.yaml (tag vocabulary with parent/child tags, venues with aliases,
  read dates over many weeks, groups, statuses, abstracts, a DOI or an arXiv id for most), a
  note for a share of the papers (front matter `paper: id`, paragraphs, `[[id]]` references),
  a few topic notes, references.yaml (each paper citing 10-30 others of the library, mostly of
  its own topic, by DOI, else arXiv id, else title, and a few works outside it, some cited by
  many: the Missing page's), and an mkdocs.yml with Material and the papernotes plugin;
- `root/baseline/`: the same text as ordinary Markdown pages for plain MkDocs + Material with
  the same theme: one page per paper (header text and note text), the week, tag, venue, year,
  reading-list and explorer pages as Markdown lists, and the topic notes. Paper and per-item
  pages are kept out of the nav with MkDocs 1.6's `not_in_nav`, as the plugin keeps them.

The output depends only on N and the seed, so two runs compare the same sites.

    python benchmarks/generate.py --papers 1000 --out /tmp/kb
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

LAST_READ = dt.date(2025, 12, 26)  # read dates end here, so none is in the future
NOTE_SHARE = 0.3  # share of papers that have a note
TOPIC_NOTES = 6
PAPERS_PER_WEEK = 12
CITED_PER_PAPER = (10, 30)  # papers of the library each paper cites
OUTSIDE_PER_PAPER = (1, 6)  # works outside the library each paper cites
SAME_TOPIC_SHARE = 0.75  # of a paper's citations, to papers of its first tag

WORDS = (
    "network learning deep residual attention convolution transformer graph latent diffusion "
    "contrastive supervised unsupervised semantic instance segmentation detection tracking depth "
    "optical flow pose estimation retrieval embedding sparse dense efficient scalable robust "
    "adversarial generative model representation feature pyramid encoder decoder backbone "
    "pretraining finetuning distillation pruning quantization benchmark dataset evaluation loss "
    "objective gradient optimiser schedule regularisation augmentation consistency pseudo label "
    "teacher student memory bank queue momentum projection head token patch window shift "
    "hierarchical multiscale temporal spatial video image point cloud mesh voxel radiance field "
    "language vision multimodal caption grounding reasoning planning policy reward agent world"
).split()
FIRST_NAMES = "Ada Alan Grace Kaiming Yann Fei Andrew Ilya Oriol Jia Ross Piotr Laura Mei Chen Sara Omar Lena Ravi Hugo".split()
LAST_NAMES = (
    "He Zhang Ren Sun Girshick Dollar LeCun Li Ng Sutskever Vinyals Deng Wang Liu Chen Kim Garcia Müller Rossi Tanaka"
).split()

TAG_TREE: dict[str, list[str]] = {
    "net": ["cnn", "transformer", "graph"],
    "loc": ["seg", "det", "track"],
    "uns": ["contrastive", "generative"],
    "3d": ["depth", "nerf", "points"],
    "video": ["action", "flow"],
    "nlp": ["lm", "mt"],
    "rl": ["model-based", "offline"],
    "opt": [],
    "theory": [],
    "data": ["benchmark"],
    "med": [],
    "eff": ["pruning", "quant", "distill"],
}
VENUES: dict[str, tuple[str, list[str]]] = {
    "CVPR": ("Computer Vision and Pattern Recognition", []),
    "ICCV": ("International Conference on Computer Vision", []),
    "ECCV": ("European Conference on Computer Vision", []),
    "NeurIPS": ("Neural Information Processing Systems", ["NIPS"]),
    "ICML": ("International Conference on Machine Learning", []),
    "ICLR": ("International Conference on Learning Representations", []),
    "AAAI": ("AAAI Conference on Artificial Intelligence", []),
    "ACL": ("Association for Computational Linguistics", []),
    "EMNLP": ("Empirical Methods in Natural Language Processing", []),
    "MICCAI": ("Medical Image Computing and Computer Assisted Intervention", []),
    "TPAMI": ("IEEE Transactions on Pattern Analysis and Machine Intelligence", ["PAMI", "T-PAMI"]),
    "BMVC": ("British Machine Vision Conference", []),
    "WACV": ("Winter Conference on Applications of Computer Vision", []),
    "3DV": ("International Conference on 3D Vision", []),
}
GROUPS = ("Breadth", "Depth")


@dataclass
class SyntheticPaper:
    id: str
    title: str
    short: str
    authors: list[str]
    year: int
    venue: str | None  # canonical name
    venue_written: str | None  # as written in papers.yaml (sometimes an alias)
    tags: list[str]
    read: dt.date | None
    status: str
    group: str | None
    rating: int | None
    abstract: str
    highlights: list[str]
    doi: str | None = None  # half the papers
    arxiv: str | None = None  # a third; the rest are cited by their title
    note: str | None = None  # note body (Markdown, without front matter)
    refs: list[str] = field(default_factory=list)  # ids its note references
    cites: list[str] = field(default_factory=list)  # ids of the library's papers it cites
    cites_outside: list[int] = field(default_factory=list)  # indexes into Corpus.outside


@dataclass
class TopicNote:
    slug: str
    title: str
    tags: list[str]
    body: str
    refs: list[str]


@dataclass(frozen=True)
class OutsideWork:
    """A work papers of the library cite that papers.yaml does not hold."""

    doi: str
    title: str
    year: int


@dataclass
class Corpus:
    tags: dict[str, str]  # key -> description
    papers: list[SyntheticPaper]
    topics: list[TopicNote]
    outside: list[OutsideWork] = field(default_factory=list)

    @property
    def by_id(self) -> dict[str, SyntheticPaper]:
        return {p.id: p for p in self.papers}


# ---------------------------------------------------------------- content


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def _tag_vocabulary() -> dict[str, str]:
    tags: dict[str, str] = {}
    for root, children in TAG_TREE.items():
        tags[root] = f"Papers about {root}"
        for child in children:
            tags[f"{root}/{child}"] = f"{child.capitalize()} within {root}"
    return tags


def make_corpus(count: int, seed: int = 1) -> Corpus:
    """The knowledge base as plain data; deterministic in (count, seed)."""
    rng = random.Random(seed)
    tags = _tag_vocabulary()
    tag_keys = list(tags)
    venue_names = list(VENUES)
    weeks = max(4, -(-count // PAPERS_PER_WEEK))
    papers: list[SyntheticPaper] = []
    for index in range(count):
        title_words = [rng.choice(WORDS) for _ in range(rng.randint(4, 9))]
        title = " ".join(w.capitalize() for w in title_words)
        short = title_words[0].capitalize() + "-" + str(index)
        paper_id = f"p{index:05d}-{title_words[0]}"
        roll = rng.random()
        status = "read" if roll < 0.75 else ("to-read" if roll < 0.9 else "reading")
        read = LAST_READ - dt.timedelta(days=rng.randrange(weeks * 7)) if status != "to-read" else None
        latest = read.year if read else LAST_READ.year  # never read before it appeared
        # From 50,000 papers the reading dates (N/12 weeks) reach back before 1998.
        year = rng.randint(min(1998, latest), latest)
        venue = rng.choice(venue_names) if rng.random() < 0.85 else None
        venue_written = venue
        if venue and VENUES[venue][1] and rng.random() < 0.3:
            venue_written = rng.choice(VENUES[venue][1])
        paper_tags = list(dict.fromkeys(rng.choice(tag_keys) for _ in range(rng.randint(1, 3))))
        papers.append(
            SyntheticPaper(
                id=paper_id,
                title=title,
                short=short,
                authors=[f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(rng.randint(1, 6))],
                year=year,
                venue=venue,
                venue_written=venue_written,
                tags=paper_tags,
                read=read,
                status=status,
                group=f"{rng.choice(GROUPS)}: {rng.choice(list(TAG_TREE)).upper()}" if read and rng.random() < 0.8 else None,
                rating=rng.randint(1, 5) if status == "read" and rng.random() < 0.5 else None,
                abstract=_paragraph(rng, rng.randint(3, 5)),
                highlights=[_sentence(rng, 10) for _ in range(rng.randint(0, 2))],
            )
        )
    for index, paper in enumerate(papers):
        if index % 6 < 3:
            paper.doi = f"10.5555/synthetic.{index}"
        elif index % 6 < 5:
            paper.arxiv = f"{paper.year % 100:02d}{index % 12 + 1:02d}.{index:05d}"
    ids = [p.id for p in papers]
    for paper in papers:
        if rng.random() >= NOTE_SHARE:
            continue
        paragraphs = [_paragraph(rng, rng.randint(3, 6)) for _ in range(rng.randint(2, 5))]
        refs = [rng.choice(ids) for _ in range(rng.randint(0, 3))]
        refs = [r for r in dict.fromkeys(refs) if r != paper.id]
        for ref in refs:
            at = rng.randrange(len(paragraphs))
            paragraphs[at] += f" Compare [[{ref}]]."
        paper.note = "## Summary\n\n" + paragraphs[0] + "\n\n## Details\n\n" + "\n\n".join(paragraphs[1:]) + "\n"
        paper.refs = refs
    topics = []
    for index in range(TOPIC_NOTES):
        root = list(TAG_TREE)[index % len(TAG_TREE)]
        refs = list(dict.fromkeys(rng.choice(ids) for _ in range(10)))
        lines = [f"# Topic {index + 1}: {root}", "", _paragraph(rng, 4), ""]
        lines += [f"- [[{ref}]]: {_sentence(rng, 8)}" for ref in refs]
        topics.append(TopicNote(f"topic-{index + 1}", f"Topic {index + 1}: {root}", [root], "\n".join(lines) + "\n", refs))
    corpus = Corpus(tags, papers, topics)
    cite(corpus, seed)
    return corpus


def cite(corpus: Corpus, seed: int) -> None:
    """Who cites what: each paper 10-30 papers of the library, mostly of its first tag, and a
    few works outside it drawn with a long tail (a few are cited by many papers).

    A random generator of its own, so papers.yaml and the notes are as they were without citations.
    """
    rng = random.Random(seed * 7919 + 1)
    by_tag: dict[str, list[SyntheticPaper]] = defaultdict(list)
    for paper in corpus.papers:
        by_tag[paper.tags[0]].append(paper)
    corpus.outside = [OutsideWork(f"10.9999/outside.{i}", " ".join(rng.choice(WORDS).capitalize() for _ in range(6)),
                                  rng.randint(1990, 2020)) for i in range(max(20, len(corpus.papers) // 4))]
    for paper in corpus.papers:
        cited: dict[str, None] = {}
        wanted = min(rng.randint(*CITED_PER_PAPER), len(corpus.papers) - 1)
        for _ in range(4 * wanted):  # a small topic runs out: its papers' other picks come from the whole library
            if len(cited) == wanted:
                break
            same_topic = by_tag[paper.tags[0]]
            pool = same_topic if rng.random() < SAME_TOPIC_SHARE and len(same_topic) > len(cited) + 1 else corpus.papers
            chosen = rng.choice(pool)
            if chosen.id != paper.id:
                cited[chosen.id] = None
        paper.cites = list(cited)
        picks = rng.randint(*OUTSIDE_PER_PAPER)
        paper.cites_outside = sorted({int(len(corpus.outside) * rng.random() ** 2) for _ in range(picks)})


# ---------------------------------------------------------------- the papernotes project


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def papers_yaml(corpus: Corpus) -> str:
    out = ["tags:"]
    out += [f"  {key}: {_yaml_text(text)}" for key, text in corpus.tags.items()]
    out.append("venues:")
    for name, (full, aliases) in VENUES.items():
        out.append(f"  {name}:")
        out.append(f"    name: {_yaml_text(full)}")
        if aliases:
            out.append(f"    aliases: [{', '.join(aliases)}]")
    out.append("papers:")
    for p in corpus.papers:
        out.append(f"  - id: {p.id}")
        out.append(f"    title: {_yaml_text(p.title)}")
        out.append(f"    short: {_yaml_text(p.short)}")
        out.append(f"    authors: [{', '.join(_yaml_text(a) for a in p.authors)}]")
        out.append(f"    year: {p.year}")
        if p.venue_written:
            out.append(f"    venue: {p.venue_written}")
        if p.doi:
            out.append(f"    doi: {p.doi}")
        if p.arxiv:
            out.append(f"    arxiv: '{p.arxiv}'")
        out.append(f"    url: https://arxiv.org/abs/{p.year % 100:02d}{p.id[1:5]}.{p.id[1:6]}")
        out.append(f"    links: {{code: \"https://github.com/example/{p.id}\"}}")
        out.append(f"    tags: [{', '.join(p.tags)}]")
        if p.read:
            out.append(f"    read: {p.read.isoformat()}")
        out.append(f"    status: {p.status}")
        if p.group:
            out.append(f"    group: {_yaml_text(p.group)}")
        if p.rating:
            out.append(f"    rating: {p.rating}")
        out.append(f"    abstract: {_yaml_text(p.abstract)}")
        if p.highlights:
            out.append("    highlights:")
            out += [f"      - {_yaml_text(h)}" for h in p.highlights]
    return "\n".join(out) + "\n"


PLUGIN_MKDOCS = """\
site_name: Synthetic knowledge base
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - papernotes
"""


def write_papernotes_project(corpus: Corpus, root: Path) -> Path:
    docs = root / "docs"
    (docs / "notes").mkdir(parents=True)
    (docs / "topics").mkdir()
    (root / "papers.yaml").write_text(papers_yaml(corpus), encoding="utf-8")
    (root / "references.yaml").write_text(references_yaml(corpus), encoding="utf-8")
    (root / "mkdocs.yml").write_text(PLUGIN_MKDOCS, encoding="utf-8")
    (docs / "index.md").write_text("# Synthetic knowledge base\n\n<!-- papernotes:summary -->\n", encoding="utf-8")
    for p in corpus.papers:
        if p.note is not None:
            (docs / "notes" / f"{p.id}.md").write_text(f"---\npaper: {p.id}\n---\n\n{p.note}", encoding="utf-8")
    for topic in corpus.topics:
        front = f"---\ntitle: {_yaml_text(topic.title)}\ntags: [{', '.join(topic.tags)}]\n---\n\n"
        (docs / "topics" / f"{topic.slug}.md").write_text(front + topic.body, encoding="utf-8")
    return root


def _reference(out: list[str], doi: str | None, arxiv: str | None, title: str, year: int) -> None:
    """One entry, laid out as yaml.safe_dump writes it for papernotes (titles are plain words)."""
    out.append(f"  - doi: {doi}" if doi else f"  - arxiv: '{arxiv}'" if arxiv else f"  - title: {title}")
    if doi or arxiv:
        out.append(f"    title: {title}")
    out.append(f"    year: {year}")


def references_yaml(corpus: Corpus) -> str:
    """references.yaml as `papernotes refs` writes it: papers by id, each one's works by title;
    a paper of the library cited by its DOI, else its arXiv id, else its title."""
    by_id = corpus.by_id
    out = ["# The works each paper cites, as `papernotes refs` found them (OpenAlex, Semantic Scholar).",
           "references:"]
    for paper in sorted(corpus.papers, key=lambda p: p.id):
        out.append(f"  {paper.id}:")
        entries = [(by_id[c].title, by_id[c].doi, by_id[c].arxiv, by_id[c].year) for c in paper.cites]
        entries += [(corpus.outside[w].title, corpus.outside[w].doi, None, corpus.outside[w].year) for w in paper.cites_outside]
        for title, doi, arxiv, year in sorted(entries, key=lambda entry: (entry[0].lower(), entry[1] or "", entry[2] or "")):
            _reference(out, doi, arxiv, title, year)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- the baseline project


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "venue"


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _paper_line(p: SyntheticPaper, prefix: str) -> str:
    venue = f" · {p.venue} {p.year}" if p.venue else f" · {p.year}"
    read = f" · read {p.read.isoformat()}" if p.read else ""
    return f"- [{p.title}]({prefix}papers/{p.id}.md){venue} · {p.status}{read}"


def _paper_page(
    p: SyntheticPaper,
    by_id: dict[str, SyntheticPaper],
    mentions: dict[str, list[str]],
    related: list[SyntheticPaper],
    cited_by: list[str],
) -> str:
    """The text a papernotes paper page shows, as Markdown."""
    lines = [f"# {p.title}", "", f"**{p.short}** · {', '.join(p.authors)}"]
    read = f" · read {p.read.isoformat()} (week of {_monday(p.read).isoformat()})" if p.read else ""
    lines.append(f"{p.venue or 'Preprint'} {p.year} · {p.status}{read}")
    lines.append("")
    lines.append("Tags: " + " ".join(f"[{t}](../tags/{t}.md)" for t in p.tags))
    lines.append("")
    lines.append(f"[Paper](https://arxiv.org/abs/{p.id}) · [Code](https://github.com/example/{p.id})")
    lines += ["", "## Abstract", "", p.abstract, ""]
    lines += [f"> {h}\n" for h in p.highlights]
    if p.note is not None:
        lines += ["## Notes", ""]
        note = re.sub(r"\[\[([^\]|]+)\]\]", lambda m: f"[{by_id[m.group(1)].short}]({m.group(1)}.md)", p.note)
        lines += [note]
    else:
        lines += ["No notes yet: read, notes to be written.", ""]
    if mentions.get(p.id):
        lines += ["## Mentioned in", ""] + [f"- [{src}](../{src})" for src in mentions[p.id]] + [""]
    for heading, ids in (("Cites, in your library", p.cites), ("Cited by, in your library", cited_by)):
        if ids:
            lines += [f"## {heading}", ""] + [f"- [{by_id[i].short}]({i}.md) {by_id[i].title}" for i in ids] + [""]
    if related:
        lines += ["## Related papers", ""]
        lines += [
            f"- [{r.title}]({r.id}.md) {r.short} · {r.venue or ''} {r.year} · {r.status} · {' '.join(r.tags)}" for r in related
        ]
        lines += [""]
    return "\n".join(lines) + "\n"


def _citation_pages(corpus: Corpus) -> dict[str, str]:
    """The Missing page (the 500 most cited works outside the library) and the Graph page's
    text (the page draws its graph from a JSON file), as Markdown."""
    citing: dict[int, list[str]] = defaultdict(list)
    for p in corpus.papers:
        for work in p.cites_outside:
            citing[work].append(p.id)
    ranked = sorted((w for w in citing if len(citing[w]) >= 2), key=lambda w: (-len(citing[w]), corpus.outside[w].title.lower()))
    lines = ["# Missing", "", "Works that two or more papers of this library cite.", ""]
    for w in ranked[:500]:
        work = corpus.outside[w]
        cited = ", ".join(f"[{i}](../papers/{i}.md)" for i in citing[w])
        lines.append(f"1. {len(citing[w])} [{work.title}](https://doi.org/{work.doi}) ({work.year}) cited by {cited} "
                     f"`papernotes add {work.doi}`")
    topics: dict[str, int] = defaultdict(int)
    for p in corpus.papers:
        topics[p.tags[0].split("/")[0]] += 1
    graph = ["# Graph", "", f"The {len(corpus.papers)} papers of this library and the citations between them.", ""]
    graph += [f"- [{topic}](../tags/{topic}.md) {count}" for topic, count in sorted(topics.items(), key=lambda t: -t[1])]
    return {"missing/index.md": "\n".join(lines) + "\n", "graph/index.md": "\n".join(graph) + "\n"}


def write_baseline_project(corpus: Corpus, root: Path) -> Path:
    docs = root / "docs"
    by_id = corpus.by_id
    pages: dict[str, str] = {}
    mentions: dict[str, list[str]] = defaultdict(list)
    for p in corpus.papers:
        for ref in p.refs:
            mentions[ref].append(f"papers/{p.id}.md")
    for topic in corpus.topics:
        for ref in topic.refs:
            mentions[ref].append(f"topics/{topic.slug}.md")
    tagged: dict[str, list[SyntheticPaper]] = defaultdict(list)
    for p in corpus.papers:
        for tag in p.tags:
            tagged[tag].append(p)
    position = {(tag, p.id): at for tag, members in tagged.items() for at, p in enumerate(members)}
    cited_by: dict[str, list[str]] = defaultdict(list)
    for p in corpus.papers:
        for cited in p.cites:
            cited_by[cited].append(p.id)
    for p in corpus.papers:
        # Five neighbours in the list of its first tag: related papers, as the plugin shows them.
        neighbours = tagged[p.tags[0]]
        at = position[(p.tags[0], p.id)]
        related = [r for r in neighbours[max(0, at - 3) : at + 4] if r.id != p.id][:5]
        pages[f"papers/{p.id}.md"] = _paper_page(p, by_id, mentions, related, cited_by[p.id])
    for topic in corpus.topics:
        body = re.sub(r"\[\[([^\]|]+)\]\]", lambda m: f"[{by_id[m.group(1)].short}](../papers/{m.group(1)}.md)", topic.body)
        pages[f"topics/{topic.slug}.md"] = body

    weeks: dict[dt.date, list[SyntheticPaper]] = defaultdict(list)
    for p in corpus.papers:
        if p.read:
            weeks[_monday(p.read)].append(p)
    lines = ["# Reading log", ""]
    for monday in sorted(weeks, reverse=True):
        lines.append(f"- [Week of {monday.isoformat()}]({monday.isoformat()}.md) · {len(weeks[monday])} papers")
        week_lines = [f"# Week of {monday.isoformat()}", ""]
        groups: dict[str, list[SyntheticPaper]] = defaultdict(list)
        for p in sorted(weeks[monday], key=lambda p: (p.read, p.title.lower())):
            groups[p.group or "Other"].append(p)
        for group, members in groups.items():
            week_lines += [f"## {group}", ""] + [_paper_line(m, "../") for m in members] + [""]
        pages[f"weeks/{monday.isoformat()}.md"] = "\n".join(week_lines)
    pages["weeks/index.md"] = "\n".join(lines) + "\n"

    lines = ["# Topics", ""]
    for key, text in corpus.tags.items():
        members = [p for k, ps in tagged.items() if k == key or k.startswith(key + "/") for p in ps]
        members = sorted({p.id: p for p in members}.values(), key=lambda p: (-p.year, p.title.lower()))
        indent = "    " * key.count("/")
        lines.append(f"{indent}- [{key}]({key}.md): {text} ({len(members)})")
        depth = "../" * (key.count("/") + 1)
        pages[f"tags/{key}.md"] = "\n".join([f"# {key}", "", text, ""] + [_paper_line(m, depth) for m in members]) + "\n"
    pages["tags/index.md"] = "\n".join(lines) + "\n"

    venues: dict[str, list[SyntheticPaper]] = {name: [] for name in VENUES}  # declared ones get a page too
    venues["Preprints and other"] = []
    for p in corpus.papers:
        venues[p.venue or "Preprints and other"].append(p)
    lines = ["# Conferences", ""]
    if not venues["Preprints and other"]:
        del venues["Preprints and other"]
    for name in sorted(venues, key=str.lower):
        slug = "other" if name == "Preprints and other" else _slug(name)
        lines.append(f"- [{name}]({slug}.md) · {len(venues[name])} papers")
        venue_lines = [f"# {name}", ""]
        by_year: dict[int, list[SyntheticPaper]] = defaultdict(list)
        for p in venues[name]:
            by_year[p.year].append(p)
        for year in sorted(by_year, reverse=True):
            in_year = sorted(by_year[year], key=lambda p: p.title.lower())
            venue_lines += [f"## {year}", ""] + [_paper_line(m, "../") for m in in_year] + [""]
        pages[f"venues/{slug}.md"] = "\n".join(venue_lines)
    pages["venues/index.md"] = "\n".join(lines) + "\n"

    years: dict[int, list[SyntheticPaper]] = defaultdict(list)
    for p in corpus.papers:
        years[p.year].append(p)
    lines = ["# Years", ""]
    for year in sorted(years, reverse=True):
        lines.append(f"- [{year}]({year}.md) · {len(years[year])} papers")
        members = sorted(years[year], key=lambda p: p.title.lower())
        pages[f"years/{year}.md"] = "\n".join([f"# {year}", ""] + [_paper_line(m, "../") for m in members]) + "\n"
    pages["years/index.md"] = "\n".join(lines) + "\n"

    lines = ["# Reading list", ""]
    for status in ("reading", "to-read"):
        lines += [f"## {status}", ""] + [_paper_line(p, "../") for p in corpus.papers if p.status == status] + [""]
    lines += ["## Read, no notes yet", ""]
    lines += [_paper_line(p, "../") for p in corpus.papers if p.status == "read" and p.note is None]
    pages["reading-list/index.md"] = "\n".join(lines) + "\n"

    # The stats page as tables: papers read per week, month and year, and the most read topics.
    lines = ["# Stats", "", "| week | papers read |", "|---|---|"]
    lines += [f"| [{monday.isoformat()}](../weeks/{monday.isoformat()}.md) | {len(weeks[monday])} |" for monday in sorted(weeks)]
    months: dict[str, int] = defaultdict(int)
    for p in corpus.papers:
        if p.read is not None:
            months[p.read.strftime("%Y-%m")] += 1
    lines += ["", "| month | papers read |", "|---|---|"] + [f"| {m} | {months[m]} |" for m in sorted(months)]
    lines += ["", "| year | papers |", "|---|---|"] + [f"| [{y}](../years/{y}.md) | {len(years[y])} |" for y in sorted(years)]
    tag_counts: dict[str, int] = defaultdict(int)
    for p in corpus.papers:
        for tag in p.tags:
            tag_counts[tag] += 1
    top = sorted(tag_counts, key=lambda t: (-tag_counts[t], t))[:10]
    lines += ["", "| topic | papers |", "|---|---|"] + [f"| {t} | {tag_counts[t]} |" for t in top]
    pages["stats/index.md"] = "\n".join(lines) + "\n"

    # A page per author of two or more papers, newest first, as papernotes makes them.
    by_author: dict[str, list[SyntheticPaper]] = defaultdict(list)
    author_names: dict[str, str] = {}
    for p in corpus.papers:
        for key in dict.fromkeys(" ".join(name.casefold().split()) for name in p.authors):
            by_author[key].append(p)
            author_names.setdefault(key, next(name for name in p.authors if " ".join(name.casefold().split()) == key))
    taken: set[str] = set()
    for key in sorted(k for k, members in by_author.items() if len(members) >= 2):
        slug = base = _slug(author_names[key])
        counter = 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        taken.add(slug)
        members = sorted(by_author[key], key=lambda p: (-p.year, p.title.lower()))
        pages[f"authors/{slug}.md"] = "\n".join([f"# {author_names[key]}", ""] + [_paper_line(m, "../") for m in members]) + "\n"

    by_title = sorted(corpus.papers, key=lambda p: p.title.lower())
    lines = ["# Explore", ""] + [_paper_line(p, "../") + " · " + ", ".join(p.tags) for p in by_title]
    pages["explore/index.md"] = "\n".join(lines) + "\n"
    pages.update(_citation_pages(corpus))
    notes = sum(1 for p in corpus.papers if p.note is not None)
    pages["index.md"] = (
        f"# Synthetic knowledge base\n\n- {len(corpus.papers)} papers, {notes} notes\n- {len(weeks)} weeks\n"
        f"- {len(corpus.tags)} topics\n- {len(venues)} venues\n- {len(years)} years\n"
    )

    for uri, text in pages.items():
        path = docs / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    nav = [
        "  - Home: index.md",
        "  - Reading log: weeks/index.md",
        "  - Topics: tags/index.md",
        "  - Conferences: venues/index.md",
        "  - Years: years/index.md",
        "  - Reading list: reading-list/index.md",
        "  - Explore: explore/index.md",
        "  - Stats: stats/index.md",
        "  - Graph: graph/index.md",
        "  - Missing: missing/index.md",
        "  - Topics notes:",
    ] + [f"      - topics/{t.slug}.md" for t in corpus.topics]
    # Paper pages and per-item index pages are built but are not nav entries, as papernotes does.
    not_in_nav = ["/papers/", "/authors/"] + [f"/{d}/*\n    !/{d}/index.md" for d in ("weeks", "tags", "venues", "years")]
    (root / "mkdocs.yml").write_text(
        "site_name: Synthetic knowledge base\ndocs_dir: docs\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\nnav:\n" + "\n".join(nav) + "\nnot_in_nav: |\n    " + "\n    ".join(not_in_nav) + "\n",
        encoding="utf-8",
    )
    return root


def generate(root: Path, papers: int, seed: int = 1) -> tuple[Path, Path]:
    """Write `root/papernotes` and `root/baseline` (replacing earlier copies); returns both."""
    corpus = make_corpus(papers, seed)
    plugin_root, baseline_root = root / "papernotes", root / "baseline"
    for folder in (plugin_root, baseline_root):
        if folder.exists():
            shutil.rmtree(folder)
    write_papernotes_project(corpus, plugin_root)
    write_baseline_project(corpus, baseline_root)
    return plugin_root, baseline_root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder that receives papernotes/ and baseline/")
    args = parser.parse_args(argv)
    plugin_root, baseline_root = generate(args.out, args.papers, args.seed)
    print(f"{plugin_root}\n{baseline_root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
