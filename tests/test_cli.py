"""The command line: exact messages, exit statuses, JSON that parses, help and README for every command."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BROKEN, ROOT, SEED

from search_cli import main


@pytest.fixture(scope="module")
def run(corpus_home):
    runner = CliRunner()

    def invoke(*args: str, home: Path | None = None):
        return runner.invoke(main, ["--home", str(home or corpus_home.home), *args], catch_exceptions=False)

    return invoke


def test_search_json_has_hits_facets_and_page_numbered_snippets(run):
    result = run("search", "strategic alliance", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["total"] == 9 and len(data["hits"]) == 9
    assert set(data["facets"]) == {"council", "committee", "doc_type", "year"}
    assert sum(data["facets"]["doc_type"].values()) == 9
    for hit in data["hits"]:
        assert isinstance(hit["page"], int) and hit["page"] >= 1
        assert "[[" in hit["snippet"]
    assert {Path(h["path"]).stem for h in data["hits"]} == {
        "000_b4d980f979710afc",
        "002_47a36f0c17e328dd",
        "004_f7d74ed9afe85064",
    }


def test_search_text_output(run):
    result = run("search", '"root and branch"', "--limit", "1")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "3 paper(s) match '\"root and branch\"' (showing 1-1)"
    assert any(re.match(r"   .*001_7b54d2a5292e08df\.\w+  page \d+  id [0-9a-f]{12}$", line) for line in lines)
    assert "Facets:" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["NOT NOT NOT"],
            "Error: cannot parse query 'NOT NOT NOT': check the placement of AND/OR/NOT, quotes, brackets and ranges",
            id="repeated-not",
        ),
        pytest.param(["AND"], "Error: query 'AND' has no searchable words (only stop words or punctuation?)", id="and"),
        pytest.param(["x" * 10_000], "Error: query too long: 10,000 characters (limit 1,000)", id="too-long"),
        pytest.param(
            ["budget", "--council", "Atlantis"], "Error: no council matches 'Atlantis'; known: ", id="council"
        ),
    ],
)
def test_bad_searches_exit_2_with_one_line(run, args, message):
    result = run("search", *args)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert len(result.output.strip().splitlines()) == 1


def test_bad_date_option_is_a_usage_error(run):
    result = run("search", "budget", "--from", "last tuesday")
    assert result.exit_code == 2
    assert "'last tuesday' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD" in result.output


def test_commands_without_a_catalog_say_what_to_do(tmp_path):
    result = CliRunner().invoke(main, ["--home", str(tmp_path / "nothing"), "search", "budget"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no catalog at {tmp_path / 'nothing' / 'catalog.sqlite'}: "
        "run 'minutebook ingest PATH' first (or set --home)\n"
    )


def test_ingest_reports_and_exits_1_on_failure(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED / "002_47a36f0c17e328dd.txt", folder)
    shutil.copy(BROKEN / "truncated.pdf", folder)
    home = tmp_path / "home"
    runner = CliRunner()
    result = runner.invoke(main, ["--home", str(home), "ingest", str(folder), "--workers", "1"])
    assert result.exit_code == 1
    assert (
        f"failed: {folder / 'truncated.pdf'}: truncated PDF: file ends before the end-of-file marker" in result.output
    )
    assert "1 added, 0 updated, 0 unchanged, 0 duplicates, 1 failed" in result.output
    failures = runner.invoke(main, ["--home", str(home), "failures"])
    assert failures.exit_code == 0
    assert failures.output.splitlines()[0] == str(folder / "truncated.pdf")
    assert failures.output.splitlines()[-1] == "1 failed file(s)."
    shutil.copy(BROKEN / "truncated.pdf", tmp_path)
    (folder / "truncated.pdf").unlink()
    again = runner.invoke(main, ["--home", str(home), "ingest", str(folder), "--prune"])
    assert again.exit_code == 0
    assert "0 added, 0 updated, 1 unchanged, 0 duplicates, 0 failed, 1 pruned" in again.output
    assert runner.invoke(main, ["--home", str(home), "failures"]).output == "No failures.\n"


def test_unwritable_output_is_a_one_line_error(run, tmp_path):
    target = tmp_path / "missing" / "x.csv"
    result = run("findings", "--format", "csv", "--output", str(target))
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {target}: No such file or directory\n"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        pytest.param(
            "MINUTEBOOK_TIMEOUT", "-1", "Error: timeout must be 0 (none) or more seconds, not -1", id="timeout"
        ),
        pytest.param("MINUTEBOOK_WORKERS", "0", "Error: workers must be at least 1, not 0", id="workers"),
        pytest.param("MINUTEBOOK_MAX_PAGES", "many", "Error: MINUTEBOOK_MAX_PAGES='many' is not valid", id="pages"),
    ],
)
def test_bad_settings_are_usage_errors(tmp_path, variable, value, message):
    result = CliRunner().invoke(main, ["--home", str(tmp_path), "stats"], env={variable: value})
    assert result.exit_code == 2 and result.output.startswith(message)


def test_bad_meta_option_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["--home", str(tmp_path), "ingest", str(SEED), "--meta", "colour=red"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: unknown metadata key 'colour'")


def test_show_stats_reindex(run):
    paper_id = json.loads(run("search", "Seashells", "--json").output)["hits"][0]["paper_id"]
    shown = run("show", paper_id[:10])
    assert shown.exit_code == 0
    assert f"id:        {paper_id}" in shown.output
    assert "--- page 17 ---" in shown.output
    assert run("show", "ffffffffffff").exit_code == 1
    stats = json.loads(run("stats", "--json").output)
    assert stats["papers"] == 24 and stats["failed_files"] == 2
    before = run("search", "budget", "--json").output
    assert run("reindex").output == "Reindexed 24 paper(s).\n"
    assert json.loads(run("search", "budget", "--json").output)["total"] == json.loads(before)["total"]


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runner = CliRunner()
    for path, command in _commands(main):
        assert command.help, f"{' '.join(path)} has no help text"
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
        assert f"minutebook {' '.join(path)}" in readme, f"README does not document 'minutebook {' '.join(path)}'"


def test_hostile_queries_from_the_command_line_search_or_exit_2(run):
    from test_search import HOSTILE

    for text in [*HOSTILE, "x" * 10_000, "date:2020", "a:b:c"]:
        result = run("search", text)
        assert result.exit_code in (0, 2), (text, result.output)
        if result.exit_code == 2:
            assert result.output.startswith("Error: ") and result.output.count("\n") == 1, text
        else:
            assert "paper(s) match" in result.output


def test_extract_prints_the_gold_schema_keys_without_ingesting(tmp_path):
    from conftest import GARBLED

    runner = CliRunner()
    result = runner.invoke(main, ["--home", str(tmp_path), "extract", str(SEED / "002_47a36f0c17e328dd.txt")])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"meta", "money", "dates", "recommendations", "resolutions"}
    assert data["money"][0]["text"] == "£1.5m" and data["money"][0]["savings"] is True
    assert not (tmp_path / "catalog.sqlite").exists()
    bad = runner.invoke(main, ["--home", str(tmp_path), "extract", str(GARBLED)])
    assert bad.exit_code == 1 and bad.output.startswith(f"Error: {GARBLED}: unreadable text layer")
