"""Bulk ingest: walk paths, skip what is known, read and extract in worker processes, write in batches."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from config import Config
from extract import DOC_TYPES, Findings, PaperMeta, extract
from index import Store, catalog
from index.writer import open_writer
from ingest import SUPPORTED_SUFFIXES, Document, IngestError, read_document

SIDECAR_SUFFIX = ".meta.json"
STAGES = ("plan", "read", "extract", "catalog", "index", "total")
META_KEYS = ("councils", "committee", "doc_type", "date", "title")


@dataclass
class Report:
    """What one bulk ingest did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, path of the paper it duplicates)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    pruned: list[str] = field(default_factory=list)
    failed_before: list[tuple[str, str]] = field(default_factory=list)  # unchanged files that failed last time
    pages: int = 0
    words: int = 0
    interrupted: bool = False
    # Seconds spent per stage: "plan" (walk and hash), "read" and "extract" (summed over
    # workers), "catalog" and "index" (the parent's commits), "total" (wall clock).
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @property
    def ok(self) -> bool:
        """True when no file failed and the run was not interrupted."""
        return not self.failed and not self.interrupted

    def summary(self) -> str:
        """One line: added / updated / unchanged / duplicates / failed (/ pruned)."""
        unchanged = f"{len(self.unchanged)} unchanged"
        if self.failed_before:
            unchanged += f" ({len(self.failed_before)} of them failed before and were not retried)"
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            unchanged,
            f"{len(self.duplicates)} duplicates",
            f"{len(self.failed)} failed",
        ]
        if self.pruned:
            parts.append(f"{len(self.pruned)} pruned")
        return ", ".join(parts)


def parse_meta(pairs: Iterable[str] | dict) -> dict:
    """Validate metadata overrides given as ``key=value`` strings or a sidecar dict."""
    items = pairs.items() if isinstance(pairs, dict) else (_split_pair(p) for p in pairs)
    meta: dict = {}
    for key, value in items:
        if key not in META_KEYS:
            raise ValueError(f"unknown metadata key {key!r}: use one of {', '.join(META_KEYS)}")
        if key == "councils":
            values = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
            meta[key] = tuple(v.strip() for v in values if str(v).strip())
        elif key == "doc_type":
            if value not in DOC_TYPES:
                raise ValueError(f"doc_type {value!r} is not one of {', '.join(DOC_TYPES)}")
            meta[key] = value
        elif key == "date":
            try:
                meta[key] = date.fromisoformat(str(value)).isoformat()
            except ValueError as exc:
                raise ValueError(f"date {value!r} is not an ISO date (YYYY-MM-DD)") from exc
        else:
            meta[key] = str(value).strip() or None
    return meta


