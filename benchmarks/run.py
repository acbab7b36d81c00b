"""The scale benchmark: papernotes against plain MkDocs + Material on the same content.

For each N it generates a knowledge base (benchmarks/generate.py) and measures, in one run:

  a. `mkdocs build` of the knowledge base with the plugins (wall time, peak RSS);
  b. `mkdocs build` of the baseline: the same text as plain Markdown pages (wall time, peak RSS);
  c. `papernotes check` beside PyYAML's CSafeLoader alone on the same papers.yaml;
  e. the size of search_index.json and of the other data the pages load (raw and gzip);
  g. search in headless chromium (benchmarks/search.py): from navigation to the first right
     result for a paper's title typed into the search box, and the bytes fetched by then, with
     the plugin's default search (Pagefind from 100 papers) beside Material's lunr on the same
     site (a second build with `search: lunr`);
  h. the largest HTML page of the site;
  f. `mkdocs serve`: time from saving a one-note edit, a one-record title edit and a one-record
     tags edit of papers.yaml until the served page shows it, and how many pages each rendered;
  and the explorer figures when benchmarks/explorer.py provides `measure_explorer(site_dir)`.

It prints one table with each figure, each ratio and its target.

    python benchmarks/run.py                      # N = 1,000 and 10,000
    python benchmarks/run.py --papers 1000 --papers 10000 --out /tmp/papernotes-bench
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import importlib.util
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import SyntheticPaper, generate, make_corpus  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SERVE_TIMEOUT = 1800.0  # seconds to wait for a serve build before giving up
KNOWN_ITEM_PAPERS = 200  # papers whose short name, title and id are each typed into the search box
# lunr builds its whole index in the page and answers 50,000 pages' queries in seconds each:
# above 10,000 papers it is asked about fewer papers, so that the run ends within the hour
LUNR_KNOWN_ITEM_PAPERS_LARGE = 20
# papers.yaml and references.yaml, the two files check reads
PARSE_ONLY = "import sys, yaml; [yaml.load(open(path, 'rb'), Loader=yaml.CSafeLoader) for path in sys.argv[1:]]"
CHECK = "import sys; from papernotes.cli import main; raise SystemExit(main(sys.argv[1:]))"


@dataclass
class Measured:
    """What one process cost: wall time and peak resident memory (its own or a waited-for child's, the larger)."""

    seconds: float
    rss_mb: float
    returncode: int
    output: str = ""


def run_measured(command: list[str], cwd: Path, log: Path | None = None) -> Measured:
    """Run `command` and return its wall time and peak RSS. wait4 gives the larger of the process's
    own peak and the peak of any child it waited for (a build's is Pagefind's indexer), not their sum."""
    with open(log, "wb") if log else contextlib.nullcontext(subprocess.DEVNULL) as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace") if log else ""
    return Measured(seconds, usage.ru_maxrss / 1024, process.returncode, text)  # ru_maxrss is KiB on Linux


def mkdocs_build(project: Path, site_dir: Path, log: Path, config: str = "mkdocs.yml") -> Measured:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site_dir)]
    measured = run_measured(command, project, log)
    if measured.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {project} (exit {measured.returncode}); see {log}:\n{measured.output[-2000:]}")
    return measured


def best_of(runs: int, command: list[str], cwd: Path) -> float:
    """Fastest of a few runs of a short command: the least disturbed by the rest of the machine."""
    return min(run_measured(command, cwd).seconds for _ in range(runs))


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def data_files(site_dir: Path) -> dict[str, tuple[int, int]]:
    """search_index.json and any other JSON the pages load: site-relative path -> (raw, gzip) bytes."""
    sizes = {}
    for path in sorted(site_dir.rglob("*.json")):
        data = path.read_bytes()
        sizes[path.relative_to(site_dir).as_posix()] = (len(data), gzip_size(data))
    return sizes


