"""search.analysis snippets: highlighting original word forms in the best window."""

import re

from search.analysis import expand_query, highlight, query_terms

# Highlighting ----------------------------------------------------------------------


def test_highlight_marks_original_forms_and_escapes():
    text = "<script>alert(1)</script> Итоги диагностики & построение ИОМ педагогов."
    snippet = highlight(text, query_terms(expand_query("диагностика иом")))
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>диагностики</mark>" in snippet
    assert "<mark>ИОМ</mark>" in snippet
    assert "&amp;" in snippet


def test_highlight_picks_the_best_window():
    filler = "Текст без совпадений. " * 40
    text = (
        "Диагностика в начале. "
        + filler
        + "Проведение диагностики педагогов и построение ИОМ. "
        + filler
    )
    snippet = highlight(text, expand_query("диагностика ИОМ"), max_len=120)
    assert "<mark>диагностики</mark>" in snippet and "<mark>ИОМ</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(re.sub(r"</?mark>|…", "", snippet)) <= 122


def test_highlight_variants():
    assert (
        highlight("Семинар для учителей", ["семинар*"])
        == "<mark>Семинар</mark> для учителей"
    )
    assert (
        highlight("Технология Р2Р", expand_query("P2P"))
        == "Технология <mark>Р2Р</mark>"
    )
    assert highlight("Ёлка", ["елк"]) == "<mark>Ёлка</mark>"
    assert highlight("учи\u00adтель", ["учител"]) == "<mark>учи\u00adтель</mark>"
    long = "слово " * 100
    assert highlight(long, ["нет"], max_len=30).endswith("…")
    assert len(highlight(long, ["нет"], max_len=30)) <= 31
    assert highlight("", ["x"]) == ""
