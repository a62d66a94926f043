"""minutebook benchmark: ingest throughput, where the time goes, memory, re-ingest, query latency, disk, growth.

    make bench                                  # generated small corpus (~200 papers, ~2,000 pages)
    BENCH_SIZE=large make bench                 # generated large corpus (~2,000 papers, ~20,000 pages)
    BENCH_CORPUS=DIR make bench                 # any folder of real papers
    BENCH_CORPUS=corpus/real BENCH_COPIES=8 make bench   # the real papers, each copied 8 times

Environment: BENCH_SIZE (small|large), BENCH_CORPUS (folder), BENCH_COPIES (scale a folder by copying each
file K times with a distinct trailing byte), BENCH_WORKERS (ingest workers; default: minutebook's default),
BENCH_REPEATS (timed rounds over the 30 queries), BENCH_SEED, BENCH_PROFILE=1 (add cProfile summaries).
Writes bench/results/latest.md and latest.json (and <label>.json, used for the small -> large growth table).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import corpora  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402

RESULTS = HERE / "results"


def _args(argv: list[str] | None) -> argparse.Namespace:
    env = os.environ
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default=env.get("BENCH_SIZE") or "small", help="small | large (generated corpus)")
    parser.add_argument("--corpus", default=env.get("BENCH_CORPUS") or None, help="a folder of papers instead")
    parser.add_argument("--copies", type=int, default=int(env.get("BENCH_COPIES") or 1), help="scale --corpus")
    parser.add_argument("--workers", type=int, default=int(env.get("BENCH_WORKERS") or 0) or None)
    parser.add_argument("--repeats", type=int, default=int(env.get("BENCH_REPEATS") or 5), help="query rounds")
    parser.add_argument("--seed", type=int, default=int(env.get("BENCH_SEED") or 1))
    parser.add_argument("--profile", action="store_true", default=env.get("BENCH_PROFILE") in ("1", "yes", "true"))
    parser.add_argument(
        "--modes", default=env.get("BENCH_MODES") or "layout,plain", help="bare pypdf modes: layout and/or plain"
    )
    parser.add_argument("--render", type=Path, help="only re-render the Markdown of a saved results JSON")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (home, FTS5 db)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where latest.md/json go")
    return parser.parse_args(argv)


def log(message: str) -> None:
    """Progress on stderr, so stdout carries only the final table."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> dict:
    """Run every measure on one corpus and write the results."""
    args = _args(argv)
    if args.render:
        return _rerender(args.render, args.results)
    from config import Config

    workers = args.workers or Config.from_env(env={}).workers
    scratch = Path(tempfile.mkdtemp(prefix="minutebook-bench-"))
    started = time.perf_counter()
    results: dict = {
        "started_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": measure.machine(),
        "loadavg_start": measure.loadavg(),
        "settings": {"workers": workers, "repeats": args.repeats, "seed": args.seed, "copies": args.copies},
    }
    try:
        corpus = corpora.prepare(args.size, args.corpus, args.copies, args.seed, scratch, log=log)
        results["label"] = corpus.label
        results["corpus"] = corpus.summary()
        log(f"corpus: {corpus.description}; {len(corpus.files)} files under {corpus.folder}")

        _preflight(corpus)
        results["bare_pypdf"] = {}
        for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
            log(f"bare pypdf, one process, {mode} mode ...")
            results["bare_pypdf"][mode] = measure.bare_pypdf(corpus.pdfs, mode)
            log(f"  {report.fmt(results['bare_pypdf'][mode]['pages_per_s'])} pages/s")

        home = scratch / "home"
        log(f"minutebook ingest with {workers} workers (child process, memory sampled) ...")
        first = measure.run_ingest(home, corpus.folder, workers, scratch / "first.json")
        results["ingest"] = first
        log(
            f"  {first['added']} added, {first['failed']} failed, {first['pages']} pages in {first['timings']['total']:.1f} s"
        )
        if first["failed"]:
            log(f"  failures: {first['failed_reasons']}")
        log("no-op re-ingest of the unchanged corpus ...")
        results["noop_ingest"] = measure.run_ingest(home, corpus.folder, workers, scratch / "noop.json")

        config = Config.from_env(env={}, home=home)
        fts_path = scratch / "fts5.sqlite"
        log("building SQLite FTS5 from the catalog's page texts ...")
        results["fts5_build"] = measure.build_fts(config.catalog_path, fts_path)
        results["disk"] = {
            "index_bytes": measure.tree_bytes(config.index_dir),
            "catalog_bytes": measure.catalog_bytes(config.catalog_path),
            "fts5_bytes": results["fts5_build"]["bytes"],
            "corpus_bytes": results["corpus"]["bytes"],
        }
        log(f"query latency: 30 queries, 1 warm-up + {args.repeats} rounds ...")
        results["queries"] = measure.query_latency(home, fts_path, args.repeats)

        if args.profile:
            log("profiling (cProfile): worker side on a sample, parent side on a fresh ingest ...")
            results["profile"] = _profile(corpus, workers, scratch, home, args.results)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            log(f"kept scratch folder {scratch}")
    results["loadavg_end"] = measure.loadavg()
    results["bench_seconds"] = time.perf_counter() - started
    report.derive(results)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"{results['label']}.json").write_text(json.dumps(results, indent=1, default=str))
    results["growth"] = report.growth(args.results)
    text = report.markdown(results)
    (args.results / "latest.json").write_text(json.dumps(results, indent=1, default=str))
    (args.results / "latest.md").write_text(text)
    (args.results / f"{results['label']}.md").write_text(text)
    print(text)
    return results