# ---------------------------------------------------------------- mkdocs serve


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(
    url: str, shows: Callable[[str], bool], timeout: float, process: subprocess.Popen[bytes], poll: float = 0.05
) -> float:
    """Seconds until the page at `url` satisfies `shows` (polling over HTTP)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with {process.returncode}")
        text = fetch(url)
        if text is not None and shows(text):
            return time.perf_counter() - start
        time.sleep(poll)
    raise TimeoutError(f"{url} did not show the change within {timeout:.0f} s")


@dataclass
class ServeFigures:
    first_build: float
    note_edit: float
    papers_edit: float
    tags_edit: float
    rendered: list[str] = field(default_factory=list)  # pages rendered again by each edit, from serve's log


REUSED_RE = re.compile(r"reused ([0-9]+) of ([0-9]+) pages")


def rendered_again(log: Path) -> list[str]:
    """'N of M' pages rendered again, for each rebuild that serve logged."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return [f"{int(total) - int(reused):,} of {int(total):,}" for reused, total in REUSED_RE.findall(text)]


def measure_serve(
    project: Path, note_id: str, renamed_id: str, renamed_tag: str, retagged_id: str, new_tag: str, log: Path
) -> ServeFigures:
    """Start `mkdocs serve`, then time a one-note edit, a papers.yaml title edit and a
    papers.yaml tags edit until served.

    The title edit renames a paper; the benchmark waits for the new title on the paper's tag
    page, another page than the edited record's own, to check that shared changes show. The
    tags edit adds a tag to another record and waits for the paper on that tag's page.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    note = project / "docs" / "notes" / f"{note_id}.md"
    papers = project / "papers.yaml"
    note_text, papers_text = note.read_text(encoding="utf-8"), papers.read_text(encoding="utf-8")
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=ENV, stdout=out, stderr=subprocess.STDOUT,
        )
        try:
            wait_for(base + f"papers/{note_id}/", lambda text: "<html" in text, SERVE_TIMEOUT, process, poll=0.2)
            first_build = time.perf_counter() - start
            time.sleep(1.0)  # let the file watcher take its first snapshot

            marker = f"Edited paragraph {time.time_ns()}."
            note.write_text(note_text + f"\n{marker}\n", encoding="utf-8")
            note_edit = wait_for(base + f"papers/{note_id}/", lambda text: marker in text, SERVE_TIMEOUT, process)
            time.sleep(1.0)

            # The generator writes each record's title on the line after its id.
            new_title = f"Renamed Paper {time.time_ns()}"
            id_line = f"  - id: {renamed_id}\n"
            title_line = papers_text[papers_text.index(id_line) :].split("\n")[1]
            edited = papers_text.replace(id_line + title_line + "\n", id_line + f'    title: "{new_title}"\n', 1)
            papers.write_text(edited, encoding="utf-8")
            papers_edit = wait_for(base + f"tags/{renamed_tag}/", lambda text: new_title in text, SERVE_TIMEOUT, process)
            time.sleep(1.0)

            # The generator writes each record's tags as one flow list, `    tags: [a, b]`.
            id_line = f"  - id: {retagged_id}\n"
            record = edited.index(id_line)
            tags_at = edited.index("    tags: [", record)
            retagged = edited[:tags_at] + f"    tags: [{new_tag}, " + edited[tags_at + len("    tags: [") :]
            papers.write_text(retagged, encoding="utf-8")
            listed = f'data-paper="{retagged_id}"'
            tags_edit = wait_for(base + f"tags/{new_tag}/", lambda text: listed in text, SERVE_TIMEOUT, process)
        finally:
            process.send_signal(signal.SIGINT)  # Ctrl-C: serve removes its temporary site_dir
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            note.write_text(note_text, encoding="utf-8")
            papers.write_text(papers_text, encoding="utf-8")
    return ServeFigures(first_build, note_edit, papers_edit, tags_edit, rendered_again(log))


# ---------------------------------------------------------------- explorer


def explorer_measure() -> Callable[[Path], dict[str, float]] | None:
    """`measure_explorer(site_dir)` from benchmarks/explorer.py, when it exists."""
    return _bench_function("explorer.py", "measure_explorer")


def search_measure() -> Callable[..., dict[str, float]] | None:
    """`measure_search(site_dir, query, expected)` from benchmarks/search.py, when it exists."""
    return _bench_function("search.py", "measure_search")


def _bench_function(file: str, name: str) -> Callable[..., dict[str, float]] | None:
    path = HERE / file
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"papernotes_bench_{path.stem}", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name, None)


def largest_html(site_dir: Path) -> tuple[str, int]:
    """The site's largest HTML page: its path and size."""
    sizes = ((path.stat().st_size, path) for path in site_dir.rglob("*.html"))
    size, path = max(sizes, default=(0, site_dir))
    return path.relative_to(site_dir).as_posix(), size


