"""The measures: bare pypdf, a watched ingest in a child process, disk sizes, FTS5 and query latency."""

from __future__ import annotations

import contextlib
import io
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from importlib import metadata
from pathlib import Path

from queries import QUERIES, Query

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")


# --------------------------------------------------------------------------- the machine


def loadavg() -> list[float]:
    """1, 5 and 15 minute load averages."""
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


def machine() -> dict:
    """Cores, CPU, memory, Python and library versions: printed beside every result."""
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if "model name" in ln
            ),
            "",
        )
    mem_gb = None
    try:
        kb = int(
            next(ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
        )
        mem_gb = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    versions = {}
    for dist in ("minutebook", "pypdf", "spacy", "whoosh-reloaded", "beautifulsoup4", "lxml", "reportlab"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    versions["sqlite"] = sqlite3.sqlite_version
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem_gb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "versions": versions,
    }


# --------------------------------------------------------------------------- bare pypdf


def _page_text(page, mode: str) -> str:
    if mode == "plain":
        try:
            return page.extract_text(extraction_mode="plain")
        except Exception:
            return ""
    for each in ("layout", "plain"):  # what ingest/pdf.py does: layout, plain where layout is empty
        try:
            text = page.extract_text(extraction_mode=each)
        except Exception:
            text = ""
        if text.strip():
            return text
    return ""


def bare_pypdf(paths: list[Path], mode: str) -> dict:
    """pypdf alone, one process, every page of every PDF: the reader's own limit.

    ``mode`` is ``layout`` (layout text, plain where layout is empty: exactly what minutebook's reader asks
    pypdf for) or ``plain``.
    """
    from pypdf import PdfReader

    pages = chars = errors = 0
    load = loadavg()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for path in paths:
        try:
            reader = PdfReader(io.BytesIO(path.read_bytes()), strict=False)
            if reader.is_encrypted:
                reader.decrypt("")
            for page in reader.pages:
                chars += len(_page_text(page, mode))
                pages += 1
        except Exception:
            errors += 1
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {
        "mode": "layout (plain fallback)" if mode == "layout" else "plain",
        "files": len(paths),
        "pages": pages,
        "chars": chars,
        "errors": errors,
        "wall_s": wall,
        "cpu_s": cpu,
        "pages_per_s": pages / wall if wall else None,
        "pages_per_cpu_s": pages / cpu if cpu else None,
        "loadavg_before": load,
    }


# --------------------------------------------------------------------------- a watched ingest


def _descendants(root: int) -> list[int]:
    """The process and all its descendants, from /proc (children files, else a scan of every stat)."""
    found, todo = [], [root]
    children_file = Path(f"/proc/{root}/task/{root}/children")
    if children_file.exists():
        while todo:
            pid = todo.pop()
            found.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    todo.extend(int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split())
            except OSError:
                continue
        return found
    parent_of: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
                parent_of[int(name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(p for p, pp in parent_of.items() if pp == pid)
    return found


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process tree every ``interval`` seconds (PSS every ``pss_every`` samples,
    as reading smaps is costlier); keeps the peaks."""

    def __init__(self, pid: int, interval: float = 0.1, pss_every: int = 10) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.pss_every = pid, interval, pss_every
        self.peak_rss = self.peak_pss = 0
        self.max_processes = 0
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids = _descendants(self.pid)
            self.peak_rss = max(self.peak_rss, sum(_rss(pid) for pid in pids))
            if self.samples % self.pss_every == 0:
                self.peak_pss = max(self.peak_pss, sum(_pss(pid) for pid in pids))
            self.max_processes = max(self.max_processes, len(pids))
            self.samples += 1
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_ingest(home: Path, folder: Path, workers: int, out: Path, profile: Path | None = None) -> dict:
    """Ingest in a child process: the report, wall time, CPU time and peak memory of parent plus workers."""
    command = [sys.executable, str(ROOT / "bench" / "child.py"), str(home), str(folder), str(workers), str(out)]
    if profile:
        command.append(str(profile))
    load = loadavg()
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT)
    sampler = TreeSampler(child.pid)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    if child.returncode != 0:
        raise RuntimeError(f"ingest child exited with status {child.returncode}")
    result = json.loads(out.read_text())
    result.update(
        {
            "process_wall_s": wall,  # includes interpreter start and imports
            "cpu_s": usage.ru_utime + usage.ru_stime,  # the child and every worker it waited for
            "peak_rss_tree_mb": sampler.peak_rss / 2**20,
            "peak_pss_tree_mb": sampler.peak_pss / 2**20,
            "max_rss_single_process_mb": usage.ru_maxrss / 1024,
            "processes_seen": sampler.max_processes,
            "memory_samples": sampler.samples,
            "loadavg_before": load,
            "loadavg_after": loadavg(),
        }
    )
    return result


# --------------------------------------------------------------------------- disk


def tree_bytes(path: Path) -> int:
    """Bytes of a file, or of every file under a folder."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def catalog_bytes(catalog: Path) -> int:
    """The catalog with its WAL and shared-memory files."""
    return sum(p.stat().st_size for p in catalog.parent.glob(catalog.name + "*") if p.is_file())


# --------------------------------------------------------------------------- FTS5


def build_fts(catalog: Path, target: Path) -> dict:
    """An FTS5 table (porter stemming, like the index's stemmer) over the catalog's page texts, and the papers."""
    if target.exists():
        target.unlink()
    started = time.perf_counter()
    conn = sqlite3.connect(str(target), isolation_level=None)
    conn.execute("ATTACH DATABASE ? AS cat", (str(catalog),))
    conn.executescript(
        """
        BEGIN;
        CREATE TABLE papers AS
            SELECT id, title, councils, committee, doc_type, date FROM cat.papers WHERE indexed = 1;
        CREATE UNIQUE INDEX papers_id ON papers(id);
        CREATE VIRTUAL TABLE pages_fts USING fts5(
            title, council, text, paper_id UNINDEXED, number UNINDEXED, tokenize = 'porter unicode61'
        );
        INSERT INTO pages_fts (title, council, text, paper_id, number)
            SELECT coalesce(p.title, ''), p.councils, g.text, g.paper_id, g.number
            FROM cat.pages g JOIN papers p ON p.id = g.paper_id;
        INSERT INTO pages_fts (pages_fts) VALUES ('optimize');
        COMMIT;
        """
    )
    conn.execute("DETACH DATABASE cat")
    rows = conn.execute("SELECT count(*) FROM pages_fts").fetchone()[0]
    conn.close()
    return {"seconds": time.perf_counter() - started, "rows": rows, "bytes": target.stat().st_size}


def _sql_filters(query: Query, alias: str = "p") -> tuple[str, list]:
    where, args = [], []
    f = query.filters
    if f.get("councils"):
        where.append("(" + " OR ".join(f"lower({alias}.councils) LIKE ?" for _ in f["councils"]) + ")")
        args += [f"%{c.lower()}%" for c in f["councils"]]
    if f.get("committees"):
        where.append("(" + " OR ".join(f"lower({alias}.committee) LIKE ?" for _ in f["committees"]) + ")")
        args += [f"%{c.lower()}%" for c in f["committees"]]
    if f.get("doc_types"):
        where.append(f"{alias}.doc_type IN ({','.join('?' * len(f['doc_types']))})")
        args += list(f["doc_types"])
    if f.get("date_from"):
        where.append(f"{alias}.date >= ?")
        args.append(f["date_from"])
    if f.get("date_to"):
        where.append(f"{alias}.date <= ?")
        args.append(f["date_to"])
    return " AND ".join(where), args


def fts_plain(conn: sqlite3.Connection, query: Query) -> int:
    """The obvious alternative: top 10 pages by bm25 (or newest paper first), LIMIT 10."""
    where, args = _sql_filters(query)
    clauses = []
    if query.fts:
        clauses.append("pages_fts MATCH ?")
        args = [query.fts, *args]
    if where:
        clauses.append(where)
    order = "p.date DESC" if query.sort == "date" else ("bm25(pages_fts)" if query.fts else "p.date DESC")
    sql = (
        "SELECT f.paper_id, f.number FROM pages_fts f JOIN papers p ON p.id = f.paper_id"
        + (" WHERE " + " AND ".join(clauses) if clauses else "")
        + f" ORDER BY {order} LIMIT 10"
    )
    return len(conn.execute(sql, args).fetchall())


def fts_full(conn: sqlite3.Connection, query: Query) -> int:
    """FTS5 doing what Store.search does: one best page per paper with a snippet, and facets over all matches."""
    where, args = _sql_filters(query)
    clauses = []
    if query.fts:
        clauses.append("pages_fts MATCH ?")
        args = [query.fts, *args]
    if where:
        clauses.append(where)
    cond = " WHERE " + " AND ".join(clauses) if clauses else ""
    order = "p.date DESC" if query.sort == "date" or not query.fts else "bm25(pages_fts)"
    snippet = "snippet(pages_fts, 2, '[[', ']]', ' … ', 24)" if query.fts else "substr(f.text, 1, 200)"
    seen: set[str] = set()
    cursor = conn.execute(
        f"SELECT f.paper_id, f.number, {snippet} FROM pages_fts f JOIN papers p ON p.id = f.paper_id{cond} "
        f"ORDER BY {order}",
        args,
    )
    for paper_id, _number, _snip in cursor:
        seen.add(paper_id)
        if len(seen) >= 10:
            break
    cursor.close()
    counts: dict[str, Counter] = {k: Counter() for k in ("council", "committee", "doc_type", "year")}
    facet_sql = (
        "SELECT p.councils, p.committee, p.doc_type, substr(p.date, 1, 4) FROM papers p WHERE p.id IN "
        f"(SELECT f.paper_id FROM pages_fts f JOIN papers p ON p.id = f.paper_id{cond})"
    )
    total = 0
    for councils, committee, doc_type, year in conn.execute(facet_sql, args):
        total += 1
        for council in json.loads(councils or "[]") or ["unknown"]:
            counts["council"][council] += 1
        counts["committee"][committee or "unknown"] += 1
        counts["doc_type"][doc_type or "unknown"] += 1
        counts["year"][year or "unknown"] += 1
    return total


def findings_sql(conn: sqlite3.Connection, query: Query) -> int:
    """The SQL equivalent of a findings query over the catalog's findings table."""
    f = query.findings or {}
    where, args = ["p.indexed = 1"], []
    if f.get("kinds"):
        where.append(f"g.kind IN ({','.join('?' * len(f['kinds']))})")
        args += list(f["kinds"])
    if f.get("savings") is not None:
        where.append("g.savings = ?")
        args.append(int(f["savings"]))
    if f.get("min_amount") is not None:
        where.append("g.value >= ?")
        args.append(f["min_amount"])
    if f.get("fiscal_years"):
        where.append(f"replace(g.fiscal_year, '-', '/') IN ({','.join('?' * len(f['fiscal_years']))})")
        args += list(f["fiscal_years"])
    if query.text:
        where.append("g.text LIKE ?")
        args.append(f"%{query.text}%")
    sql = (
        "SELECT g.id, g.kind, g.text, g.data, p.title FROM findings g JOIN papers p ON p.id = g.paper_id WHERE "
        + " AND ".join(where)
        + " ORDER BY p.date DESC, g.id LIMIT 20"
    )
    return len(conn.execute(sql, args).fetchall())


# --------------------------------------------------------------------------- query latency


def _filters(query: Query):
    from index import Filters

    f = dict(query.filters)
    for key in ("date_from", "date_to"):
        if f.get(key):
            f[key] = date.fromisoformat(f[key])
    return Filters(**f)


def run_minutebook(store, query: Query) -> int:
    from index import FindingFilters

    if query.findings is not None:
        return len(store.findings(query.text, filters=FindingFilters(**query.findings), limit=20))
    return store.search(query.text, filters=_filters(query), sort=query.sort, limit=10).total


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _stats(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "max_ms": max(ms) if ms else None}


def query_latency(home: Path, fts_path: Path, repeats: int) -> dict:
    """p50/p95 of the 30 queries: minutebook vs FTS5 (plain and full) for searches, vs SQL for findings.

    Every query runs once untimed (warm-up), then ``repeats`` timed rounds over the whole list.
    """
    sys.path.insert(0, str(ROOT))
    from config import Config
    from index import Store

    config = Config.from_env(env={}, home=home)
    store = Store(config.catalog_path, config.index_dir)
    fts = sqlite3.connect(str(fts_path))
    cat = sqlite3.connect(f"file:{config.catalog_path}?mode=ro", uri=True)
    engines = {
        "minutebook": lambda q: run_minutebook(store, q),
        "fts5": lambda q: fts_plain(fts, q) if q.is_search else findings_sql(cat, q),
        "fts5_full": lambda q: fts_full(fts, q) if q.is_search else findings_sql(cat, q),
    }
    per_query: dict[str, dict] = {q.name: {"kind": q.kind, "search": q.is_search} for q in QUERIES}
    times: dict[str, dict[str, list[float]]] = {e: {q.name: [] for q in QUERIES} for e in engines}
    load = loadavg()
    for engine, run in engines.items():  # warm-up; records results and errors
        for q in QUERIES:
            try:
                per_query[q.name][f"{engine}_results"] = run(q)
            except Exception as exc:  # a filter that names nothing in this corpus, a parse error ...
                per_query[q.name][f"{engine}_error"] = f"{type(exc).__name__}: {exc}"[:200]
    for _ in range(repeats):
        for q in QUERIES:
            for engine, run in engines.items():
                if f"{engine}_error" in per_query[q.name]:
                    continue
                started = time.perf_counter()
                run(q)
                times[engine][q.name].append((time.perf_counter() - started) * 1000)
    store.close()
    fts.close()
    cat.close()
    for q in QUERIES:
        for engine in engines:
            ms = times[engine][q.name]
            per_query[q.name][f"{engine}_p50_ms"] = statistics.median(ms) if ms else None
    groups = {
        "searches": [q for q in QUERIES if q.is_search],
        "findings": [q for q in QUERIES if not q.is_search],
        "all": list(QUERIES),
    }
    summary: dict[str, dict] = {}
    for group, members in groups.items():
        # only queries every engine answered, so the engines are compared on the same work
        ok = [q for q in members if not any(f"{e}_error" in per_query[q.name] for e in engines)]
        summary[group] = {"queries": len(ok), "skipped": [q.name for q in members if q not in ok]}
        for engine in engines:
            summary[group][engine] = _stats([t for q in ok for t in times[engine][q.name]])
        mb, alt, full = (summary[group][e]["p95_ms"] for e in ("minutebook", "fts5", "fts5_full"))
        mb50, alt50 = summary[group]["minutebook"]["p50_ms"], summary[group]["fts5"]["p50_ms"]
        summary[group]["ratio_p95"] = mb / alt if mb and alt else None
        summary[group]["ratio_p50"] = mb50 / alt50 if mb50 and alt50 else None
        summary[group]["ratio_p95_vs_full"] = mb / full if mb and full else None
    return {
        "repeats": repeats,
        "loadavg_before": load,
        "loadavg_after": loadavg(),
        "summary": summary,
        "per_query": per_query,
    }
