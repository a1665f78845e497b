"""search.analysis query expansion: alternatives, synonyms, prefixes, descriptions."""

import pickle

from search.analysis import (
    Alternative,
    SynonymSet,
    analyze,
    analyze_query,
    describe,
    expand_query,
    query_terms,
    to_fts5,
    to_tsquery,
)

from .analysis_support import SYNONYMS

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
