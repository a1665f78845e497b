"""Stop words and the portal's known acronyms.

``RUSSIAN_STOPWORDS`` is the Snowball project's Russian stop list
(snowballstem.org/algorithms/russian/stop.txt, main part), written with "е" for "ё"
because tokens are ё-folded before the lookup, plus the forms of "мой" (Snowball stems
them to "мо", which is the acronym МО). No English stop list is applied:
Latin words are rare in the portal and short ones are often meaningful ("IT").

``KNOWN_ACRONYMS`` (lower case, ё-folded, Cyrillic) are never stemmed, whatever their
case in the text, so the lowercase query "иом" finds "ИОМ" (Snowball would stem
"иом" to "и" and "оо" to "о"). Acronyms that collide with stop words ("ДО" =
дошкольное образование vs "до", "ВО" vs "во") are kept only when written in capitals
outside an all-caps heading; in lower case they stay stop words.
"""

RUSSIAN_STOPWORDS: frozenset[str] = frozenset(
    """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по
    только ее мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если
    уже или ни быть был него до вас нибудь опять уж вам сказал ведь там потом себя
    ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без
    будто человек чего раз тоже себе под жизнь будет ж тогда кто этот говорил того
    потому этого какой совсем ним здесь этом один почти мой тем чтобы нее кажется
    сейчас были куда зачем сказать всех никогда сегодня можно при наконец два об
    другой хоть после над больше тот через эти нас про всего них какая много разве
    сказала три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя
    такой им более всегда конечно всю между
    """.split()
    # Not in the Snowball list: the other forms of "мой", which stem to "мо" = МО.
    + "мое мои моего моих моем моему моими моей мою".split()
)

KNOWN_ACRONYMS: frozenset[str] = frozenset(
    """
    иом цнппм цнппмпр цнппмгр цопмкп рснмс мснмс ммс ммц имц рмц
    дпо дпп дппо фр фроп пк пп ипк иро
    оо доо ноо ооо соо доу мбоу маоу мкоу гбоу мбдоу сош удод спо во до
    мо гмо рмо умо румо
    фгос фоп ооп нсур ефом цос эор цор икт овз огэ егэ впр мсоко рсоко всоко фиоко
    фз рф
    """.split()
)

# Case endings an acronym takes in running text ("ЦНППМа", "ИОМов", "ФГОСе").
ACRONYM_ENDINGS: frozenset[str] = frozenset(
    "а у ом е ов ам ами ах ы ой ою ей я ю ем и".split()
)

# Known acronyms that end in a consonant: only these may carry an ending in lower case
# ("цнппма" -> "цнппм"); vowel-final ones would swallow real words ("мо" + "е" = "мое").
_CONSONANT_FINAL = frozenset(
    a for a in KNOWN_ACRONYMS if len(a) >= 3 and a[-1] not in "аеиоуыэюяй"
)


def strip_acronym_ending(token: str) -> str | None:
    """The known acronym inside a lowercase inflected form ("цнппма" -> "цнппм"), or None."""
    n = len(token)
    if n < 4 or n > 12:
        return None
    for k in (1, 2, 3):
        if (
            n - k >= 3
            and token[n - k :] in ACRONYM_ENDINGS
            and token[: n - k] in _CONSONANT_FINAL
        ):
            return token[: n - k]
    return None
