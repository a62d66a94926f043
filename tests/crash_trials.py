"""Kill a bulk ingest with SIGKILL at random moments and check that nothing is lost or doubled.

Run the full battery with `make crash-test` (20 trials) or
`python tests/crash_trials.py --trials N --seed S`. tests/test_reliability.py runs a few trials.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from config import Config  # noqa: E402
from index import Store, catalog  # noqa: E402
from index.check import check  # noqa: E402


@dataclass
class Trial:
    """What one kill did and what was found afterwards."""

    number: int
    kill_after: float
    papers_at_kill: int
    problems: list[str]


def make_corpus(target: Path, copies: int = 2) -> int:
    """Copy corpus/ papers ``copies`` times, each copy with a distinct trailing byte; returns good papers."""
    good = 0
    for source in sorted((ROOT / "corpus").rglob("*")):
        if source.suffix.lower() not in {".pdf", ".html", ".txt"}:
            continue
        bad = "SCANNED" in source.name or "GARBLED" in source.name
        for n in range(copies):
            data = source.read_bytes() + (b"\n" + bytes([48 + n]) if n else b"")
            (target / f"{n}_{source.name}").write_bytes(data)
            good += 0 if bad else 1
    return good


def _ingest_command(home: Path, folder: Path) -> list[str]:
    return [sys.executable, "-m", "search_cli", "--home", str(home), "ingest", str(folder), "--quiet"]


def _env() -> dict[str, str]:
    env = dict(os.environ, MINUTEBOOK_BATCH_SIZE="4", MINUTEBOOK_WORKERS="2")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def full_run_seconds(folder: Path, work: Path) -> float:
    """How long one uninterrupted ingest of ``folder`` takes."""
    home = work / "timing-home"
    start = time.perf_counter()
    subprocess.run(_ingest_command(home, folder), env=_env(), cwd=ROOT, capture_output=True, check=False)
    return time.perf_counter() - start


def inspect(home: Path, expected: int | None) -> list[str]:
    """Integrity problems of a data home; ``expected`` papers when the ingest should be complete."""
    problems = []
    config = Config.from_env(env={}, home=home)
    if config.catalog_path.exists():
        with sqlite3.connect(config.catalog_path) as raw:
            verdict = raw.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            problems.append(f"catalog integrity: {verdict}")
    with Store(config.catalog_path, config.index_dir) as store:
        store.ix  # noqa: B018  opening must work, including after a stale lock
        store.ix.writer(timeout=5.0).cancel()  # the write lock can be taken again
        rows = catalog.papers(store.conn, indexed_only=True)
        paths = [p.path for p in rows]
        if len(paths) != len(set(paths)):
            problems.append("a path is present twice")
        hits = store.search("*", limit=1000).hits
        if len(hits) != len({h.paper_id for h in hits}) or len(hits) != len(rows):
            problems.append(f"search shows {len(hits)} hits for {len(rows)} papers")
        if expected is not None:
            if len(rows) != expected:
                problems.append(f"{len(rows)} papers after rerun, expected {expected}")
            report = check(store)
            if not report.ok:
                problems.append(
                    f"check: {len(report.missing)} missing, {len(report.stale)} stale, "
                    f"{len(report.duplicated)} duplicated, {len(report.unmarked)} unmarked"
                )
    return problems


def run_trials(trials: int, seed: int = 0, copies: int = 2, log=print) -> list[Trial]:
    """Run ``trials`` kill-and-rerun trials on a scaled copy of corpus/."""
    rng = random.Random(seed)
    results = []
    with tempfile.TemporaryDirectory(prefix="minutebook-crash-") as tmp:
        work = Path(tmp)
        folder = work / "papers"
        folder.mkdir()
        expected = make_corpus(folder, copies)
        span = full_run_seconds(folder, work)
        log(f"corpus: {expected} good papers; an uninterrupted ingest takes {span:.1f} s")
        for number in range(1, trials + 1):
            home = work / f"home-{number}"
            kill_after = rng.uniform(0.05, span * 1.05)
            process = subprocess.Popen(
                _ingest_command(home, folder),
                env=_env(),
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            time.sleep(kill_after)
            with contextlib.suppress(ProcessLookupError):  # it may have finished already
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            problems = inspect(home, None) if (home / "catalog.sqlite").exists() else []
            at_kill = 0
            if (home / "catalog.sqlite").exists():
                with sqlite3.connect(home / "catalog.sqlite") as raw:
                    at_kill = raw.execute("SELECT COUNT(*) FROM papers WHERE indexed = 1").fetchone()[0]
            rerun = subprocess.run(
                _ingest_command(home, folder), env=_env(), cwd=ROOT, capture_output=True, text=True, check=False
            )
            if rerun.returncode not in (0, 1):
                problems.append(f"rerun exited {rerun.returncode}: {rerun.stderr.strip()[-300:]}")
            problems += inspect(home, expected)
            results.append(Trial(number, kill_after, at_kill, problems))
            log(
                f"trial {number:2d}: killed after {kill_after:5.2f} s with {at_kill:3d} papers in; "
                + ("OK" if not problems else "PROBLEMS: " + "; ".join(problems))
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--copies", type=int, default=2, help="copies of corpus/ to ingest per trial")
    args = parser.parse_args()
    print(f"seed {args.seed}")
    results = run_trials(args.trials, args.seed, args.copies)
    bad = [t for t in results if t.problems]
    print(f"{len(results) - len(bad)} of {len(results)} trials clean")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
