"""Snippets: matched word forms marked, densest windows chosen, short pages whole."""

from __future__ import annotations

import pytest

from index.snippets import snippet, stem_pattern


@pytest.mark.parametrize(
    ("stems", "text", "marked"),
    [
        pytest.param(
            ["recommend"], "The recommendations were recommended.", ["recommendations", "recommended"], id="forms"
        ),
        pytest.param(["polici"], "A policy and two policies.", ["policy", "policies"], id="y-to-i"),
        pytest.param(["budget"], "Budgets, BUDGET and budgetary.", ["Budgets", "BUDGET", "budgetary"], id="case"),
        pytest.param(["alli"], "Tall allies ally.", ["allies", "ally"], id="word-start-only"),
    ],
)
def test_stem_pattern_marks_word_forms(stems, text, marked):
    assert [m.group(0) for m in stem_pattern(stems).finditer(text)] == marked


def test_snippet_picks_the_densest_windows_in_page_order():
    filler = "lorem ipsum dolor " * 40
    text = f"{filler} strategic once {filler} the strategic alliance and the alliance again {filler} alliance {filler}"
    result = snippet(text, stem_pattern(["strateg", "allianc"]), width=80, top=2)
    first, second = result.split(" … ")
    assert "[[strategic]] once" in first  # page order: the earlier window comes first
    assert "[[strategic]] [[alliance]] and the [[alliance]]" in second  # the densest window is kept


def test_snippet_without_matches_is_the_opening():
    assert snippet("Short page.", stem_pattern(["budget"])) == "Short page."
    assert snippet("word " * 100, None, width=20).endswith(" …")
