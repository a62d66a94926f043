"""Turn raw measurements into the named measures, the targets verdict, the growth table and the Markdown report."""

from __future__ import annotations

import json
from pathlib import Path

from queries import QUERIES

# name, description, comparison, threshold
TARGETS = (
    ("ingest_vs_pypdf_ratio", "ingest pages/s vs bare single-process pypdf (same PDFs, layout mode)", ">=", 1.7),
    (
        "peak_memory_mb",
        "peak resident memory of the ingest, parent + workers (applies to the large corpus)",
        "<=",
        1024,
    ),
    ("noop_speedup", "no-op re-ingest faster than the first ingest", ">=", 50),
    ("query_p95_ratio", "query p95 vs SQLite FTS5 on the same texts (minutebook with facet counts)", "<=", 3.0),
)


_EMPTY_BARE = {
    "pages": 0,
    "wall_s": None,
    "cpu_s": None,
    "pages_per_s": None,
    "pages_per_cpu_s": None,
    "files": 0,
    "errors": 0,
    "mode": "not run",
}


def fmt(value, digits: int = 1) -> str:
    """A number for a table: thousands separators, fixed digits; '–' for None."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def _mb(n: int | None) -> str:
    return "–" if n is None else f"{n / 2**20:,.1f} MB"


def derive(r: dict) -> None:
    """Add ``measures`` (named after the issue's measures, ratios included) and ``targets`` to the results."""
    bare_l = r["bare_pypdf"].get("layout") or _EMPTY_BARE
    bare_p = r["bare_pypdf"].get("plain") or _EMPTY_BARE
    ing, noop = r["ingest"], r["noop_ingest"]
    t = ing["timings"]
    wall = t["total"] or None
    workers = ing["workers"]
    q = r["queries"]["summary"]
    searches, findings = q["searches"], q["findings"]
    m = {
        "bare_pypdf_layout_pages_per_s": bare_l["pages_per_s"],
        "bare_pypdf_layout_pages_per_cpu_s": bare_l["pages_per_cpu_s"],
        "bare_pypdf_plain_pages_per_s": bare_p["pages_per_s"],
        "bare_pypdf_plain_pages_per_cpu_s": bare_p["pages_per_cpu_s"],
        "ingest_seconds": t["total"],
        "ingest_pages": ing["pages"],
        "ingest_pages_per_s": ing["pages"] / wall if wall else None,
        "ingest_pages_per_cpu_s": ing["pages"] / ing["cpu_s"] if ing["cpu_s"] else None,
        # same PDFs in both: throughput ratio = bare seconds / ingest seconds (ingest also reads the HTML)
        "ingest_vs_pypdf_ratio": bare_l["wall_s"] / wall if wall and bare_l["wall_s"] else None,
        "ingest_vs_pypdf_plain_ratio": bare_p["wall_s"] / wall if wall and bare_p["wall_s"] else None,
        # load-insensitive: bare pypdf CPU-seconds / ingest CPU-seconds (parent + workers) over the same PDFs
        "ingest_vs_pypdf_cpu_ratio": bare_l["cpu_s"] / ing["cpu_s"] if ing["cpu_s"] and bare_l["cpu_s"] else None,
        "time_seconds": dict(t),
        "time_share": {
            "plan (parent: walk + hash)": t["plan"] / wall if wall else None,
            "read (workers, per worker)": t["read"] / workers / wall if wall else None,
            "extract (workers, per worker)": t["extract"] / workers / wall if wall else None,
            "catalog (parent commits)": t["catalog"] / wall if wall else None,
            "index (parent, Whoosh writer)": t["index"] / wall if wall else None,
        },
        # CPU-seconds of parent + workers per wall second: how many cores the ingest actually got
        "ingest_effective_cores": ing["cpu_s"] / wall if wall else None,
        "parent_busy_share": (t["plan"] + t["catalog"] + t["index"]) / wall if wall else None,
        "workers_busy_share": (t["read"] + t["extract"]) / (workers * wall) if wall else None,
        "peak_memory_mb": ing["peak_rss_tree_mb"],
        "peak_pss_mb": ing["peak_pss_tree_mb"],
        "max_single_process_rss_mb": ing["max_rss_single_process_mb"],
        "noop_ingest_seconds": noop["timings"]["total"],
        "noop_speedup": t["total"] / noop["timings"]["total"] if noop["timings"]["total"] else None,
        "query_p50_ms": searches["minutebook"]["p50_ms"],
        "query_p95_ms": searches["minutebook"]["p95_ms"],
        "fts5_p50_ms": searches["fts5"]["p50_ms"],
        "fts5_p95_ms": searches["fts5"]["p95_ms"],
        "query_p50_ratio": searches["ratio_p50"],
        "query_p95_ratio": searches["ratio_p95"],
        "fts5_full_p50_ms": searches["fts5_full"]["p50_ms"],
        "fts5_full_p95_ms": searches["fts5_full"]["p95_ms"],
        "query_p95_ratio_vs_fts5_full": searches["ratio_p95_vs_full"],
        "findings_p50_ms": findings["minutebook"]["p50_ms"],
        "findings_p95_ms": findings["minutebook"]["p95_ms"],
        "findings_sql_p50_ms": findings["fts5"]["p50_ms"],
        "findings_sql_p95_ms": findings["fts5"]["p95_ms"],
        "all_queries_p50_ms": q["all"]["minutebook"]["p50_ms"],
        "all_queries_p95_ms": q["all"]["minutebook"]["p95_ms"],
        "index_bytes": r["disk"]["index_bytes"],
        "catalog_bytes": r["disk"]["catalog_bytes"],
        "fts5_bytes": r["disk"]["fts5_bytes"],
    }
    warnings = []
    files = r["corpus"]["files"]
    if ing["failed"] > 0.1 * files:
        warnings.append(
            f"{ing['failed']} of {files} files were rejected by the ingest ({ing['failed_reasons']}); they are still "
            "read (and counted in the bare pypdf pass) but not indexed, so check the reasons before comparing runs"
        )
    if not ing["pages"]:
        for key in (
            "ingest_vs_pypdf_ratio",
            "ingest_vs_pypdf_plain_ratio",
            "ingest_vs_pypdf_cpu_ratio",
            "noop_speedup",
        ):
            m[key] = None
    r["warnings"] = warnings
    r["measures"] = m
    verdicts = []
    for name, text, op, threshold in TARGETS:
        value = m.get(name)
        met = None if value is None else (value >= threshold if op == ">=" else value <= threshold)
        verdicts.append({"measure": name, "target": f"{op} {threshold:g}", "value": value, "met": met, "what": text})
    r["targets"] = verdicts


def growth(results_dir: Path) -> dict | None:
    """Small -> large growth from the last generated-small and generated-large results in ``results_dir``."""
    paths = [results_dir / "generated-small.json", results_dir / "generated-large.json"]
    if not all(p.exists() for p in paths):
        return None
    small, large = (json.loads(p.read_text()) for p in paths)
    rows = []
    for key, label in (
        ("ingest_pages", "pages ingested"),
        ("ingest_seconds", "ingest seconds"),
        ("ingest_pages_per_s", "ingest pages/s"),
        ("ingest_vs_pypdf_ratio", "ingest / bare pypdf"),
        ("peak_memory_mb", "peak RSS MB (tree)"),
        ("noop_ingest_seconds", "no-op re-ingest seconds"),
        ("query_p50_ms", "query p50 ms"),
        ("query_p95_ms", "query p95 ms"),
        ("fts5_p95_ms", "FTS5 p95 ms"),
        ("query_p95_ratio", "query p95 / FTS5 p95"),
        ("findings_p95_ms", "findings p95 ms"),
        ("index_bytes", "index bytes"),
        ("catalog_bytes", "catalog bytes"),
    ):
        a, b = small.get("measures", {}).get(key), large.get("measures", {}).get(key)
        rows.append({"measure": label, "key": key, "small": a, "large": b, "factor": b / a if a and b else None})
    return {
        "small_run": small.get("started_utc"),
        "large_run": large.get("started_utc"),
        "small_loadavg": small.get("loadavg_start"),
        "large_loadavg": large.get("loadavg_start"),
        "rows": rows,
    }


def markdown(r: dict) -> str:
    """The report: machine, corpus, targets, throughput, time shares, memory, queries, disk, growth."""
    m, mach, ing = r["measures"], r["machine"], r["ingest"]
    v = mach["versions"]
    out = [f"# minutebook benchmark: {r['label']}", ""]
    out.append(
        f"Run {r['started_utc']} on {mach['cores']} cores ({mach['cpu'] or 'unknown CPU'}, {mach['memory_gb']} GB), "
        f"{mach['os']}, Python {mach['python']}; pypdf {v['pypdf']}, spaCy {v['spacy']}, "
        f"whoosh-reloaded {v['whoosh-reloaded']}, beautifulsoup4 {v['beautifulsoup4']}, lxml {v['lxml']}, "
        f"reportlab {v['reportlab']}, SQLite {v['sqlite']}. Load average at start {r['loadavg_start']}, "
        f"at end {r['loadavg_end']}. Whole benchmark took {r['bench_seconds']:.0f} s."
    )
    out += [
        "",
        f"Corpus: {r['corpus']['description']} — {r['corpus']['files']} files "
        f"{r['corpus']['by_suffix']}, {_mb(r['corpus']['bytes'])}.",
        "",
    ]
    failed = ing["failed"]
    out.append(
        f"Ingest: {ing['added']} papers added, {failed} failed, {ing['pages']:,} pages, {ing['words']:,} words; "
        f"{ing['workers']} workers, batch size {ing['batch_size']}."
        + (f" Failures: {ing['failed_reasons']}." if failed else "")
    )
    out += [f"**Warning:** {w}." for w in r.get("warnings", [])]
    out += ["", "## Targets", "", "| measure | target | measured | met |", "|---|---|---|---|"]
    for t in r["targets"]:
        met = {True: "yes", False: "**no**", None: "–"}[t["met"]]
        out.append(f"| {t['what']} | {t['target']} | {fmt(t['value'], 2)} | {met} |")
    b_l = r["bare_pypdf"].get("layout") or _EMPTY_BARE
    b_p = r["bare_pypdf"].get("plain") or _EMPTY_BARE
    out += [
        "",
        "## Ingest throughput",
        "",
        "| measure | pages | wall s | pages/s | pages per CPU-s | note |",
        "|---|---|---|---|---|---|",
        f"| bare pypdf, 1 process, layout (plain fallback) | {fmt(b_l['pages'])} | {fmt(b_l['wall_s'])} | "
        f"{fmt(b_l['pages_per_s'])} | {fmt(b_l['pages_per_cpu_s'])} | minutebook's extraction mode; "
        f"{b_l['files']} PDFs, {b_l['errors']} unreadable |",
        f"| bare pypdf, 1 process, plain | {fmt(b_p['pages'])} | {fmt(b_p['wall_s'])} | {fmt(b_p['pages_per_s'])} | "
        f"{fmt(b_p['pages_per_cpu_s'])} | for reference |",
        f"| minutebook ingest, {ing['workers']} workers | {ing['pages']:,} | {fmt(m['ingest_seconds'])} | "
        f"{fmt(m['ingest_pages_per_s'])} | {fmt(m['ingest_pages_per_cpu_s'])} | all pages (PDF + HTML); CPU of "
        f"parent + workers {fmt(ing['cpu_s'])} s; process wall incl. start-up {fmt(ing['process_wall_s'])} s |",
        f"| ratio ingest / bare pypdf layout | | | **{fmt(m['ingest_vs_pypdf_ratio'], 2)}×** | | "
        "bare seconds ÷ ingest seconds over the same PDFs (ingest also reads the HTML) |",
        f"| ratio ingest / bare pypdf plain | | | {fmt(m['ingest_vs_pypdf_plain_ratio'], 2)}× | | |",
        f"| CPU ratio: bare pypdf layout CPU-s ÷ ingest CPU-s | | | | {fmt(m['ingest_vs_pypdf_cpu_ratio'], 2)}× | "
        "load-insensitive; with W idle cores the wall ratio can reach at most about W × this |",
        f"| no-op re-ingest | {noop_pages(r)} | {fmt(m['noop_ingest_seconds'], 2)} | | | "
        f"**{fmt(m['noop_speedup'])}×** faster than the first |",
        "",
        "## Where the ingest time goes",
        "",
        "Stage timers from `Report.timings`: read and extract are summed over the worker processes (shown per "
        "worker); plan, catalog and index run in the single parent and are serial.",
        "",
        "| stage | seconds | share of wall |",
        "|---|---|---|",
    ]
    secs = m["time_seconds"]
    keys = {
        "plan (parent: walk + hash)": "plan",
        "read (workers, per worker)": "read",
        "extract (workers, per worker)": "extract",
        "catalog (parent commits)": "catalog",
        "index (parent, Whoosh writer)": "index",
    }
    for label, share in m["time_share"].items():
        out.append(f"| {label} | {fmt(secs[keys[label]])} | {_pct(share)} |")
    out += [
        f"| total (wall) | {fmt(secs['total'])} | 100% |",
        "",
        f"Parent busy (plan + catalog + index): {_pct(m['parent_busy_share'])} of wall; workers busy "
        f"(read + extract): {_pct(m['workers_busy_share'])} of {ing['workers']} × wall. Effective cores used "
        f"(CPU-s of parent + workers ÷ wall): {fmt(m['ingest_effective_cores'], 2)} of {r['machine']['cores']}; "
        "worker timers are wall-clock, so on a busy machine they include waiting for a CPU.",
        "",
        "## Memory",
        "",
        f"- Peak resident memory of the whole ingest (parent + workers), summed RSS sampled every 0.1 s from "
        f"/proc over the process tree: **{fmt(m['peak_memory_mb'])} MB** (shared pages of forked workers are "
        f"counted in each process, so this overstates). Summed PSS (shared pages split, sampled every 1 s): "
        f"{fmt(m['peak_pss_mb'])} MB. "
        f"Processes seen: {ing['processes_seen']}.",
        f"- Largest single process (getrusage max RSS via wait4 on the ingest child): "
        f"{fmt(m['max_single_process_rss_mb'])} MB.",
    ]
    out += _queries(r)
    d = r["disk"]
    out += [
        "",
        "## Disk",
        "",
        "| Whoosh index | SQLite catalog (+WAL) | FTS5 database (pages + papers) | corpus |",
        "|---|---|---|---|",
        f"| {_mb(d['index_bytes'])} | {_mb(d['catalog_bytes'])} | {_mb(d['fts5_bytes'])} | {_mb(d['corpus_bytes'])} |",
        "",
        f"FTS5 built from the catalog's page texts in {fmt(r['fts5_build']['seconds'])} s "
        f"({r['fts5_build']['rows']:,} rows).",
    ]
    if r.get("profile"):
        out += ["", "## cProfile (tottime by package)", ""]
        for side, key in (
            ("worker side (read + extract)", "workers_by_package_s"),
            ("ingest parent", "parent_by_package_s"),
            ("one round of the 30 queries", "queries_by_package_s"),
        ):
            if key not in r["profile"]:
                continue
            top = list(r["profile"][key].items())[:8]
            total = sum(r["profile"][key].values()) or 1
            out.append(f"- {side}: " + ", ".join(f"{k} {s:.1f} s ({s / total:.0%})" for k, s in top))
    g = r.get("growth")
    if g:
        out += [
            "",
            "## Growth: small → large (generated corpora)",
            "",
            f"Small run {g['small_run']} (load {g['small_loadavg']}); large run {g['large_run']} "
            f"(load {g['large_loadavg']}).",
            "",
            "| measure | small | large | × |",
            "|---|---|---|---|",
        ]
        for row in g["rows"]:
            out.append(f"| {row['measure']} | {fmt(row['small'])} | {fmt(row['large'])} | {fmt(row['factor'], 2)} |")
    return "\n".join(out) + "\n"


def noop_pages(r: dict) -> str:
    """How many files the no-op run found unchanged."""
    return f"{r['noop_ingest']['unchanged']:,} files unchanged"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _queries(r: dict) -> list[str]:
    q = r["queries"]
    s = q["summary"]
    out = [
        "",
        "## Query latency",
        "",
        f"30 fixed queries (bench/queries.py), each run once to warm up, then {q['repeats']} timed rounds; "
        f"load {q['loadavg_before']} → {q['loadavg_after']}. minutebook searches go through `Store.search` "
        "(one hit per paper with snippet, facet counts over all matches, limit 10); **FTS5** is the same text "
        "search on an FTS5 table of the catalog's page texts (porter stemming), bm25 order, LIMIT 10; "
        "**FTS5 full** also does one best page per paper with a snippet and the same facet counts. Findings "
        "queries go through `Store.findings` (limit 20) and are compared with a plain SQL query on the catalog.",
        "",
        "| queries | n | minutebook p50 | p95 | FTS5 p50 | p95 | p95 ratio | FTS5 full p50 | p95 | p95 ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for group, label in (("searches", "text searches"), ("findings", "findings (vs SQL)"), ("all", "all")):
        g = s[group]
        mb, f5, ff = g["minutebook"], g["fts5"], g["fts5_full"]
        out.append(
            f"| {label} | {g['queries']} | {fmt(mb['p50_ms'])} ms | {fmt(mb['p95_ms'])} ms | {fmt(f5['p50_ms'])} ms | "
            f"{fmt(f5['p95_ms'])} ms | **{fmt(g['ratio_p95'])}×** | {fmt(ff['p50_ms'])} ms | {fmt(ff['p95_ms'])} ms | "
            f"{fmt(g['ratio_p95_vs_full'])}× |"
        )
    skipped = [n for g in s.values() for n in g["skipped"]]
    if skipped:
        out += ["", f"Skipped (an engine could not run them on this corpus): {', '.join(sorted(set(skipped)))}."]
    out += [
        "",
        "| query | kind | matches (minutebook / FTS5 full) | minutebook p50 ms | FTS5 p50 ms | FTS5 full p50 ms |",
        "|---|---|---|---|---|---|",
    ]
    for query in QUERIES:
        p = q["per_query"][query.name]
        err = p.get("minutebook_error") or p.get("fts5_error") or p.get("fts5_full_error")
        matches = f"{p.get('minutebook_results', '–')} / {p.get('fts5_full_results', '–')}"
        if err:
            matches = f"error: {err[:80]}"
        out.append(
            f"| `{query.name}` | {query.kind} | {matches} | {fmt(p.get('minutebook_p50_ms'))} | "
            f"{fmt(p.get('fts5_p50_ms'))} | {fmt(p.get('fts5_full_p50_ms'))} |"
        )
    return out
