"""Latin slugs from Russian text (WAGTAIL_ALLOW_UNICODE_SLUGS is off)."""

from functools import lru_cache

_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),
        strict=True,
    )
)


@lru_cache(maxsize=4096)
def latin(text: str) -> str:
    """Transliteration for slugs, logins and e-mail addresses: «Озёрск» → 'ozersk'."""
    out = []
    for char in text.lower():
        if char in _LATIN:
            out.append("" if _LATIN[char] == "-" else _LATIN[char])
        elif char.isascii() and char.isalnum():
            out.append(char)
        else:
            out.append("-")
    return "-".join(part for part in "".join(out).split("-") if part)
