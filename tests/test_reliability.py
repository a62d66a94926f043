"""Reliability: the bad-input battery in one batch, limits, kills, Ctrl-C, catalog/index agreement, concurrency."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import BROKEN, GARBLED, ROOT, SCANNED, SEED

import pipeline
from config import Config
from index import Store, catalog
from index.check import check
from index.writer import open_writer

EXPECTED_REASONS = {
    "encrypted_password.pdf": "encrypted PDF: a password is needed to open it",
    "truncated.pdf": "truncated PDF: file ends before the end-of-file marker",
    "zero_bytes.pdf": "empty file: 0 bytes",
    "png_named.pdf": "not really a PDF: the file is a PNG image",
    "zip_named.pdf": "not really a PDF: the file is a ZIP archive",
    "junk.html": "not really HTML: binary data (NUL bytes)",
    "binary_junk.txt": "undecodable text: binary data (NUL bytes)",
    "deeply_nested.pdf": "corrupt PDF: object tree too deeply nested or cyclic",
    "cyclic_pages.pdf": "truncated or corrupt PDF: Detected cyclic page references",
    SCANNED.name: "no text layer: probably a scanned image",
    GARBLED.name: "unreadable text layer: garbled font encoding",
    "huge.pdf": "too large: ",
    "vanishing.txt": "file not found: no such file, or it was moved or deleted during the run",
}


def test_bad_input_battery_in_one_batch(tmp_path):
    folder = tmp_path / "batch"
    shutil.copytree(BROKEN, folder)
    for good in ("002_47a36f0c17e328dd.txt", "003_8f16a2afca2d7165.txt"):
        shutil.copy(SEED / good, folder / good)
    shutil.copy(SEED / "002_47a36f0c17e328dd.txt", folder / "same-as-002.txt")
    shutil.copy(SCANNED, folder)
    shutil.copy(GARBLED, folder)
    with (folder / "huge.pdf").open("wb") as handle:  # sparse: over the limit without using the disk
        handle.write(b"%PDF-1.4\n")
        handle.truncate(3 * 1024 * 1024)
    (folder / "vanishing.txt").write_text("Minutes of a meeting that will vanish before it is read.")
    config = Config.from_env(env={}, home=tmp_path / "home", workers=2, max_bytes=2 * 1024 * 1024)

    report = pipeline.ingest(config, [folder], on_total=lambda total: (folder / "vanishing.txt").unlink())

    reasons = {os.path.basename(path): reason for path, reason in report.failed}
    assert set(reasons) == set(EXPECTED_REASONS)
    for name, reason in EXPECTED_REASONS.items():
        assert reasons[name].startswith(reason), (name, reasons[name])
    added = {os.path.basename(p) for p in report.added}
    assert added == {
        "002_47a36f0c17e328dd.txt",
        "003_8f16a2afca2d7165.txt",
        "encrypted_empty_password.pdf",
        "cp1252_no_charset.html",
        "utf8_bom.html",
        "one_page_ok.pdf",
    }
    assert [os.path.basename(p) for p, _ in report.duplicates] == ["same-as-002.txt"]
    listed = {os.path.basename(row.path): row.reason for row in pipeline.failures(config)}
    assert listed == reasons


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_a_failure(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    locked = folder / "locked.txt"
    locked.write_text("Minutes")
    locked.chmod(0)
    report = pipeline.ingest(Config.from_env(env={}, home=tmp_path / "home", workers=1), [folder])
    assert report.failed == [(str(locked), "permission denied: cannot read the file")]


def test_permission_error_reason_when_reading(monkeypatch, tmp_path):
    from pathlib import Path

    import ingest

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(ingest.IngestError, match="permission denied: cannot read the file"):
        ingest.read_document(SEED / "002_47a36f0c17e328dd.txt")


def _slow_extract(document):
    time.sleep(30)


def test_per_file_time_limit_is_enforced_in_the_worker(tmp_path, monkeypatch):
    # The pool forks, so the slow extractor patched here is what the worker runs.
    monkeypatch.setattr(pipeline, "extract", _slow_extract)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED / "000_b4d980f979710afc.txt", folder)
    config = Config.from_env(env={}, home=tmp_path / "home", workers=1, timeout=1.0)
    started = time.perf_counter()
    report = pipeline.ingest(config, [folder])
    assert time.perf_counter() - started < 20
    assert report.failed == [
        (str(folder / "000_b4d980f979710afc.txt"), "timed out: reading and extraction took over 1 s")
    ]


def test_check_finds_and_repairs_differences(home, small_folder):
    pipeline.ingest(home, [small_folder])
    with Store(home.catalog_path, home.index_dir) as store:
        assert check(store).ok
        papers = catalog.papers(store.conn)
        with open_writer(store.ix) as writer:
            writer.delete_paper(papers[0].id)  # missing from the index
        with store.conn:
            store.conn.execute("DELETE FROM papers WHERE id = ?", (papers[1].id,))  # stale in the index
        report = check(store)
        assert not report.ok
        assert report.missing and all(k.startswith(("p:", "f:")) for k in report.missing)
        assert any(papers[1].id in k for k in report.stale)
        repaired = check(store, repair=True)
        assert repaired.repaired_papers == 1 and repaired.dropped_papers == 1
        assert check(store).ok
        assert store.search("*").total == 2


def test_searches_run_while_an_ingest_writes(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(ROOT / "corpus" / "rendered", folder)
    config = Config.from_env(env={}, home=tmp_path / "home", workers=2, batch_size=2)
    pipeline.ingest(config, [SEED])
    errors: list[BaseException] = []
    totals: list[int] = []
    done = threading.Event()

    def search_loop():
        with Store(config.catalog_path, config.index_dir) as store:
            while not done.is_set():
                try:
                    totals.append(store.search("council").total)
                except BaseException as exc:  # noqa: BLE001  any error at all fails the test
                    errors.append(exc)
                    return

    reader = threading.Thread(target=search_loop)
    reader.start()
    try:
        report = pipeline.ingest(config, [folder])
    finally:
        done.set()
        reader.join()
    assert not errors, errors
    assert len(report.added) == 10
    assert len(totals) > 3 and totals[0] <= totals[-1]


def _ingest_process(home, folder, **env):
    return subprocess.Popen(
        [sys.executable, "-m", "search_cli", "--home", str(home), "ingest", str(folder)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def test_ctrl_c_stops_after_the_current_batch_and_says_how_to_resume(tmp_path):
    from crash_trials import make_corpus

    folder = tmp_path / "in"
    folder.mkdir()
    expected = make_corpus(folder, copies=2)
    home = tmp_path / "home"
    process = _ingest_process(home, folder, MINUTEBOOK_BATCH_SIZE="2", MINUTEBOOK_WORKERS="1")
    time.sleep(4.0)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, (out, err)
    assert "Interrupted: finished papers are saved. Run the same command again to resume." in err
    with Store(home / "catalog.sqlite", home / "index") as store:
        assert check(store).ok
        done_before = len(catalog.papers(store.conn))
    assert 0 < done_before < expected
    rerun = _ingest_process(home, folder)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode in (0, 1)  # 1 when the scanned and garbled copies were still to come
    assert int(re.search(r"(\d+) unchanged", out).group(1)) >= done_before
    with Store(home / "catalog.sqlite", home / "index") as store:
        assert len(catalog.papers(store.conn)) == expected and check(store).ok


def test_sigkill_at_random_moments_loses_and_doubles_nothing():
    from crash_trials import run_trials

    trials = run_trials(
        int(os.environ.get("MINUTEBOOK_CRASH_TRIALS", "3")), seed=20261123, copies=1, log=lambda _: None
    )
    assert [t.problems for t in trials] == [[] for _ in trials]
