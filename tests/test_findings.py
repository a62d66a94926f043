"""Stored findings: filters, facets and exports through the CLI, on the ingested corpus."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from index import FindingFilters, Store, catalog
from index.findings import finding_facets
from search_cli import main


@pytest.fixture(scope="module")
def store(corpus_home):
    with Store(corpus_home.catalog_path, corpus_home.index_dir) as opened:
        yield opened


@pytest.fixture(scope="module")
def run(corpus_home):
    def invoke(*args: str):
        return CliRunner().invoke(main, ["--home", str(corpus_home.home), *args], catch_exceptions=False)

    return invoke


def test_every_stored_finding_is_indexed_once(store):
    hits = store.findings()
    assert len(hits) == len({h.id for h in hits}) == len(catalog.findings_of(store.conn)) > 500


def test_money_filters(store):
    big = store.findings(filters=FindingFilters(kinds=("money",), savings=True, min_amount=10_000_000))
    assert big and all(h.kind == "money" and h.data["savings"] and h.data["value"] >= 10_000_000 for h in big)
    small = store.findings(filters=FindingFilters(kinds=("money",), max_amount=100))
    assert small and all(h.data["value"] <= 100 for h in small)
    year = store.findings(filters=FindingFilters(fiscal_years=("2024/25",)))
    assert year and all(h.data["fiscal_year"].replace("-", "/") == "2024/25" for h in year)
    assert store.findings(filters=FindingFilters(fiscal_years=("2024-2025",))) == year


def test_recommendation_filters_and_facets(store):
    recs = store.findings(filters=FindingFilters(refs=("CS&TSc17/18 2.3",)))
    assert {h.kind for h in recs} == {"recommendation"} and len(recs) == 3  # the text, PDF and HTML copies
    officers = store.findings(filters=FindingFilters(lead_officers=("strategic director",)))
    assert officers and all("Strategic Director" in h.data["lead_officer"] for h in officers)
    facets = finding_facets(officers)
    assert facets["kind"] == {"recommendation": len(officers)}
    assert sum(facets["lead_officer"].values()) == len(officers)


def test_query_searches_finding_text(store):
    hits = store.findings("overspend", filters=FindingFilters(kinds=("resolution",)))
    assert hits and all("overspend" in h.text.lower() for h in hits)


def test_findings_csv_and_json_parse(run):
    rows = list(csv.DictReader(io.StringIO(run("findings", "--kind", "money", "--format", "csv").output)))
    assert rows and set(rows[0]) >= {"kind", "text", "value", "savings", "fiscal_year", "paper", "page", "path"}
    data = json.loads(run("findings", "--kind", "resolution", "--format", "json", "--limit", "5").output)
    assert len(data) == 5 and all(d["kind"] == "resolution" and d["text"] for d in data)


def test_recommendations_export_xlsx(run, tmp_path):
    target = tmp_path / "recs.xlsx"
    result = run("recommendations", "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 0 and result.output.startswith("Wrote ")
    sheet = load_workbook(target)["recommendations"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["ref", "text", "desired_outcome", "target_date", "lead_officer"]
    assert "paper" in header and "page" in header and sheet.max_row > 10


def test_findings_table_prints_facets(run):
    result = run("findings", "--kind", "money", "--savings", "--limit", "2")
    assert result.exit_code == 0
    assert "finding(s). Facets:" in result.output and "  savings: saving (" in result.output


def test_xlsx_needs_an_output_file(run):
    result = run("findings", "--format", "xlsx")
    assert result.exit_code == 2 and result.output == "Error: --format xlsx needs --output FILE.xlsx\n"
