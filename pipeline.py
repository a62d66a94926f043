"""Bulk ingest: walk paths, skip what is known, read and extract in worker processes, write in batches."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from config import Config
from extract import DOC_TYPES, Findings, extract
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
        if value is None:
            continue  # a sidecar's null means "not set"
        if key == "councils":
            values = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
            names = [str(v).strip() for v in values if str(v).strip()]
            meta[key] = tuple(dict.fromkeys(names))  # in order, once each
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


def _absolute(path: Path) -> Path:
    """Absolute and normalised (no ``..``), without resolving symlinks: one spelling per file."""
    return Path(os.path.abspath(path.expanduser()))


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
                        found.add(_absolute(Path(root, name)))
        else:
            found.add(_absolute(path))  # a missing file is reported as a failure, not skipped
    return sorted(found)


# --- worker side -----------------------------------------------------------------------------


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` in a reader swallows it."""


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


def extract_file(path: str | Path) -> Findings:
    """Read and extract one file in this process, without touching the catalog (``minutebook extract``)."""
    return extract(read_document(path))


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


def meta_key(overrides: dict, path: Path) -> str:
    """A fingerprint of the metadata a person set for this file (--meta and the sidecar's bytes).

    Part of the change test, so that new metadata on an unchanged file is applied.
    """
    try:
        side = path.with_name(path.name + SIDECAR_SUFFIX).read_bytes()
    except OSError:
        side = b""
    given = json.dumps(overrides, sort_keys=True, default=str).encode()
    return hashlib.sha256(given + b"\0" + side).hexdigest()[:16]


@dataclass
class _Job:
    path: str
    sha: str
    size: int
    meta_key: str
    old_paper: str | None  # the paper this path stood for before, if it changed
    replaces: bool = False  # the path held a paper before: an update, not an addition


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
    roots = [_absolute(Path(p)) for p in paths]
    files = discover(roots)
    report = Report()
    with Store(config.catalog_path, config.index_dir) as store:
        _flush_tombstones(store)  # index deletions a crashed run left undone
        jobs = _plan(store, files, report, force, retry_failed, overrides, progress)
        _flush_tombstones(store)
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
    overrides: dict,
    progress: Callable[[str], None] | None,
) -> list[_Job]:
    """Hash every file, then sort them into unchanged, duplicates, failures to skip and jobs."""
    conn = store.conn
    seen: dict[str, tuple[str, int]] = {}
    for path in files:
        key = str(path)
        try:
            seen[key] = (_hash_file(path), path.stat().st_size)
        except OSError as exc:
            reason = _os_reason(exc)
            known = catalog.get_file(conn, key)
            with catalog.transaction(conn):  # keep the link to the paper it held
                catalog.set_file(
                    conn, key, "failed", sha=None, paper_id=known.paper_id if known else None, reason=reason
                )
            report.failed.append((key, reason))
            if progress:
                progress(key)
    jobs: list[_Job] = []
    claimed: dict[str, str] = {}  # sha -> path, for duplicates inside this run
    for key, (sha, size) in seen.items():
        known = catalog.get_file(conn, key)
        fingerprint = meta_key(overrides, Path(key))
        if not force and known and known.sha == sha and known.meta_key == fingerprint:
            if known.status in ("ingested", "duplicate") and catalog.has_paper(conn, known.paper_id):
                report.unchanged.append(key)
                continue
            if known.status == "failed" and not retry_failed:
                report.unchanged.append(key)
                report.failed_before.append((key, known.reason or ""))
                continue
        owner = claimed.get(sha) or _owner(conn, sha, key, seen, outside_run_only=force)
        if owner:
            with catalog.transaction(conn):
                catalog.set_file(
                    conn,
                    key,
                    "duplicate",
                    sha=sha,
                    paper_id=sha,
                    reason=f"same content as {owner}",
                    size=size,
                    meta_key=fingerprint,
                )
                if known and known.paper_id and known.paper_id != sha:
                    catalog.settle(conn, [known.paper_id])  # what this path held before may now be orphaned
            report.duplicates.append((key, owner))
            continue
        claimed[sha] = key
        old = known.paper_id if known and known.paper_id and known.paper_id != sha else None
        replaces = bool(known and known.paper_id and catalog.has_paper(conn, known.paper_id))
        jobs.append(_Job(key, sha, size, fingerprint, old, replaces))
    return jobs


def _owner(conn, sha: str, path: str, seen: dict[str, tuple[str, int]], outside_run_only: bool) -> str | None:
    """The path that holds the ingested paper with these bytes, unless that file changed in this run."""
    rows = conn.execute(
        "SELECT path FROM files WHERE paper_id = ? AND sha = ? AND status = 'ingested' AND path != ? ORDER BY path",
        (sha, sha, path),
    ).fetchall()
    for (owner,) in rows:
        if owner in seen and (outside_run_only or seen[owner][0] != sha):
            continue
        if catalog.has_paper(conn, sha):
            return owner
    return None


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "file not found: no such file, or it was moved or deleted during the run"
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


