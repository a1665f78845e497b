"""search.analysis: normalisation, stemming, acronyms, synonyms, FTS syntax, typos, snippets.

Plain pytest, no database: FTS5 expressions run against an in-memory SQLite table.
"""

import pickle
import random
import re
import sqlite3

import pytest

from search.analysis import (
    DEFAULT_SYNONYM_GROUPS,
    Alternative,
    Clause,
    Query,
    SynonymSet,
    TypoCorrector,
    analyze,
    analyze_query,
    correct_query,
    damerau_levenshtein,
    describe,
    expand_query,
    fold_word,
    highlight,
    normalise,
    query_terms,
    to_fts5,
    to_tsquery,
    tokenize,
)

SYNONYMS = SynonymSet(DEFAULT_SYNONYM_GROUPS)


# Normalisation -------------------------------------------------------------------


def test_normalise_folds_case_yo_width_and_invisible_characters():
    assert normalise("ЁЛКА Семёнов") == "елка семенов"
    assert normalise("ＦＧＯＳ ｅｄｕ") == "fgos edu"  # full-width Latin stays Latin
    assert normalise("учи\u00adтель пе\u200bда\u200dгог\ufeff") == "учитель педагог"
    assert normalise("учи́тель") == "учитель"  # stress mark
    assert normalise("«Учитель года» „тест“ ‘x’") == '"учитель года" "тест" \'x\''
    assert normalise("2020–2021 — итоги") == "2020-2021 - итоги"
    assert normalise("№3273-р") == "3273-р"  # NFKC alone would give "No3273"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("P2P", "Р2Р"),  # Latin P vs Cyrillic Р
        ("p2p", "р2р"),
        ("ЦHППM", "ЦНППМ"),  # Latin H and M inside a Cyrillic word
        ("Учитeль года", "Учитель года"),  # Latin e
        ("OO", "ОО"),  # Latin-only word whose Cyrillic reading is a known acronym
        ("формат A4", "формат А4"),
        ("Zооm", "Zoom"),  # Cyrillic о inside an English word
        ("ёлка", "елка"),
        ("Семёнов", "Семенов"),
    ],
)
def test_equivalent_spellings_give_the_same_tokens(a, b):
    assert tokenize(a) == tokenize(b)
    assert analyze(a) == analyze(b)


def test_latin_words_stay_latin():
    assert tokenize("online Zoom edu-SCRUM TOP") == [
        "online",
        "zoom",
        "edu",
        "scrum",
        "top",
    ]
    assert fold_word("Windows") == "Windows"
    # Cyrillic е, а in a word with non-foldable Latin
    assert fold_word("iPhonеа") == "iPhonea"
    assert fold_word("Wордпресс") == "Wордпресс"  # neither side foldable: left alone


def test_tokenize_splits_compounds_into_parts():
    assert tokenize("№ 273-ФЗ, распоряжение №3273-р") == [
        "273",
        "фз",
        "распоряжение",
        "3273",
        "р",
    ]
    assert tokenize("10.12.2020№1013") == ["10", "12", "2020", "1013"]
    assert tokenize("тьютор-методист edu-SCRUM 2023/2024") == [
        "тьютор",
        "методист",
        "edu",
        "scrum",
        "2023",
        "2024",
    ]
    assert tokenize("Конец. Начало") == ["конец", "начало"]
    assert tokenize("a_b") == ["a", "b"]
    assert tokenize("x" * 61 + " ok") == ["ok"]  # junk runs dropped


# Stemming, acronyms, stop words ----------------------------------------------------


def test_morphology():
    assert analyze("методических объединений") == analyze("методическое объединение")
    assert analyze("наставничестве") == analyze("наставничество")
    assert analyze("онлайн-семинары") == analyze("онлайн семинар")


def test_english_words_use_the_english_stemmer():
    assert analyze("running online") == analyze("run online")


