"""Preferences of the visually-impaired version (ГОСТ Р 52872-2019): scheme and size.

The mode itself is the ``portal_vi`` cookie read by ThemeMiddleware; the colour
scheme and the font size are two more cookies, set by the same /vi/ view and
exposed to templates by the ``theme`` context processor.
"""

from django.utils.translation import gettext_lazy as _

SCHEME_COOKIE = "portal_vi_scheme"
SIZE_COOKIE = "portal_vi_size"

#: Colour schemes the standard asks for: black on white, light on black, blue on blue.
SCHEMES = {
    "light": _("Чёрным по белому"),
    "dark": _("Жёлтым по чёрному"),
    "blue": _("Синим по голубому"),
}
#: Font sizes of the version, from the standard's base size upwards.
SIZES = {
    "normal": _("Обычный шрифт"),
    "large": _("Крупный шрифт"),
    "larger": _("Очень крупный шрифт"),
}
DEFAULT_SCHEME = "light"
DEFAULT_SIZE = "normal"


def scheme_of(request) -> str:
    value = request.COOKIES.get(SCHEME_COOKIE)
    return value if value in SCHEMES else DEFAULT_SCHEME


def size_of(request) -> str:
    value = request.COOKIES.get(SIZE_COOKIE)
    return value if value in SIZES else DEFAULT_SIZE
