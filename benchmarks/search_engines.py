"""Lunr beside Pagefind on small sites: where `search: auto` should switch.

Builds the sample site and generated sites of a few sizes twice, with `search: lunr` and
`search: pagefind`, and measures each with benchmarks/search.py (the median of three loads with
an empty cache): ms from navigation to the first right result for a paper's title, and the bytes
fetched by then.

    python benchmarks/search_engines.py --papers 100,250,500,1000 --out /tmp/engines
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate, make_corpus  # noqa: E402
from run import mkdocs_build  # noqa: E402
from search import measure_search  # noqa: E402

ENGINES = ("lunr", "pagefind")


def with_engine(config: str, engine: str) -> str:
    """The site's mkdocs.yml text with the papernotes plugin's `search` option set."""
    if "  - papernotes:\n" in config:
        return config.replace("  - papernotes:\n", f"  - papernotes:\n      search: {engine}\n", 1)
    return config.replace("  - papernotes\n", f"  - papernotes:\n      search: {engine}\n", 1)


def measure_site(project: Path, title: str, expected: str, work: Path) -> dict[str, dict[str, float]]:
    figures = {}
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for engine in ENGINES:
        config_file = project / f"mkdocs-{engine}.yml"  # beside mkdocs.yml: its paths are relative to it
        config_file.write_text(with_engine(config, engine), encoding="utf-8")
        site = work / f"site-{engine}"
        shutil.rmtree(site, ignore_errors=True)
        try:
            mkdocs_build(project, site, work / f"build-{engine}.log", config_file.name)
        finally:
            config_file.unlink()
        figures[engine] = measure_search(site, title, expected)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--papers", default="100,250,500,1000", help="sizes of the generated sites, comma-separated")
    parser.add_argument("--sample", type=Path, default=HERE.parent, help="the sample site's folder (its mkdocs.yml)")
    parser.add_argument("--out", type=Path, required=True, help="work folder")
    args = parser.parse_args(argv)
    sites: list[tuple[str, Path, str, str]] = []
    records = yaml.safe_load((args.sample / "papers.yaml").read_text(encoding="utf-8"))["papers"]
    known = records[len(records) // 4]
    sites.append((f"sample ({len(records)})", args.sample, known["title"], f"papers/{known['id']}/"))
    for papers in (int(size) for size in args.papers.split(",")):
        project, _baseline = generate(args.out / f"n{papers}", papers)
        paper = make_corpus(papers).papers[papers // 4]
        sites.append((f"{papers:,} papers", project, paper.title, f"papers/{paper.id}/"))
    print("| site | lunr: first right result | lunr: fetched | Pagefind: first right result | Pagefind: fetched |")
    print("|---|---|---|---|---|")
    for name, project, title, expected in sites:
        work = args.out / name.split()[0].replace(",", "")
        work.mkdir(parents=True, exist_ok=True)
        figures = measure_site(project, title, expected, work)
        cells = [f"{figures[e]['first_result_ms']:,.0f} ms | {figures[e]['bytes'] / 1024:,.0f} KB" for e in ENGINES]
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