def _preflight(corpus: corpora.Corpus, sample: int = 3) -> None:
    """Read and extract a few papers in this process first: a broken checkout fails here, not after the run."""
    import pipeline
    from config import Config

    config = Config.from_env(env={}, home=Path("/nonexistent-bench-home"), timeout=0)
    step = max(1, len(corpus.files) // sample)
    outcomes = [pipeline.process_file(str(p), config, {}) for p in corpus.files[::step][:sample]]
    errors = [o.reason for o in outcomes if hasattr(o, "reason") and "internal error" in o.reason]
    if outcomes and len(errors) == len(outcomes):
        raise SystemExit(f"every sampled paper hit an internal error, not benchmarking: {errors[0]}")


def _rerender(path: Path, out_dir: Path) -> dict:
    """Recompute the derived measures and the Markdown of a saved run (e.g. after the other size ran)."""
    results = json.loads(path.read_text())
    report.derive(results)
    results["growth"] = report.growth(out_dir)
    text = report.markdown(results)
    (out_dir / f"{results['label']}.md").write_text(text)
    print(text)
    return results


def _profile(corpus: corpora.Corpus, workers: int, scratch: Path, home: Path, out_dir: Path) -> dict:
    import profiling as bench_profile

    queries_pkg, queries_text = bench_profile.profile_queries(home)
    workers_pkg, workers_text, sampled = bench_profile.profile_workers(corpus.files)
    dump = scratch / "parent.prof"
    measure.run_ingest(scratch / "profile-home", corpus.folder, workers, scratch / "profiled.json", profile=dump)
    parent_pkg, parent_text = bench_profile.profile_parent(dump)
    out_dir.mkdir(parents=True, exist_ok=True)
    text = (
        f"# cProfile, worker side: read + extract over {sampled} papers in one process\n\n{workers_text}\n\n"
        f"# cProfile, ingest parent (catalog + index writer; workers run in other processes)\n\n{parent_text}\n\n"
        f"# cProfile, one round of the 30 queries through Store.search / Store.findings\n\n{queries_text}\n"
    )
    (out_dir / f"profile-{corpus.label}.txt").write_text(text)
    return {
        "workers_sampled_papers": sampled,
        "workers_by_package_s": workers_pkg,
        "parent_by_package_s": parent_pkg,
        "queries_by_package_s": queries_pkg,
    }


if __name__ == "__main__":
    main()
