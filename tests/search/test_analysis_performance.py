"""search.analysis fast paths: long texts, and agreement with the reference scans."""

import random

from search.analysis import analyze, expand_query, query_terms

from .analysis_support import DOCS

# Performance -----------------------------------------------------------------------


def test_analyze_handles_a_long_text():
    text = (
        " ".join(DOCS.values())
        + " Педагоги проходят диагностику профессиональных дефицитов. "
    )
    text = (text * (200_000 // len(text) + 1))[:200_000]
    terms = analyze(text)
    assert len(terms) > 15_000
    assert terms[:4] == analyze(text[:2000])[:4]


def test_analyze_agrees_with_the_query_side_word_stream():
    """analyze() has a fast path; queries and snippets use iter_segments(): same terms."""
    from search.analysis.normalise import iter_segments
    from search.analysis.stemming import index_term

    rng = random.Random(3)
    pieces = ["ИОМ", "иома", "ЦНППМа", "РУМО", "НИУ", "ПЛАН", "РАБОТЫ", "Учитeль", "P2P", "ДО", "до",
              "273-ФЗ", "edu-SCRUM", "ёлка", "и", "методических", "Zооm", ".", "\n", ",", "«", "»", "—"]  # fmt: skip
    separators = [" ", " ", "", "\n", "  ", "\t", ". ", ".\n", "; ", "! ", "?"]
    for _ in range(600):
        text = ""
        for _ in range(rng.randint(1, 14)):
            text += rng.choice(pieces) + rng.choice(separators)
        expected = [
            term
            for words, shouting in iter_segments(text)
            for token, caps, _group in words
            if (term := index_term(token, caps, shouting))
        ]
        assert analyze(text) == expected, text


def test_highlight_spans_agree_with_the_word_by_word_scan():
    """_spans() locates matched words with str.find; the reference scans every word."""
    from search.analysis.highlight import (
        _ORIGINAL_WORD,
        _matched_term,
        _spans,
        _split_terms,
    )

    rng = random.Random(5)
    pieces = ["урок", "уроки", "Урок", "открытый", "открытых", "предурок", "урок2", "2урок",
              "у\u00adрок", "учи\u0301тель", "ИОМ", "иома", "Учитeль", "ёлка", "елки", "-", ",",
              "«урок»", "урокурок", "мастер-класс", "класс"]  # fmt: skip
    queries = [
        "урок",
        "открытый урок",
        "учитель",
        "ИОМ",
        "елка",
        "мастер-класс",
        "кла*",
    ]
    for _ in range(400):
        text = "".join(
            rng.choice(pieces) + rng.choice([" ", "", ". ", "\n"]) for _ in range(12)
        )
        exact, prefixes = _split_terms(query_terms(expand_query(rng.choice(queries))))
        reference = [
            (m.start(), m.end(), hit)
            for m in _ORIGINAL_WORD.finditer(text)
            if (hit := _matched_term(m.group(), exact, prefixes)) is not None
        ]
        assert _spans(text, exact, prefixes) == reference, text