# ---------------------------------------------------------------- one N


@dataclass
class Result:
    papers: int
    pages: int
    plugin: Measured
    baseline: Measured
    check: float
    parse: float
    plugin_data: dict[str, tuple[int, int]]
    baseline_data: dict[str, tuple[int, int]]
    serve: ServeFigures | None
    explorer: dict[str, float] | None
    notes: list[str] = field(default_factory=list)
    search: dict[str, dict[str, float]] = field(default_factory=dict)  # "pagefind" / "lunr" -> figures
    largest: tuple[str, int] = ("", 0)
    steps: dict[str, float] = field(default_factory=dict)  # graph_steps.py: seconds of each step, in process


def graph_and_preview_steps(project: Path) -> dict[str, float]:
    """The in-process seconds of the citation graph's and the preview cards' steps (graph_steps.py)."""
    done = subprocess.run([sys.executable, str(HERE / "graph_steps.py"), str(project)], cwd=project, env=ENV,
                          capture_output=True, text=True, check=True)
    return {name: float(seconds) for name, seconds in json.loads(done.stdout.strip().splitlines()[-1]).items()}


def known_item_queries(papers: list[SyntheticPaper], count: int) -> list[tuple[str, str]]:
    """`count` papers spread over the base, each looked up by its short name, its title and its id."""
    sample = papers[:: max(1, len(papers) // count)][:count]
    return [(query, f"papers/{p.id}/") for p in sample for query in (p.short, p.title, p.id)]


def measure(papers: int, workdir: Path, serve: bool, explorer: bool, search: bool = True) -> Result:
    root = workdir / f"n{papers}"
    plugin_root, baseline_root = generate(root, papers)
    corpus = make_corpus(papers)
    plugin_site, baseline_site = root / "site-papernotes", root / "site-baseline"
    for site in (plugin_site, baseline_site):
        shutil.rmtree(site, ignore_errors=True)
    print(f"[N={papers}] building with papernotes ...", file=sys.stderr, flush=True)
    plugin = mkdocs_build(plugin_root, plugin_site, root / "build-papernotes.log")
    print(f"[N={papers}] building the baseline ...", file=sys.stderr, flush=True)
    baseline = mkdocs_build(baseline_root, baseline_site, root / "build-baseline.log")
    plugin_pages = sum(1 for _ in plugin_site.rglob("*.html"))
    baseline_pages = sum(1 for _ in baseline_site.rglob("*.html"))
    notes = []
    if plugin_pages != baseline_pages:
        notes.append(f"page counts differ: papernotes {plugin_pages}, baseline {baseline_pages}")

    print(f"[N={papers}] check and bare parse ...", file=sys.stderr, flush=True)
    check = best_of(3, [sys.executable, "-c", CHECK, "check", str(plugin_root)], plugin_root)
    inputs = [str(plugin_root / name) for name in ("papers.yaml", "references.yaml")]
    parse = best_of(3, [sys.executable, "-c", PARSE_ONLY, *inputs], plugin_root)
    print(f"[N={papers}] graph and preview steps ...", file=sys.stderr, flush=True)
    try:
        steps = graph_and_preview_steps(plugin_root)
    except (subprocess.CalledProcessError, ValueError) as exc:
        steps = {}
        notes.append(f"graph and preview steps not measured: {exc}")

    serve_figures = None
    if serve:
        print(f"[N={papers}] mkdocs serve ...", file=sys.stderr, flush=True)
        with_note = next(p for p in corpus.papers if p.note is not None)
        renamed = corpus.papers[len(corpus.papers) // 2]
        retagged = corpus.papers[len(corpus.papers) // 3]
        # A tag the record does not have yet, with a page of its own.
        new_tag = next(tag for tag in sorted({t for p in corpus.papers for t in p.tags}) if tag not in retagged.tags)
        try:
            serve_figures = measure_serve(
                plugin_root, with_note.id, renamed.id, renamed.tags[0], retagged.id, new_tag, root / "serve.log"
            )
        except (RuntimeError, TimeoutError, OSError) as exc:
            notes.append(f"mkdocs serve not measured: {exc} (see {root / 'serve.log'})")

    search_figures: dict[str, dict[str, float]] = {}
    measure_search = search_measure() if search else None
    if measure_search is not None:
        lunr_site = root / "site-papernotes-lunr"
        shutil.rmtree(lunr_site, ignore_errors=True)
        with_lunr = (plugin_root / "mkdocs.yml").read_text(encoding="utf-8").replace(
            "  - papernotes\n", "  - papernotes:\n      search: lunr\n"
        )
        (plugin_root / "mkdocs-lunr.yml").write_text(with_lunr, encoding="utf-8")
        print(f"[N={papers}] building with papernotes and search: lunr ...", file=sys.stderr, flush=True)
        mkdocs_build(plugin_root, lunr_site, root / "build-papernotes-lunr.log", "mkdocs-lunr.yml")
        known = corpus.papers[len(corpus.papers) // 4]
        rate = _bench_function("search.py", "known_item_rate")
        for engine, site in (("default", plugin_site), ("lunr", lunr_site)):
            print(f"[N={papers}] search in chromium ({engine}) ...", file=sys.stderr, flush=True)
            try:
                search_figures[engine] = dict(measure_search(site, known.title, f"papers/{known.id}/"))
            except Exception as exc:  # a missing chromium or playwright must not lose the other figures
                notes.append(f"search ({engine}) not measured: {type(exc).__name__}: {exc}")
                continue
            if rate is None:
                continue
            asked = LUNR_KNOWN_ITEM_PAPERS_LARGE if engine == "lunr" and papers > 10_000 else KNOWN_ITEM_PAPERS
            queries = known_item_queries(corpus.papers, asked)
            try:
                search_figures[engine]["known_item_rate"] = rate(site, queries)
                search_figures[engine]["known_item_queries"] = len(queries)
            except Exception as exc:  # a page that gives up on one query keeps the figures above
                notes.append(f"known items ({engine}) not measured: {type(exc).__name__}: {exc}")

    explorer_figures = None
    measure_explorer = explorer_measure() if explorer else None
    if measure_explorer is not None:
        print(f"[N={papers}] explorer in chromium ...", file=sys.stderr, flush=True)
        try:
            explorer_figures = dict(measure_explorer(plugin_site))
        except Exception as exc:  # a missing chromium or playwright must not lose the other figures
            notes.append(f"explorer not measured: {type(exc).__name__}: {exc}")
    return Result(
        papers, plugin_pages, plugin, baseline, check, parse,
        data_files(plugin_site), data_files(baseline_site), serve_figures, explorer_figures, notes,
        search_figures, largest_html(plugin_site), steps,
    )


# ---------------------------------------------------------------- the table


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 10 * 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def _verdict(value: float, limit: float) -> str:
    return "ok" if value <= limit else f"MISSED by {value / limit:.2f}x"


EXPLORER_TARGETS = {"ready_ms": "< 1000 ms", "filter_change_ms": "< 50 ms"}


def _explorer_cell(figures: dict[str, float] | None, key: str) -> str:
    if not figures or key not in figures:
        return "-"
    value = figures[key]
    if key.endswith("_bytes"):
        return _kb(int(value))
    if key.endswith("_ms"):
        limit = float(EXPLORER_TARGETS[key].split()[1]) if key in EXPLORER_TARGETS else None
        return f"{value:.0f} ms" + (f" ({_verdict(value, limit)})" if limit else "")
    return f"{value:.2f}"


def other_data(data: dict[str, tuple[int, int]]) -> str:
    """The data files besides search_index.json, a folder of many (the name files, the preview
    cards) as one entry with its count: a page loads one of them at a time."""
    folders: dict[str, list[tuple[int, int]]] = {}
    for name, sizes in data.items():
        if name != "search/search_index.json":
            folders.setdefault(name.rpartition("/")[0], []).append(sizes)
    parts = []
    for name, (raw, zipped) in data.items():
        folder = name.rpartition("/")[0]
        if name == "search/search_index.json" or folder not in folders:
            continue
        files = folders[folder]
        if len(files) <= 3:
            parts.append(f"{name} {_kb(raw)} / {_kb(zipped)}")
            continue
        largest = max(size for size, _ in files)
        parts.append(f"{folder}/ {len(files):,} files, {_kb(sum(size for size, _ in files))} / "
                     f"{_kb(sum(size for _, size in files))}, the largest {_kb(largest)}")
        del folders[folder]
    return " + ".join(parts) or "none"


def table_rows(results: list[Result]) -> list[tuple[str, list[str], str]]:
    """(figure, one value per N, target) for every row of the table."""
    rows: list[tuple[str, list[str], str]] = []

    def row(name: str, value: Callable[[Result], str], target: str = "") -> None:
        rows.append((name, [value(r) for r in results], target))

    def ratio(
        name: str, value: Callable[[Result], float | None], limit: float, target: str, at_papers: int | None = None
    ) -> None:
        """A ratio per N, judged against `limit` (only at N = `at_papers` when the target is set there)."""
        cells = []
        for result in results:
            figure = value(result)
            if figure is None or (at_papers is not None and result.papers != at_papers):
                cells.append(f"{figure:.2f}" if figure is not None else "-")
            else:
                cells.append(f"{figure:.2f} ({_verdict(figure, limit)})")
        rows.append((name, cells, target))

    row("pages built (each site)", lambda r: f"{r.pages:,}")
    row("a. build with papernotes", lambda r: f"{r.plugin.seconds:.1f} s")
    row("b. baseline build (plain MkDocs)", lambda r: f"{r.baseline.seconds:.1f} s")
    ratio("a/b build time", lambda r: r.plugin.seconds / r.baseline.seconds, 1.0, "<= 1.0 at N=10,000", at_papers=10_000)
    row("c. papernotes check", lambda r: f"{r.check:.2f} s")
    row("c. PyYAML CSafeLoader parse alone (papers.yaml, references.yaml)", lambda r: f"{r.parse:.2f} s")
    ratio("check/parse", lambda r: r.check / r.parse, 3.0, "<= 3.0")
    row("d. peak RSS a (papernotes)", lambda r: f"{r.plugin.rss_mb:.0f} MB")
    row("d. peak RSS b (baseline)", lambda r: f"{r.baseline.rss_mb:.0f} MB")
    ratio("RSS a/b", lambda r: r.plugin.rss_mb / r.baseline.rss_mb, 1.2, "<= 1.2")
    graph_rows(results, row)
    def search_index_size(data: dict[str, tuple[int, int]]) -> str:
        raw, zipped = data.get("search/search_index.json", (0, 0))
        return f"{_kb(raw)} / {_kb(zipped)}"

    row("e. search_index.json (papernotes), raw / gzip", lambda r: search_index_size(r.plugin_data))
    row("e. search_index.json (baseline), raw / gzip", lambda r: search_index_size(r.baseline_data))
    row("e. other data pages load (papernotes), raw / gzip", lambda r: other_data(r.plugin_data))
    row("h. largest HTML page (papernotes)", lambda r: f"{_kb(r.largest[1])} ({r.largest[0]})",
        "<= 1 MB at N=10,000")
    if any(r.search for r in results):
        def search_cell(engine: str, key: str, limit: float | None) -> Callable[[Result], str]:
            def cell(r: Result) -> str:
                figures = r.search.get(engine)
                if figures is None:
                    return "-"
                value = figures.get(key)
                if value is None:
                    return "not measured"
                if key == "known_item_rate":
                    asked = f" of {figures['known_item_queries']:,.0f}" if "known_item_queries" in figures else ""
                    verdict = f" ({'ok' if value >= limit else 'MISSED'})" if limit is not None else ""
                    return f"{value:.1%}{asked}{verdict}"
                text = f"{value:,.0f} ms" if key == "first_result_ms" else _kb(int(value))  # bytes
                return text + (f" ({_verdict(value, limit)})" if limit is not None and r.papers == 10_000 else "")

            return cell

        row("g. search: first right result for a title (default: pagefind)", search_cell("default", "first_result_ms", 1000),
            "<= 1.0 s at N=10,000")
        row("g. search: fetched by then (default: pagefind)", search_cell("default", "bytes", 500 * 1024),
            "<= 500 KB at N=10,000")
        row("g. search: of which search's own (default: pagefind)", search_cell("default", "search_bytes", None))
        row("g. search: known items first, of (short, title, id) queries (default: pagefind)",
            search_cell("default", "known_item_rate", 0.95), ">= 95%")
        row("g. search: first right result for a title (lunr)", search_cell("lunr", "first_result_ms", None))
        row("g. search: fetched by then (lunr)", search_cell("lunr", "bytes", None))
        row("g. search: of which search's own (lunr)", search_cell("lunr", "search_bytes", None))
        row("g. search: known items first, of (short, title, id) queries (lunr)", search_cell("lunr", "known_item_rate", None))
    # The growth from each N to the next, in the column of the larger: linear, within a tenth.
    for at, (first, last) in enumerate(itertools.pairwise(results), 1):
        growth = last.plugin.seconds / first.plugin.seconds
        limit = 11.0 * (last.papers / first.papers) / 10.0

        def in_column(text: str, at: int = at) -> list[str]:
            return ["-"] * at + [text] + ["-"] * (len(results) - at - 1)

        rows.append((f"build growth N={first.papers:,} -> {last.papers:,}",
                     in_column(f"{growth:.2f} ({_verdict(growth, limit)})"), f"<= {limit:.1f}x"))
        base_growth = last.baseline.seconds / first.baseline.seconds
        rows.append(("  baseline growth, same Ns", in_column(f"{base_growth:.2f}"), ""))
    if any(r.serve for r in results):
        row("f. serve: first build until served", lambda r: f"{r.serve.first_build:.1f} s" if r.serve else "-")
        row("f. serve: one-note edit until shown", lambda r: f"{r.serve.note_edit:.2f} s" if r.serve else "-")
        ratio(
            "serve note edit / full build (a)",
            lambda r: r.serve.note_edit / r.plugin.seconds if r.serve else None,
            0.10,
            "<= 0.10 at N=10,000",
            at_papers=10_000,
        )

        def seconds_at(value: Callable[[ServeFigures], float], limit: float, at_papers: int) -> Callable[[Result], str]:
            def cell(r: Result) -> str:
                if r.serve is None:
                    return "-"
                figure = value(r.serve)
                return f"{figure:.2f} s" + (f" ({_verdict(figure, limit)})" if r.papers == at_papers else "")

            return cell

        edits: list[tuple[str, str, Callable[[ServeFigures], float]]] = [
            ("title", "its tag page", lambda s: s.papers_edit),
            ("tags", "the tag's page", lambda s: s.tags_edit),
        ]
        for edit, shown_on, seconds in edits:
            row(f"f. serve: papers.yaml {edit} edit until shown on {shown_on}", seconds_at(seconds, 1.5, 1_000),
                "<= 1.5 s at N=1,000")
            ratio(
                f"serve {edit} edit / full build (a)",
                lambda r, seconds=seconds: seconds(r.serve) / r.plugin.seconds if r.serve else None,
                0.15,
                "<= 0.15 at N=10,000",
                at_papers=10_000,
            )
        row(
            "f. serve: pages rendered again (note; title; tags edit)",
            lambda r: "; ".join(r.serve.rendered) if r.serve and r.serve.rendered else "-",
        )
    else:
        rows.append(("f. serve", ["not measured (--no-serve)"] * len(results), ""))
    explorer_keys = sorted({key for r in results if r.explorer for key in r.explorer})
    if explorer_keys:
        def explorer_cell(key: str) -> Callable[[Result], str]:
            return lambda r: _explorer_cell(r.explorer, key)

        for key in explorer_keys:
            row(f"explorer: {key}", explorer_cell(key), EXPLORER_TARGETS.get(key, ""))
    else:
        rows.append(("explorer ready / filter change", ["not measured"] * len(results), "< 1 s / < 50 ms"))
    return rows


GRAPH_STEPS = {
    "references": "g. references.yaml read and checked",
    "citations": "g. citations in the library, missing works",
    "graph": "g. library graph laid out, graph.json",
    "graph_page": "g. Graph page HTML",
    "previews": "g. preview cards",
}


def graph_rows(results: list[Result], row: Callable[..., None]) -> None:
    """The in-process cost of the citation graph and the previews, and their share of build a."""
    for key, name in GRAPH_STEPS.items():
        row(name, lambda r, key=key: f"{r.steps[key]:.2f} s" if key in r.steps else "-")

    def share(r: Result) -> str:
        if not r.steps:
            return "-"
        spent = sum(r.steps.get(key, 0.0) for key in ("citations", "graph", "graph_page", "previews"))
        return f"{spent:.2f} s, {100 * spent / r.plugin.seconds:.0f}% of a"

    row("g. graph and previews in build a (without references)", share)


def format_table(results: list[Result]) -> str:
    header = ["figure", *(f"N={r.papers:,}" for r in results), "target"]
    body = [[name, *cells, target] for name, cells, target in table_rows(results)]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(header), rule, *(line(cells) for cells in body)])


def machine() -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores, load average {load:.1f} at the end, Python {sys.version.split()[0]}, {now}"


def _counts(text: str) -> list[int]:
    try:
        counts = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of papers: {text!r}") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"give at least one positive number of papers: {text!r}")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="papernotes against plain MkDocs + Material on the same content")
    parser.add_argument(
        "--papers", type=_counts, action="append",
        help="number of papers (repeatable, or a list: 1000,10000); default 1000 and 10000",
    )
    parser.add_argument("--out", type=Path, help="work folder (default: a new temporary folder, removed afterwards)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve measurement")
    parser.add_argument("--no-explorer", action="store_true", help="skip the explorer measurement in chromium")
    parser.add_argument("--no-search", action="store_true", help="skip the search measurement in chromium")
    args = parser.parse_args(argv)
    counts = sorted({count for group in args.papers or [[1000, 10000]] for count in group})
    workdir = args.out or Path(tempfile.mkdtemp(prefix="papernotes-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        results = []
        for count in counts:
            results.append(
                measure(count, workdir, serve=not args.no_serve, explorer=not args.no_explorer, search=not args.no_search)
            )
            if count != counts[-1]:  # the figures so far, in case a later N does not finish
                print(format_table(results), file=sys.stderr, flush=True)
    finally:
        if args.out is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(format_table(results))
    print(f"\nmachine: {machine()}")
    if not any(r.explorer for r in results):
        print("explorer: not measured (benchmarks/explorer.py with measure_explorer(site_dir) not found, or --no-explorer)")
    for result in results:
        for note in result.notes:
            print(f"note (N={result.papers:,}): {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
