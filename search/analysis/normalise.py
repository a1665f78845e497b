"""Character normalisation, homoglyph folding and tokenisation.

Pipeline of :func:`normalise` (and the first half of every analysis):

1. ``prepare``: soft hyphens and zero-width characters removed ("учи\\xadтель" is one
   word); "№" becomes a space (NFKC would turn it into "No"); every dash (‐ ‑ ‒ – — ―
   − ﹣ －) becomes "-"; every quote (« » “ ” „ ‟ ″) becomes '"' and every apostrophe
   (‘ ’ ‚ ‛ ′ ` ´) "'"; Unicode NFKC (full-width letters, ligatures, superscripts,
   no-break spaces); stress marks dropped ("учи́тель" = "учитель"; combining acute or
   grave left over after NFKC, and "ѐ", "ѝ"). Precomposed Latin letters with accents
   ("é") are kept.
2. Homoglyph folding per word (:func:`fold_homoglyphs`), while the case is still known.
3. Case folding, "ё" -> "е".

Homoglyph rule (one word = a maximal run of letters and digits; hyphens split words):

* A word mixing Cyrillic and Latin letters: if every Latin letter has a Cyrillic twin
  (A B C E H K M O P T X Y, a c e o p x y k m t h, b -> ь, ë -> ё) the Latin letters become
  Cyrillic ("ЦHППM" -> "ЦНППМ", "Учитeль" -> "Учитель"); otherwise, if every Cyrillic
  letter has a Latin twin, the Cyrillic letters become Latin ("Zооm" with Cyrillic "о"
  -> "Zoom"); otherwise the word is left alone.
* A Latin-only word whose letters all have Cyrillic twins becomes Cyrillic when it
  contains a digit ("P2P" -> "Р2Р", "A4" -> "А4") or when the Cyrillic reading is a
  known acronym ("OO" -> "ОО", "PMO" -> "РМО").
* Every other Latin word stays Latin ("online", "Zoom", "edu-SCRUM"); Cyrillic-only
  words never change.

So "P2P" and "Р2Р" are both the token "р2р", whichever keyboard typed them.

Tokenisation: words are runs of letters and digits. A hyphen between two words, and
".", "," or "/" between two digits, join words into a *compound* ("273-ФЗ",
"тьютор-методист", "edu-SCRUM", "10.12.2020", "2023/2024"): the index gets its parts as
separate consecutive tokens ("273", "фз"), and a query turns a compound into a phrase
of its parts. "273-ФЗ", "273 ФЗ" and "№273‑ФЗ" thus all match each other, "3273" finds
"№ 3273-р", and positions stay one token per part (no extra joined token breaking
phrase queries). Letter-digit mixes stay one token ("р2р", "2020г").
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator

from .stopwords import ACRONYM_ENDINGS, KNOWN_ACRONYMS

MAX_TOKEN_LENGTH = 60  # longer runs are noise (hashes, base64, URLs glued together)

_INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
_QUOTES = "«»“”„‟″〝〞＂"
_APOSTROPHES = "‘’‚‛′`´＇"
_REPLACEMENTS = {
    **dict.fromkeys(_INVISIBLE, ""),
    **dict.fromkeys(_DASHES, "-"),
    **dict.fromkeys(_QUOTES, '"'),
    **dict.fromkeys(_APOSTROPHES, "'"),
    "№": " ",
    # Precomposed Cyrillic letters with a grave (stress) accent.
    "ѐ": "е",
    "Ѐ": "Е",
    "ѝ": "и",
    "Ѝ": "И",
}
_SPECIAL = re.compile("[" + re.escape("".join(_REPLACEMENTS)) + "]")
_YO = str.maketrans("ё", "е")

_LAT_TO_CYR = str.maketrans(
    "ABCEHKMOPTXYËaceopxykmthbë",
    "АВСЕНКМОРТХУЁасеорхукмтньё",
)
_CYR_TO_LAT = str.maketrans("АВСЕНКМОРТХУасеорхук", "ABCEHKMOPTXYaceopxyk")
_LAT_FOLDABLE = frozenset("ABCEHKMOPTXYËaceopxykmthbë")
_CYR_FOLDABLE = frozenset("АВСЕНКМОРТХУасеорхук")

_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
WORD = re.compile(r"[^\W_]+")
COMPOUND = re.compile(r"[^\W_]+(?:(?:-|(?<=\d)[.,/](?=\d))[^\W_]+)*")
_SEGMENT = re.compile(r"\n|(?<=[.!?;])\s")


def prepare(text: str) -> str:
    """Step 1 of :func:`normalise`: invisible characters, dashes, quotes, stress, NFKC.

    Case is kept (acronym detection needs it).
    """
    text = _SPECIAL.sub(lambda m: _REPLACEMENTS[m.group()], text)
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if "\u0301" in text or "\u0300" in text:  # stress marks left after composition
            text = unicodedata.normalize(
                "NFKC", text.replace("\u0301", "").replace("\u0300", "")
            )
    return text


def fold_word(word: str) -> str:
    """Apply the homoglyph rule (module docstring) to one case-preserved word."""
    latin = [c for c in word if _LATIN_LETTER.match(c)]
    if not latin:
        return word
    if _CYRILLIC_LETTER.search(word):
        if all(c in _LAT_FOLDABLE for c in latin):
            return word.translate(_LAT_TO_CYR)
        if all(c in _CYR_FOLDABLE for c in word if _CYRILLIC_LETTER.match(c)):
            return word.translate(_CYR_TO_LAT)
        return word
    if all(c in _LAT_FOLDABLE for c in latin):
        folded = word.translate(_LAT_TO_CYR)
        if any(c.isdigit() for c in word) or folded.lower() in KNOWN_ACRONYMS:
            return folded
    return word


def fold_homoglyphs(text: str) -> str:
    """Apply :func:`fold_word` to every word of a prepared, case-preserved text."""
    pieces: list[str] = []
    position = 0  # text[:position] is done
    for letter in _LATIN_LETTER.finditer(text):
        start = letter.start()
        if start < position:
            continue  # inside a word already folded
        while start > position and (text[start - 1].isalnum()):
            start -= 1
        end = WORD.match(text, letter.start()).end()
        word = text[start:end]
        folded = fold_word(word)
        if folded != word:
            pieces.append(text[position:start])
            pieces.append(folded)
        else:
            pieces.append(text[position:end])
        position = end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def normalise(text: str) -> str:
    """Normalised text: prepared, homoglyph-folded, case-folded, ё -> е, spaces collapsed."""
    text = fold_homoglyphs(prepare(text)).casefold().translate(_YO)
    return " ".join(text.split())


def lower(word: str) -> str:
    word = word.casefold()
    return word.replace("ё", "е") if "ё" in word else word


def tokenize(text: str) -> list[str]:
    """Normalised word tokens, compounds split into their parts.

    >>> tokenize("«Учитель года» — №273‑ФЗ, P2P")
    ['учитель', 'года', '273', 'фз', 'р2р']
    """
    words = WORD.findall(fold_homoglyphs(prepare(text)))
    return [w for w in map(lower, words) if len(w) <= MAX_TOKEN_LENGTH]


# A word of the analysis stream: (normalised text, written in capitals?, compound id).
Word = tuple[str, bool, int]


def caps_like(raw: str) -> bool:
    """Could :func:`make_word` flag this word as written in capitals?"""
    return raw.isupper() or (len(raw) > 2 and raw[0].isupper() and raw[1].isupper())


def make_word(raw: str, group: int = 0) -> Word:
    """One word of a prepared, homoglyph-folded text as a :data:`Word`.

    Capitals followed by a case ending ("ЦНППМа", "ИОМов") count as capitals, with the
    ending dropped.
    """
    if raw.isupper():
        return lower(raw), len(raw) > 1, group
    if len(raw) > 2 and raw[0].isupper() and raw[1].isupper():
        k = 2
        while k < len(raw) and not raw[k].islower():
            k += 1
        tail = raw[k:]
        if tail.islower() and tail in ACRONYM_ENDINGS:
            return lower(raw[:k]), True, group
    return lower(raw), False, group


def shout_score(word: Word) -> int:
    """What one word adds towards a shouting segment (:func:`is_shouting`): 2 for an
    all-caps word of six or more letters, 1 for three to five, else 0. Known acronyms
    add nothing.
    """
    token, caps, _group = word
    if caps and len(token) >= 3 and token.isalpha() and token not in KNOWN_ACRONYMS:
        return 2 if len(token) >= 6 else 1
    return 0


def is_shouting(words: Iterable[Word]) -> bool:
    """Does a segment shout (an all-caps heading such as "ПЛАН РАБОТЫ НА 2024 ГОД")?

    Yes when it holds two or more all-caps words of three or more letters that are not
    known acronyms, or one of six or more letters.
    """
    score = 0
    for word in words:
        score += shout_score(word)
        if score >= 2:
            return True
    return False


def segments(text: str) -> list[str]:
    """The prepared, homoglyph-folded text cut into lines and sentences."""
    return _SEGMENT.split(fold_homoglyphs(prepare(text)))


def iter_segments(text: str, group_start: int = 0) -> Iterator[tuple[list[Word], bool]]:
    """The words of ``text`` per segment (line or sentence), with a *shouting* flag.

    In a shouting segment (:func:`is_shouting`) capitals say nothing, so only known
    acronyms escape stemming. Compound ids increase through the whole text, starting at
    ``group_start``; the parts of one compound share an id.
    """
    group = group_start
    for segment in segments(text):
        words: list[Word] = []
        for match in COMPOUND.finditer(segment):
            compound = match.group()
            parts = (
                WORD.findall(compound)
                if len(compound) > len(WORD.match(compound).group())
                else [compound]
            )
            words.extend(
                make_word(raw, group) for raw in parts if len(raw) <= MAX_TOKEN_LENGTH
            )
            group += 1
        if words:
            yield words, is_shouting(words)
