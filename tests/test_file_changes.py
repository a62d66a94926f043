"""Files that change, swap, duplicate, fail and vanish: the catalog and index follow without orphans."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import SEED

import pipeline
from index import Store, catalog
from index.check import check
from index.writer import IndexWriter

A = SEED / "000_b4d980f979710afc.txt"  # mentions "Thacker"
B = SEED / "002_47a36f0c17e328dd.txt"  # mentions "Tomlinson"


@pytest.fixture()
def folder(tmp_path):
    path = tmp_path / "in"
    path.mkdir()
    shutil.copy(A, path / "a.txt")
    shutil.copy(B, path / "b.txt")
    return path


def _state(home):
    """{path name: words that find it}, plus a consistency check."""
    with Store(home.catalog_path, home.index_dir) as store:
        assert check(store).ok
        papers = catalog.papers(store.conn)
        assert len({p.path for p in papers}) == len(papers)
        found = {}
        for word in ("Thacker", "Tomlinson"):
            for hit in store.search(word).hits:
                found.setdefault(hit.path.rsplit("/", 1)[1], set()).add(word)
        return found, len(papers)


def test_file_replaced_by_a_copy_of_another_paper_drops_its_old_paper(home, folder):
    pipeline.ingest(home, [folder])
    shutil.copy(folder / "b.txt", folder / "a.txt")
    report = pipeline.ingest(home, [folder])
    assert [p.rsplit("/", 1)[1] for p, _ in report.duplicates] == ["a.txt"]
    assert _state(home) == ({"b.txt": {"Tomlinson"}}, 1)


def test_swapped_contents_keep_right_paths(home, folder):
    pipeline.ingest(home, [folder])
    (folder / "a.txt").write_bytes(B.read_bytes())
    (folder / "b.txt").write_bytes(A.read_bytes())
    report = pipeline.ingest(home, [folder])
    assert not report.duplicates and len(report.updated) == 2
    assert _state(home) == ({"a.txt": {"Tomlinson"}, "b.txt": {"Thacker"}}, 2)


def test_changed_original_hands_its_paper_to_the_duplicate(home, folder):
    shutil.copy(folder / "a.txt", folder / "c.txt")
    pipeline.ingest(home, [folder])
    (folder / "a.txt").write_text("Minutes about the zeppelin hangar.\n")
    pipeline.ingest(home, [folder])
    found, count = _state(home)
    assert found == {"b.txt": {"Tomlinson"}, "c.txt": {"Thacker"}} and count == 3
    with Store(home.catalog_path, home.index_dir) as store:
        assert catalog.get_file(store.conn, str(folder / "c.txt")).status == "ingested"


def test_pruning_an_original_and_its_duplicate_removes_the_paper(home, folder):
    shutil.copy(folder / "a.txt", folder / "c.txt")
    pipeline.ingest(home, [folder])
    (folder / "a.txt").unlink()
    (folder / "c.txt").unlink()
    report = pipeline.ingest(home, [folder], prune=True)
    assert len(report.pruned) == 2
    assert _state(home) == ({"b.txt": {"Tomlinson"}}, 1)


def test_changed_file_that_fails_keeps_its_old_version_until_pruned(home, folder):
    pipeline.ingest(home, [folder])
    (folder / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    report = pipeline.ingest(home, [folder])
    assert [r for _, r in report.failed] == ["not really a text paper: the file is a PNG image"]
    assert _state(home)[0]["a.txt"] == {"Thacker"}  # the last good version stays searchable
    again = pipeline.ingest(home, [folder])
    assert not again.failed and len(again.failed_before) == 1  # not retried while unchanged
    (folder / "a.txt").unlink()
    pipeline.ingest(home, [folder], prune=True)
    assert _state(home) == ({"b.txt": {"Tomlinson"}}, 1)


def test_vanished_file_keeps_its_paper_until_pruned(home, folder):
    pipeline.ingest(home, [folder])
    (folder / "a.txt").unlink()
    report = pipeline.ingest(home, [folder / "a.txt"])
    assert report.failed[0][1].startswith("file not found")
    assert _state(home)[1] == 2
    pipeline.ingest(home, [folder / "a.txt"], prune=True)
    assert _state(home) == ({"b.txt": {"Tomlinson"}}, 1)


def test_index_failure_after_the_catalog_commit_leaves_no_stale_records(home, folder, monkeypatch):
    pipeline.ingest(home, [folder])
    (folder / "a.txt").write_text("Minutes about the zeppelin hangar.\n")

    def broken(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(IndexWriter, "add_paper", broken)
    with pytest.raises(OSError, match="disk full"):
        pipeline.ingest(home, [folder])
    monkeypatch.undo()
    pipeline.ingest(home, [folder])
    found, count = _state(home)
    assert found == {"b.txt": {"Tomlinson"}} and count == 2
    with Store(home.catalog_path, home.index_dir) as store:
        rows = store.findings()
        assert len(rows) == len({r.id for r in rows}) == len(catalog.findings_of(store.conn))


def test_new_metadata_on_an_unchanged_file_is_applied(home, folder):
    pipeline.ingest(home, [folder])
    (folder / "b.txt.meta.json").write_text(json.dumps({"committee": "Audit Committee", "title": None}))
    report = pipeline.ingest(home, [folder])
    assert report.updated == [str(folder / "b.txt")] and len(report.unchanged) == 1
    with Store(home.catalog_path, home.index_dir) as store:
        paper = catalog.paper(store.conn, catalog.get_file(store.conn, str(folder / "b.txt")).paper_id)
    assert paper.committee == "Audit Committee" and paper.title != "None"


def test_the_same_folder_spelled_two_ways_is_one_set_of_files(home, folder):
    pipeline.ingest(home, [folder])
    report = pipeline.ingest(home, [folder / ".." / "in"])
    assert len(report.unchanged) == 2 and not report.duplicates


def test_check_reports_and_repairs_a_paper_no_file_stands_for(home, folder):
    pipeline.ingest(home, [folder])
    with Store(home.catalog_path, home.index_dir) as store:
        with store.conn:
            store.conn.execute("DELETE FROM files WHERE path = ?", (str(folder / "a.txt"),))
        report = check(store)
        assert len(report.orphaned) == 1 and not report.ok
        assert check(store, repair=True).dropped_papers == 1
        assert check(store).ok
        assert [h.path.rsplit("/", 1)[1] for h in store.search("*").hits] == ["b.txt"]