def test_acronyms_are_not_stemmed():
    assert analyze("ИОМ") == ["иом"]  # Snowball alone says "и"
    assert analyze("иом") == ["иом"]
    assert analyze("Иом педагога") == ["иом", "педагог"]
    assert analyze("ОО и МО") == ["оо", "мо"]
    assert analyze("ЦНППМ ЦНППМа ИОМов ФГОСа") == ["цнппм", "цнппм", "иом", "фгос"]
    assert analyze("цнппма") == ["цнппм"]
    assert analyze("мое") == []  # a stop word, not "МО" + ending


def test_unknown_capitalised_words_are_kept_whole_outside_headings():
    assert analyze("Совещание НИУ") == ["совещан", "ниу"]
    # A shouting heading: capitals say nothing there.
    assert analyze("ПЛАН РАБОТЫ НА 2024 ГОД") == analyze("план работы на 2024 год")
    assert analyze("СЕМИНАР") == analyze("семинар")


def test_stop_words():
    assert analyze("и в на по для что это") == ["эт"]
    assert analyze("до 2025 года") == ["2025", "год"]
    # capitals: acronyms
    assert analyze("Программы ДО и ВО") == [
        "программ",
        "до",
        "во",
    ]


# Queries and synonyms -----------------------------------------------------------


def test_analyze_query_lists_alternatives_per_clause():
    assert analyze_query("ИОМ педагогов") == [["иом"], ["педагог"]]
    assert analyze_query("ИОМ педагогов", SYNONYMS) == [
        ["иом", "индивидуальн образовательн маршрут"],
        ["педагог"],
    ]
    assert analyze_query("и в на") == []
    assert expand_query("и в на").is_empty


def test_query_words_also_match_whole_capitalised_forms():
    # A document's "ФИПИ" is indexed whole, a lowercase "фипи" stemmed: a query asks both.
    assert analyze("ФИПИ") == ["фипи"] and analyze("фипи") == ["фип"]
    assert analyze_query("фипи") == [["фип", "фипи"]]
    # the form this text would be indexed as first
    assert analyze_query("ФИПИ") == [["фипи", "фип"]]
    assert analyze_query("задачи") == [["задач"]]  # 6 letters: never kept whole


def test_multi_word_synonyms_expand_both_ways():
    clause = expand_query("индивидуальных образовательных маршрутов", SYNONYMS).clauses[
        0
    ]
    assert clause.kind == "synonym"
    assert clause.alternatives[0] == Alternative(
        ("индивидуальн", "образовательн", "маршрут"), phrase=True
    )
    assert Alternative(("иом",)) in clause.alternatives

    fr = expand_query("ФР ДПП", SYNONYMS).clauses
    assert len(fr) == 1  # the longest phrase wins over "ДПП" alone
    assert {" ".join(a.terms) for a in fr[0].alternatives} == {
        "фр дпп",
        "фроп дппо",
        "фр дппо",
        "федеральн реестр",
    }

    tutor = expand_query("тьютор-методист", SYNONYMS).clauses[0]
    assert {a.terms for a in tutor.alternatives} == {
        ("тьютор", "методист"),
        ("методист", "тьютор"),
    }

    pk = analyze_query("курсы повышения квалификации", SYNONYMS)
    # "КУРСЫ" is indexed whole
    assert pk == [
        ["курс", "курсы"],
        ["повышен квалификац", "пк"],
    ]
    assert ["пп", "профессиональн переподготовк"] in analyze_query("ПП", SYNONYMS)
    assert (
        "центр непрерывн повышен профессиональн мастерств"
        in analyze_query("ЦНППМПР", SYNONYMS)[0]
    )
    assert "цнппм" in analyze_query("ЦHППM", SYNONYMS)[0]  # mixed script, then synonyms


def test_synonym_set_parsing_merging_and_pickling():
    synonyms = SynonymSet.parse(
        "ИОМ; индивидуальный маршрут\nмаршрут = траектория\nи, в\n"
    )
    assert len(synonyms) == 2  # "и, в" is only stop words
    assert Alternative(("индивидуальн", "маршрут"), phrase=True) in synonyms.expand(
        "иом"
    )
    restored = pickle.loads(pickle.dumps(synonyms))
    assert restored.expand("траектория") == synonyms.expand("траектория")
    merged = SynonymSet([["ПК", "курсы"], ["ПК", "повышение квалификации"]])
    assert {a.terms for a in merged.expand("пк")} == {
        ("пк",),
        ("курс",),
        ("курсы",),
        ("повышен", "квалификац"),
    }
    assert SYNONYMS.index_terms(analyze("Построение ИОМ")) == [
        "индивидуальн",
        "образовательн",
        "маршрут",
    ]


