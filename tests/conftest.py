"""Shared fixtures: paths to the corpus and a catalog built once from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from config import Config

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REAL = CORPUS / "real"
SEED = CORPUS / "seed"
RENDERED = CORPUS / "rendered"
BROKEN = ROOT / "tests" / "fixtures" / "broken"
SCANNED = REAL / "dclg_letter_five_year_land_supply_2014-05_SCANNED.pdf"
GARBLED = REAL / "horsley_pc_agenda_2014-04-29_GARBLED_TEXTLAYER.pdf"


@pytest.fixture(scope="session")
def corpus_home(tmp_path_factory) -> Config:
    """A catalog and index holding the whole corpus, ingested once per test session with two workers."""
    import pipeline

    config = Config.from_env(env={}, home=tmp_path_factory.mktemp("home"), workers=2)
    report = pipeline.ingest(config, [CORPUS])
    assert len(report.failed) == 2, report.failed
    return config


@pytest.fixture()
def small_folder(tmp_path) -> Path:
    """A writable folder with three real papers of different formats."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for source in (
        SEED / "002_47a36f0c17e328dd.txt",
        REAL / "stokeferry_pc_minutes_2020-12_meeting.html",
        RENDERED / "003_8f16a2afca2d7165.pdf",
    ):
        shutil.copy(source, folder / source.name)
    return folder


@pytest.fixture()
def home(tmp_path) -> Config:
    """An empty data home, one worker."""
    return Config.from_env(env={}, home=tmp_path / "home", workers=1)