def _pool(config: Config) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=config.workers, initializer=_init_worker)


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
    suspects: list[_Job] = []  # in flight when a worker died: run again one at a time to find the culprit
    alone: set[str] = set()  # paths now running by themselves
    in_flight: dict[Future, _Job] = {}
    # Bounded, so memory does not grow with the corpus, but deep enough that the workers
    # keep reading while the parent commits a batch.
    window = max(config.batch_size, config.workers * 4)
    pool = _pool(config)
    with _StopFlag() as stop:
        try:
            while in_flight or ((pending or suspects) and not stop.requested):
                if stop.requested:
                    for future in list(in_flight):
                        if future.cancel():  # not started yet: leave it for the next run
                            pending.append(in_flight.pop(future))
                elif suspects:
                    if not in_flight:
                        job = suspects.pop()
                        alone.add(job.path)
                        in_flight[pool.submit(process_file, job.path, config, overrides)] = job
                else:
                    while pending and len(in_flight) < window:
                        job = pending.pop()
                        in_flight[pool.submit(process_file, job.path, config, overrides)] = job
                if not in_flight:
                    continue
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    if future not in in_flight:
                        continue  # already sent round again after a worker died
                    job = in_flight.pop(future)
                    try:
                        outcome = future.result()
                    except BrokenProcessPool:
                        victims = [job, *in_flight.values()]
                        in_flight.clear()
                        pool.shutdown(wait=False, cancel_futures=True)
                        pool = _pool(config)
                        if len(victims) > 1 or job.path not in alone:
                            suspects.extend(victims)
                            continue
                        outcome = IngestError(
                            job.path, "worker process died while reading it (out of memory or a crash)"
                        )
                    except Exception as exc:  # e.g. a result that cannot be unpickled: this file's failure only
                        outcome = IngestError(job.path, f"internal error: {type(exc).__name__}: {exc}")
                    alone.discard(job.path)
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
        report.interrupted = stop.requested and bool(pending or suspects)


def _commit(store: Store, ix, batch: _Batch, report: Report) -> None:
    """Catalog, then index, then mark indexed: a paper counts only once both commits succeeded.

    A crash between the steps leaves papers unmarked, which the next run redoes; replaced
    versions leave the catalog in the first step and are tombstoned until the index has
    dropped them too, so no paper is ever present twice.
    """
    conn = store.conn
    started = time.perf_counter()
    with catalog.transaction(conn):
        for job, document, findings in batch.done:
            catalog.store_paper(conn, document, findings)
            catalog.set_file(
                conn,
                job.path,
                "ingested",
                sha=document.id,
                paper_id=document.id,
                size=document.size,
                meta_key=job.meta_key,
            )
        for job, reason in batch.failed:
            # a changed file that now fails keeps its old version searchable
            catalog.set_file(
                conn,
                job.path,
                "failed",
                sha=job.sha,
                paper_id=job.old_paper,
                reason=reason,
                size=job.size,
                meta_key=job.meta_key,
            )
        catalog.settle(conn, [job.old_paper for job, _, _ in batch.done] + [d.id for _, d, _ in batch.done])
        stale = catalog.tombstones(conn)
    indexing = time.perf_counter()
    with open_writer(ix) as writer:
        for old in stale:
            writer.delete_paper(old)
        for _job, document, _findings in batch.done:
            paper = catalog.paper(conn, document.id)
            writer.add_paper(paper, catalog.pages(conn, document.id), catalog.findings_of(conn, document.id))
    marking = time.perf_counter()
    with catalog.transaction(conn):
        catalog.mark_indexed(conn, [d.id for _, d, _ in batch.done])
        catalog.clear_tombstones(conn, stale)
    report.timings["catalog"] += (indexing - started) + (time.perf_counter() - marking)
    report.timings["index"] += marking - indexing
    for job, document, _findings in batch.done:
        (report.updated if job.replaces else report.added).append(job.path)
        report.pages += len(document.pages)
        report.words += document.word_count
    report.failed.extend((job.path, reason) for job, reason in batch.failed)


def _flush_tombstones(store: Store) -> None:
    """Drop from the index the papers the catalog has deleted, then forget the tombstones."""
    stale = catalog.tombstones(store.conn)
    if not stale:
        return
    with open_writer(store.ix) as writer:
        for paper_id in stale:
            writer.delete_paper(paper_id)
    with catalog.transaction(store.conn):
        catalog.clear_tombstones(store.conn, stale)


def _under(path: str, roots: list[Path]) -> bool:
    return any(Path(path) == root or Path(path).is_relative_to(root) for root in roots)


def _prune(store: Store, roots: list[Path], report: Report) -> None:
    """Forget files under ``roots`` that are gone; papers no file stands for any more go too."""
    conn = store.conn
    gone = [row.path for row in catalog.files(conn) if _under(row.path, roots) and not Path(row.path).exists()]
    if not gone:
        return
    with catalog.transaction(conn):
        catalog.settle(conn, [catalog.forget_file(conn, path) for path in gone])
    report.pruned.extend(gone)
    _flush_tombstones(store)


def failures(config: Config) -> list[catalog.FileRow]:
    """Every file whose last ingest failed, with its reason (none when there is no catalog yet)."""
    if not config.catalog_path.exists():
        return []
    with Store(config.catalog_path, config.index_dir) as store:
        return catalog.files(store.conn, "failed")


__all__ = [
    "DOC_TYPES",
    "IngestError",
    "Report",
    "discover",
    "extract_file",
    "failures",
    "ingest",
    "parse_meta",
    "process_file",
]