def test_prefix_queries_for_search_as_you_type():
    assert to_fts5(expand_query("Семин", prefix_last=True)) == '"семин"*'
    assert to_fts5(expand_query("учителя", prefix_last=True)) == '"учител"*'
    assert to_fts5(expand_query("учите", prefix_last=True)) == '"учите"*'  # not "уч"*
    assert (
        to_fts5(expand_query("поддержка по", prefix_last=True))
        == '"поддержк" AND "по"*'
    )
    assert to_fts5(expand_query("поддержка по ", prefix_last=True)) == '"поддержк"'
    assert to_fts5(expand_query("методическое о", prefix_last=True)) == '"методическ"'
    assert (
        to_tsquery(expand_query("тьютор-мет", prefix_last=True))
        == "('тьютор' <-> 'мет':*)"
    )


def test_query_terms_and_describe():
    query = expand_query("ИОМ молодых педагогов", SYNONYMS)
    assert query_terms(query, first_only=True) == ["иом", "молод", "педагог"]
    assert {"иом", "индивидуальн", "маршрут", "педагог"} <= set(query_terms(query))
    assert describe(query) == "иом молодых педагогов"


# FTS5 and tsquery --------------------------------------------------------------------

DOCS = {
    1: "Методическое объединение учителей математики",
    2: "Построение ИОМ педагога по итогам диагностики",
    3: "Индивидуальный образовательный маршрут молодого специалиста",
    4: "Технология Р2Р (равный равному) в школе",  # Cyrillic Р
    5: "Ёлка в Семёновском районе",
    6: "Приказ № 273-ФЗ «Об образовании»",
    7: "Тьютор-методист ЦНППМПР",
    8: "Совещание НИУ и ЦНППМа",
    9: "ПЛАН РАБОТЫ ГОРОДСКОГО МО",
}


@pytest.fixture(scope="module")
def fts():
    connection = sqlite3.connect(":memory:")
    # The embedded engine's table definition (search/engines/embedded_sql.py).
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = \"unicode61 remove_diacritics 0 tokenchars '-'\")"
    )
    for key, text in DOCS.items():
        connection.execute(
            "INSERT INTO docs(rowid, title, body) VALUES (?, ?, '')",
            (key, " ".join(analyze(text))),
        )
    yield connection
    connection.close()


def found(fts, text, synonyms=SYNONYMS, prefix=False):
    expression = to_fts5(expand_query(text, synonyms, prefix_last=prefix))
    if not expression:
        return set()
    return {
        row[0]
        for row in fts.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ?", (expression,)
        )
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("методических объединений", {1, 9}),  # and "МО" (synonym)
        ("иом", {2, 3}),  # lowercase acronym + synonym
        ("ИОМ", {2, 3}),
        ("индивидуальные образовательные маршруты", {2, 3}),
        ("P2P", {4}),  # Latin query, Cyrillic document
        ("равный равному", {4}),
        ("елка", {5}),
        ("семеновском", {5}),
        ("273-ФЗ", {6}),
        ("273 фз", {6}),
        ("методист-тьютор", {7}),
        ("ЦНППМ", {7, 8}),
        ("ниу", {8}),
        ("НИУ", {8}),
        ("план работы", {9}),
        ("методическое объединение", {1, 9}),  # МО ≈ методическое объединение
        ("СЕМИНАР", set()),
    ],
)
def test_fts5_search(fts, query, expected):
    assert found(fts, query) == expected


def test_fts5_prefix_search(fts):
    assert found(fts, "Постро", prefix=True) == {2}
    assert found(fts, "методич", prefix=True) == {1}


