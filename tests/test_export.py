"""Exports: CSV and JSON parse back, XLSX opens with a header row, the table wraps."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

from index.export import columns_of, to_csv, to_json, to_table, write_xlsx

ROWS = [
    {
        "ref": "2.1",
        "text": "That the Committee review the Strategic Alliance " * 4,
        "value": 1500000.0,
        "savings": True,
    },
    {"ref": "2.2", "text": "Defer the programme", "value": None, "status": "Green"},
]


def test_columns_keep_preferred_order_then_the_rest():
    assert columns_of(ROWS, ["text", "ref", "missing"]) == ["text", "ref", "value", "savings", "status"]


def test_csv_round_trips():
    columns = columns_of(ROWS)
    back = list(csv.DictReader(io.StringIO(to_csv(ROWS, columns))))
    assert back[0]["ref"] == "2.1" and back[0]["value"] == "1500000.0" and back[1]["status"] == "Green"
    assert back[1]["value"] == ""


def test_json_round_trips():
    assert json.loads(to_json(ROWS, ["ref", "status"])) == [
        {"ref": "2.1", "status": None},
        {"ref": "2.2", "status": "Green"},
    ]


def test_table_wraps_long_cells_and_formats_amounts():
    table = to_table(ROWS, ["ref", "text", "value", "savings"], width=30, narrow=12)
    lines = table.splitlines()
    assert lines[0].split() == ["ref", "text", "value", "savings"]
    assert "1,500,000" in lines[2] and "yes" in lines[2]
    assert max(len(line) for line in lines) < 30 + 40
    assert to_table([], ["x"]) == "(no rows)"


def test_xlsx_opens_with_bold_frozen_header_and_widths(tmp_path):
    target = tmp_path / "recs.xlsx"
    write_xlsx(ROWS, columns_of(ROWS), target, sheet="recommendations")
    sheet = load_workbook(target)["recommendations"]
    assert [c.value for c in sheet[1]] == ["ref", "text", "value", "savings", "status"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet["C2"].value == 1500000 and sheet["D2"].value is True
    assert sheet.column_dimensions["B"].width == 60 and 10 <= sheet.column_dimensions["A"].width <= 12


def test_xlsx_drops_control_characters_excel_cannot_hold(tmp_path):
    target = tmp_path / "odd.xlsx"
    write_xlsx([{"text": "vertical\x0btab and \x1asub"}], ["text"], target)
    assert load_workbook(target).active["A2"].value == "vertical tab and  sub"
