"""search.analysis typo tolerance: edit distance, the corrector, corrected queries."""

import pickle
import random

from search.analysis import (
    TypoCorrector,
    analyze,
    correct_query,
    damerau_levenshtein,
    describe,
    expand_query,
)

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