def _split_pair(pair: str) -> tuple[str, str]:
    key, sep, value = pair.partition("=")
    if not sep:
        raise ValueError(f"metadata {pair!r} is not key=value")
    return key.strip(), value.strip()


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus supported papers found recursively under folders; sorted, absolute."""
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in names:
                    if name.startswith(".") or name.endswith(SIDECAR_SUFFIX):
                        continue
                    if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                        found.add(Path(root, name).absolute())
        else:
            found.add(path.absolute())  # a missing file is reported as a failure, not skipped
    return sorted(found)


# --- worker side -----------------------------------------------------------------------------


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout


def _init_worker() -> None:
    # Ctrl-C goes to the whole process group; only the parent decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, _on_alarm)


def process_file(
    path: str, config: Config, overrides: dict
) -> tuple[Document, Findings, dict[str, float]] | IngestError:
    """Read and extract one file (runs in a worker); bad input comes back as an IngestError value.

    Success returns the document, its findings and the seconds spent reading and extracting.
    """
    if config.timeout:
        signal.setitimer(signal.ITIMER_REAL, config.timeout)
    try:
        try:
            meta = dict(_sidecar(Path(path)))
        except ValueError as exc:
            return IngestError(path, f"bad metadata: {exc}")
        meta.update(overrides)
        started = time.perf_counter()
        document = read_document(path, max_bytes=config.max_bytes, max_pages=config.max_pages)
        read = time.perf_counter()
        findings = extract(document)
        if meta:
            findings = replace(findings, meta=replace(findings.meta, **meta))
        timings = {"read": read - started, "extract": time.perf_counter() - read}
        return document, findings, timings
    except IngestError as exc:
        return exc
    except _Timeout:
        return IngestError(path, f"timed out: reading and extraction took over {config.timeout:g} s")
    except RecursionError:
        return IngestError(path, "corrupt file: structure too deeply nested or cyclic")
    except MemoryError:
        return IngestError(path, "out of memory while reading")
    except Exception as exc:  # an unexpected bug must not sink the batch; say what it was
        return IngestError(path, f"internal error while reading: {type(exc).__name__}: {exc}")
    finally:
        if config.timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _sidecar(path: Path) -> dict:
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.exists():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"sidecar {side.name} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"sidecar {side.name} must hold a JSON object")
    return parse_meta(data)


# --- parent side -----------------------------------------------------------------------------


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class _Job:
    path: str
    sha: str
    size: int
    old_paper: str | None  # the paper this path held before, if it changed


class _Batch:
    """Results waiting to be committed to the catalog and the index together."""

    def __init__(self) -> None:
        self.done: list[tuple[_Job, Document, Findings]] = []
        self.failed: list[tuple[_Job, str]] = []

    def __len__(self) -> int:
        return len(self.done) + len(self.failed)


def ingest(
    config: Config,
    paths: Iterable[str | Path],
    prune: bool = False,
    overrides: dict | None = None,
    force: bool = False,
    retry_failed: bool = False,
    progress: Callable[[str], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Report:
    """Ingest every paper under ``paths`` into the catalog and index; see the README for the rules."""
    started = time.perf_counter()
    overrides = overrides or {}
    roots = [Path(p).expanduser().absolute() for p in paths]
    files = discover(roots)
    report = Report()
    with Store(config.catalog_path, config.index_dir) as store:
        jobs = _plan(store, files, report, force, retry_failed, progress)
        report.timings["plan"] = time.perf_counter() - started
        if on_total:
            on_total(len(jobs))
        _run(store, config, jobs, overrides, report, progress)
        if prune and not report.interrupted:
            _prune(store, roots, report)
    report.timings["total"] = time.perf_counter() - started
    return report


def _plan(
    store: Store,
    files: list[Path],
    report: Report,
    force: bool,
    retry_failed: bool,
    progress: Callable[[str], None] | None,
) -> list[_Job]:
    conn = store.conn
    jobs: list[_Job] = []
    claimed: dict[str, str] = {}  # sha -> path, for duplicates inside this run
    for path in files:
        key = str(path)
        try:
            size = path.stat().st_size
            sha = _hash_file(path)
        except OSError as exc:
            reason = _os_reason(exc)
            with catalog.transaction(conn):
                catalog.set_file(conn, key, None, "failed", reason)
            report.failed.append((key, reason))
            if progress:
                progress(key)
            continue
        known = catalog.get_file(conn, key)
        if not force and known and known.paper_id == sha:
            if known.status == "ingested" and catalog.has_paper(conn, sha):
                report.unchanged.append(key)
                continue
            if known.status == "duplicate" and catalog.has_paper(conn, sha):
                report.unchanged.append(key)
                continue
            if known.status == "failed" and not retry_failed:
                report.unchanged.append(key)
                report.failed_before.append((key, known.reason or ""))
                continue
        owner = claimed.get(sha) or (_owner(conn, sha, key) if not force else None)
        if owner:
            with catalog.transaction(conn):
                catalog.set_file(conn, key, sha, "duplicate", f"same content as {owner}", size)
            report.duplicates.append((key, owner))
            continue
        claimed[sha] = key
        old = known.paper_id if known and known.paper_id and known.paper_id != sha else None
        jobs.append(_Job(key, sha, size, old))
    return jobs


def _owner(conn, sha: str, path: str) -> str | None:
    row = conn.execute(
        "SELECT path FROM files WHERE paper_id = ? AND status = 'ingested' AND path != ? LIMIT 1", (sha, path)
    ).fetchone()
    if row and catalog.has_paper(conn, sha):
        return row[0]
    return None


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file not found (moved or deleted during the run?)"
    if isinstance(exc, PermissionError):
        return "permission denied: cannot read the file"
    return f"cannot read the file: {exc.strerror or exc}"


class _StopFlag:
    """First Ctrl-C asks the run to stop after the current batch; a second one stops at once."""

    def __init__(self) -> None:
        self.requested = False
        self._previous = None

    def __enter__(self) -> _StopFlag:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum, frame) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def _run(
    store: Store,
    config: Config,
    jobs: list[_Job],
    overrides: dict,
    report: Report,
    progress: Callable[[str], None] | None,
) -> None:
    if not jobs:
        return
    ix = store.ix  # opens (or rebuilds) the index before any worker starts
    batch = _Batch()
    pending = list(reversed(jobs))
    in_flight: dict[Future, _Job] = {}
    # Bounded, so memory does not grow with the corpus, but deep enough that the workers
    # keep reading while the parent commits a batch.
    window = max(config.batch_size, config.workers * 4)
    pool = ProcessPoolExecutor(max_workers=config.workers, initializer=_init_worker)
    with _StopFlag() as stop:
        try:
            while (pending and not stop.requested) or in_flight:
                while pending and not stop.requested and len(in_flight) < window:
                    job = pending.pop()
                    in_flight[pool.submit(process_file, job.path, config, overrides)] = job
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    if future not in in_flight:
                        continue  # already sent round again after a worker died
                    job = in_flight.pop(future)
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        outcome = IngestError(job.path, "worker process died while reading (out of memory or a crash)")
                        pool.shutdown(wait=False, cancel_futures=True)
                        pending.extend(in_flight.values())  # innocent bystanders go round again
                        in_flight.clear()
                        pool = ProcessPoolExecutor(max_workers=config.workers, initializer=_init_worker)
                    if isinstance(outcome, IngestError):
                        batch.failed.append((job, outcome.reason))
                    else:
                        document, findings, timings = outcome
                        batch.done.append((job, document, findings))
                        for stage, seconds in timings.items():
                            report.timings[stage] += seconds
                    if progress:
                        progress(job.path)
                if len(batch) >= config.batch_size:
                    _commit(store, ix, batch, report)
                    batch = _Batch()
            if len(batch):
                _commit(store, ix, batch, report)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        report.interrupted = stop.requested and bool(pending)


def _commit(store: Store, ix, batch: _Batch, report: Report) -> None:
    """Catalog, then index, then mark indexed: a paper counts only once both commits succeeded.

    A crash between the steps leaves papers unmarked, which the next run redoes; replaced
    versions leave the catalog in the first step, so no paper is ever present twice.
    """
    conn = store.conn
    stored: list[tuple[_Job, Document]] = []
    stale: list[str] = []
    started = time.perf_counter()
    with catalog.transaction(conn):
        for job, document, findings in batch.done:
            catalog.store_paper(conn, document, findings)
            catalog.set_file(conn, job.path, document.id, "ingested", None, document.size)
            stored.append((job, document))
        for job, reason in batch.failed:
            # a changed file that now fails keeps its old version searchable
            catalog.set_file(conn, job.path, job.old_paper or job.sha, "failed", reason, job.size)
        for job, document in stored:
            if job.old_paper and job.old_paper != document.id and _orphaned(conn, job.old_paper):
                catalog.delete_paper(conn, job.old_paper)
                stale.append(job.old_paper)
    indexing = time.perf_counter()
    with open_writer(ix) as writer:
        for old in stale:
            writer.delete_paper(old)
        for _job, document in stored:
            paper = catalog.paper(conn, document.id)
            writer.add_paper(paper, catalog.pages(conn, document.id), catalog.findings_of(conn, document.id))
    marking = time.perf_counter()
    with catalog.transaction(conn):
        catalog.mark_indexed(conn, [d.id for _, d in stored])
    report.timings["catalog"] += (indexing - started) + (time.perf_counter() - marking)
    report.timings["index"] += marking - indexing
    for job, document in stored:
        (report.updated if job.old_paper else report.added).append(job.path)
        report.pages += len(document.pages)
        report.words += document.word_count
    report.failed.extend((job.path, reason) for job, reason in batch.failed)


def _orphaned(conn, paper_id: str) -> bool:
    return conn.execute("SELECT COUNT(*) FROM files WHERE paper_id = ?", (paper_id,)).fetchone()[0] == 0


def _under(path: str, roots: list[Path]) -> bool:
    return any(Path(path) == root or Path(path).is_relative_to(root) for root in roots)


def _prune(store: Store, roots: list[Path], report: Report) -> None:
    conn = store.conn
    gone = [row for row in catalog.files(conn) if _under(row.path, roots) and not Path(row.path).exists()]
    if not gone:
        return
    doomed: list[str] = []
    with catalog.transaction(conn):
        for row in gone:
            paper_id = catalog.forget_file(conn, row.path)
            if paper_id and row.status == "ingested":
                doomed.append(paper_id)
            report.pruned.append(row.path)
    if doomed:
        with open_writer(store.ix) as writer:
            for paper_id in doomed:
                writer.delete_paper(paper_id)
        with catalog.transaction(conn):
            for paper_id in doomed:
                catalog.delete_paper(conn, paper_id)


def iter_failures(config: Config) -> Iterator[catalog.FileRow]:
    """Every file whose last ingest failed, with its reason."""
    with Store(config.catalog_path, config.index_dir) as store:
        yield from catalog.files(store.conn, "failed")


__all__ = ["Report", "PaperMeta", "discover", "ingest", "iter_failures", "parse_meta", "process_file"]
