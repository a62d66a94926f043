"""Bulk ingest: skipping, replacing, pruning, duplicates, failures and metadata overrides."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import BROKEN, GARBLED, REAL, SCANNED

import pipeline
from index import Store, catalog


def _store(config) -> Store:
    return Store(config.catalog_path, config.index_dir)


def test_whole_corpus_ingests_except_scanned_and_garbled(corpus_home):
    failed = {row.path: row.reason for row in pipeline.failures(corpus_home)}
    assert set(failed) == {str(SCANNED), str(GARBLED)}
    assert failed[str(SCANNED)].startswith("no text layer")
    assert failed[str(GARBLED)].startswith("unreadable text layer")
    with _store(corpus_home) as store:
        papers = catalog.papers(store.conn)
        assert len(papers) == 24  # 5 seed texts, their 5 PDF and 5 HTML renderings, 9 readable real papers
        assert all(p.indexed for p in papers)
        assert sum(p.page_count for p in papers) == catalog.stats(store.conn)["pages"]


def test_second_ingest_reports_everything_unchanged(corpus_home):
    report = pipeline.ingest(corpus_home, [REAL.parent])
    assert not report.added and not report.updated and not report.duplicates
    assert len(report.unchanged) == 26 and not report.failed and report.ok
    assert {path for path, _ in report.failed_before} == {str(SCANNED), str(GARBLED)}  # not retried
    assert report.summary() == (
        "0 added, 0 updated, 26 unchanged (2 of them failed before and were not retried), 0 duplicates, 0 failed"
    )
    retried = pipeline.ingest(corpus_home, [REAL], retry_failed=True)
    assert len(retried.failed) == 2 and len(retried.unchanged) == 9


def test_changed_file_replaces_its_old_version(home, small_folder):
    target = small_folder / "002_47a36f0c17e328dd.txt"
    first = pipeline.ingest(home, [small_folder])
    assert len(first.added) == 3 and first.ok
    with _store(home) as store:
        old_id = catalog.get_file(store.conn, str(target)).paper_id
        assert store.search('"strategic alliance"').total == 1
    target.write_text(target.read_text(encoding="utf-8") + "\n\nAddendum: the zeppelin hangar was discussed.\n")
    second = pipeline.ingest(home, [small_folder])
    assert second.updated == [str(target)] and len(second.unchanged) == 2
    with _store(home) as store:
        new_id = catalog.get_file(store.conn, str(target)).paper_id
        assert new_id != old_id
        assert catalog.paper(store.conn, old_id) is None
        assert store.search("zeppelin").total == 1
        assert [h.paper_id for h in store.search('"strategic alliance"').hits] == [new_id]
        assert len(catalog.papers(store.conn)) == 3


def test_prune_removes_papers_whose_files_are_gone(home, small_folder):
    pipeline.ingest(home, [small_folder])
    (small_folder / "002_47a36f0c17e328dd.txt").unlink()
    kept = pipeline.ingest(home, [small_folder])
    with _store(home) as store:
        assert len(catalog.papers(store.conn)) == 3  # without --prune nothing is removed
    assert not kept.pruned
    report = pipeline.ingest(home, [small_folder], prune=True)
    assert report.pruned == [str(small_folder / "002_47a36f0c17e328dd.txt")]
    with _store(home) as store:
        assert len(catalog.papers(store.conn)) == 2
        assert store.search('"strategic alliance"').total == 0


def test_duplicates_are_reported_not_failed(home, small_folder):
    shutil.copy(small_folder / "002_47a36f0c17e328dd.txt", small_folder / "copy-of-002.txt")
    report = pipeline.ingest(home, [small_folder])
    assert len(report.added) == 3 and not report.failed
    assert report.duplicates == [
        (str(small_folder / "copy-of-002.txt"), str(small_folder / "002_47a36f0c17e328dd.txt"))
    ]
    again = pipeline.ingest(home, [small_folder])
    assert len(again.unchanged) == 4 and not again.duplicates


def test_bad_files_fail_with_reasons_and_the_batch_carries_on(home, small_folder):
    for name in ("truncated.pdf", "zero_bytes.pdf", "png_named.pdf", "encrypted_password.pdf", "junk.html"):
        shutil.copy(BROKEN / name, small_folder / name)
    report = pipeline.ingest(home, [small_folder, small_folder / "missing.pdf"])
    assert len(report.added) == 3
    reasons = dict(report.failed)
    assert len(reasons) == 6
    assert reasons[str(small_folder / "missing.pdf")].startswith("file not found")
    assert reasons[str(small_folder / "png_named.pdf")] == "not really a PDF: the file is a PNG image"
    stored = {row.path: row.reason for row in pipeline.failures(home)}
    assert stored == reasons


def test_metadata_from_options_and_sidecar(home, small_folder):
    paper = small_folder / "003_8f16a2afca2d7165.pdf"
    (small_folder / (paper.name + ".meta.json")).write_text(json.dumps({"committee": "Audit Committee"}))
    overrides = pipeline.parse_meta(["councils=Derby City Council; Test Borough Council", "date=2019-01-08"])
    pipeline.ingest(home, [small_folder], overrides=overrides)
    with _store(home) as store:
        row = catalog.paper(store.conn, catalog.get_file(store.conn, str(paper)).paper_id)
    assert row.committee == "Audit Committee"
    assert row.councils == ("Derby City Council", "Test Borough Council")
    assert row.date == "2019-01-08"


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        pytest.param(["colour=red"], "unknown metadata key 'colour'", id="unknown-key"),
        pytest.param(["doc_type=memo"], "doc_type 'memo' is not one of", id="bad-type"),
        pytest.param(["date=13/03/2025"], "date '13/03/2025' is not an ISO date", id="bad-date"),
        pytest.param(["committee"], "metadata 'committee' is not key=value", id="no-equals"),
    ],
)
def test_bad_metadata_is_rejected(pairs, message):
    with pytest.raises(ValueError, match=message):
        pipeline.parse_meta(pairs)


def test_discover_walks_folders_and_skips_hidden_and_sidecars(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a" / "x.pdf.meta.json").write_text("{}")
    (tmp_path / "a" / "notes.tsv").write_text("x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "y.html").write_text("<html></html>")
    (tmp_path / "b.HTM").write_text("<html></html>")
    assert pipeline.discover([tmp_path]) == [tmp_path / "a" / "x.pdf", tmp_path / "b.HTM"]