HOSTILE = [
    '"',
    '""',
    "'",
    "(",
    ")",
    "())(",
    ":",
    "title:иом",
    "{title body}: x",
    "*",
    "иом*",
    "^иом",
    "NEAR(a b, 3)",
    "a AND OR NOT b",
    "a + b - c",
    "'; DROP TABLE docs; --",
    '"иом" OR "x',
    "\\",
    "\x00",
    "😀 漢字 ٣",
    "& | ! <-> :* ''",
    "-",
    "—",
    "…",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_fts5_never_fails_on_hostile_input(fts, text):
    for prefix in (False, True):
        expression = to_fts5(expand_query(text, SYNONYMS, prefix_last=prefix))
        if expression:
            fts.execute(
                "SELECT rowid FROM docs WHERE docs MATCH ?", (expression,)
            ).fetchall()
        assert_valid_tsquery(
            to_tsquery(expand_query(text, SYNONYMS, prefix_last=prefix))
        )


def test_fuzz_fts5_and_tsquery(fts):
    rng = random.Random(20240601)
    alphabet = (
        "\"'()[]{}:*^+-!&|<>~.,;\\/ \tNEARANDORNOTaeopxиомёЁР2Р0129«»—\u00ad\u200b"
    )
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        for prefix in (False, True):
            query = expand_query(text, SYNONYMS, prefix_last=prefix)
            expression = to_fts5(query)
            if expression:
                fts.execute(
                    "SELECT rowid FROM docs WHERE docs MATCH ?", (expression,)
                ).fetchall()
            assert_valid_tsquery(to_tsquery(query))


def test_syntax_quotes_terms_that_carry_syntax():
    query = Query(
        (Clause((Alternative(('a"b',)), Alternative(("it's", "x:y"), prefix=True))),)
    )
    assert to_fts5(query) == '("a b" OR ("it s" AND "x y"*))'
    assert to_tsquery(query) == "(('a' <-> 'b') | (('it' <-> 's') & ('x' <-> 'y':*)))"
    assert to_fts5(Query()) == to_tsquery(Query()) == to_fts5(None) == ""
    assert to_fts5(Query((Clause((Alternative(("(",)),)),))) == ""


def test_tsquery_shapes():
    query = expand_query("ИОМ педагогов", SYNONYMS)
    assert (
        to_tsquery(query)
        == "('иом' | ('индивидуальн' <-> 'образовательн' <-> 'маршрут')) & 'педагог'"
    )
    assert (
        to_fts5(query)
        == '("иом" OR "индивидуальн образовательн маршрут") AND "педагог"'
    )
    assert_valid_tsquery(to_tsquery(expand_query("учителя", prefix_last=True)))


_TS_TOKEN = re.compile(
    r"\s*(?:(?P<lexeme>'(?:[^'\\]|''|\\.)+'(?::\*)?)|(?P<op><->|[&|()]))"
)


def assert_valid_tsquery(text: str) -> None:
    """A small parser for the subset to_tsquery() emits: lexemes, & | <-> and parentheses."""
    if not text:
        return
    tokens, position = [], 0
    while position < len(text):
        match = _TS_TOKEN.match(text, position)
        assert match, f"bad tsquery at {position}: {text!r}"
        tokens.append(match.group("lexeme") or match.group("op"))
        position = match.end()

    def operand(i):
        if tokens[i] == "(":
            i = expression(i + 1)
            assert tokens[i] == ")", text
            return i + 1
        assert tokens[i].startswith("'"), text
        return i + 1

    def expression(i):
        i = operand(i)
        while i < len(tokens) and tokens[i] in ("&", "|", "<->"):
            i = operand(i + 1)
        return i

    assert expression(0) == len(tokens), text


# Typo tolerance ------------------------------------------------------------------


def test_damerau_levenshtein():
    assert damerau_levenshtein("семинар", "семинар") == 0
    assert damerau_levenshtein("семинар", "семнар") == 1
    assert damerau_levenshtein("семинар", "смеинар") == 1  # transposition
    assert damerau_levenshtein("семинар", "семинары") == 1
    assert damerau_levenshtein("ca", "abc") == 3  # optimal string alignment
    assert damerau_levenshtein("абвгдежз", "бвгдежзи", max_distance=1) == 2  # capped


def test_typo_corrector_distances():
    corrector = TypoCorrector(
        [
            "наставничеств",
            "настав",
            "семинар",
            "семинарист",
            "кот",
            "педагог",
            "педагог",
        ]
    )
    assert corrector.correct("наставнечеств") == ["наставничеств"]
    # 2 deletions, long word
    assert corrector.correct("наставнчств") == ["наставничеств"]
    assert corrector.correct("сменар") == []  # 2 edits, but too short for 2
    assert corrector.correct("семнар") == ["семинар"]
    assert corrector.correct("кит") == []  # shorter than 4: exact only
    assert corrector.correct("кот") == ["кот"]
    assert "педагог" in corrector and "педагоги" not in corrector
    assert corrector.frequency("педагог") == 2


def test_typo_corrector_orders_by_distance_then_frequency():
    corrector = TypoCorrector({"ученик": 1, "учение": 50, "ученый": 5})
    assert corrector.correct("учениа") == ["учение", "ученик"]  # both at 1: frequency
    # itself first; "ученый" is 2 away
    assert corrector.correct("ученик") == [
        "ученик",
        "учение",
    ]
    assert corrector.correct("ученик", limit=1) == ["ученик"]


def test_typo_corrector_matches_brute_force():
    rng = random.Random(7)
    letters = "абвгдеиклмнопрст"
    vocabulary = sorted(
        {
            "".join(rng.choice(letters) for _ in range(rng.randint(3, 12)))
            for _ in range(1500)
        }
    )
    by_length = {n: [v for v in vocabulary if len(v) == n] for n in range(1, 16)}
    corrector = TypoCorrector(vocabulary)
    for _ in range(120):
        word = list(rng.choice(vocabulary))
        for _ in range(rng.randint(1, 2)):
            i = rng.randrange(len(word))
            operation = rng.randrange(4)
            if operation == 0 and len(word) > 1:
                del word[i]
            elif operation == 1:
                word.insert(i, rng.choice(letters))
            elif operation == 2:
                word[i] = rng.choice(letters)
            elif i + 1 < len(word):
                word[i], word[i + 1] = word[i + 1], word[i]
        query = "".join(word)
        allowed = 2 if len(query) >= 8 else 1 if len(query) >= 4 else 0
        near = [
            v
            for n in range(len(query) - allowed, len(query) + allowed + 1)
            for v in by_length.get(n, ())
        ]
        expected = {
            v for v in near if damerau_levenshtein(query, v, allowed) <= allowed
        }
        assert set(corrector.correct(query)) == expected, query


def test_typo_corrector_add_and_pickle():
    corrector = TypoCorrector(["семинар"])
    corrector.add(["вебинар", "семинар"])
    assert corrector.correct("вебинор") == ["вебинар"]
    assert corrector.frequency("семинар") == 2
    restored = pickle.loads(pickle.dumps(corrector))
    assert restored.correct("вебинор") == ["вебинар"] and len(restored) == 2
    big = TypoCorrector([])
    big.add(f"слово{i:04d}" for i in range(1500))  # past the threshold: rebuilt
    assert big.correct("слово0007")[0] == "слово0007"
    assert "слово0017" in big.correct("слово0007")
    assert len(big) == 1500 and not big._added


def test_correct_query():
    corrector = TypoCorrector(
        analyze("Наставничество и семинары для молодых педагогов")
    )
    query = expand_query("наставнечестве педагогов")
    fixed = correct_query(query, corrector)
    assert fixed is not None
    assert fixed.clauses[0].alternatives[0].terms == ("наставничеств",)
    assert describe(fixed) == "наставничестве педагогов"
    assert correct_query(expand_query("семинары"), corrector) is None  # known
    assert correct_query(expand_query("xyzzy"), corrector) is None  # nothing close
    assert correct_query(query, None) is None


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
