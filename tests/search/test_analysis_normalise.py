"""search.analysis normalisation, tokenising, stemming, acronyms and stop words."""

import pytest

from search.analysis import analyze, fold_word, normalise, tokenize

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
