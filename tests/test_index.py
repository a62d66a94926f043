"""Catalog and index: the index is derived, rebuilt on a schema change; the writer commits or cancels."""

from __future__ import annotations

import pytest

import pipeline
from index import Store, catalog
from index.findings import normalise_fiscal_year
from index.schema import SCHEMA_VERSION
from index.writer import needs_rebuild, open_writer


def test_schema_version_change_rebuilds_the_index_from_the_catalog(home, small_folder):
    pipeline.ingest(home, [small_folder])
    assert not needs_rebuild(home.index_dir)
    (home.index_dir / "SCHEMA_VERSION").write_text(f"{SCHEMA_VERSION - 1}\n")
    assert needs_rebuild(home.index_dir)
    with Store(home.catalog_path, home.index_dir) as store:
        assert store.search('"strategic alliance"').total == 1  # rebuilt on open
    assert not needs_rebuild(home.index_dir)


def test_missing_index_is_rebuilt(home, small_folder):
    pipeline.ingest(home, [small_folder])
    for path in home.index_dir.iterdir():
        path.unlink()
    with Store(home.catalog_path, home.index_dir) as store:
        assert store.search("*").total == 3


def test_writer_cancels_on_error_and_keeps_the_old_state(home, small_folder):
    pipeline.ingest(home, [small_folder])
    with Store(home.catalog_path, home.index_dir) as store:
        paper = catalog.papers(store.conn)[0]
        with pytest.raises(RuntimeError), open_writer(store.ix) as writer:
            writer.delete_paper(paper.id)
            raise RuntimeError("boom")
        assert store.search("*").total == 3


def test_paper_not_marked_indexed_is_hidden_and_redone(home, small_folder):
    pipeline.ingest(home, [small_folder])
    with Store(home.catalog_path, home.index_dir) as store:
        store.conn.execute("UPDATE papers SET indexed = 0 WHERE path LIKE '%002_%'")
        assert store.search("*").total == 2  # half-ingested papers do not show
    report = pipeline.ingest(home, [small_folder])
    assert len(report.added) == 1 and len(report.unchanged) == 2
    with Store(home.catalog_path, home.index_dir) as store:
        assert store.search("*").total == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2015/16", "2015/16", id="slash"),
        pytest.param("2015-16", "2015/16", id="hyphen"),
        pytest.param("2015/2016", "2015/16", id="long"),
        pytest.param(" 2024–25 ", "2024/25", id="en-dash"),
    ],
)
def test_normalise_fiscal_year(text, expected):
    assert normalise_fiscal_year(text) == expected


def test_searching_an_empty_index(home):
    with Store(home.catalog_path, home.index_dir) as store:
        assert store.search("*").total == 0
        assert store.findings() == []


def test_a_catalog_of_another_layout_is_refused_clearly(tmp_path):
    import sqlite3

    path = tmp_path / "catalog.sqlite"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        old.execute("INSERT INTO settings VALUES ('catalog_version', '1')")
    with pytest.raises(catalog.CatalogVersionError, match="made by another version of minutebook"):
        catalog.connect(path)
