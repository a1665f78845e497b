"""The visually-impaired mode switch (ГОСТ Р 52872-2019): works without JavaScript.

``/vi/?next=<url>`` toggles the mode. ``/vi/?scheme=dark&next=<url>`` (or
``size=large``) chooses a colour scheme or font size and keeps the mode on.
"""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from .accessibility import SCHEME_COOKIE, SCHEMES, SIZE_COOKIE, SIZES
from .middleware import VI_COOKIE

YEAR = 365 * 24 * 3600


def toggle_visually_impaired(request):
    def param(name):
        return request.GET.get(name) or request.POST.get(name)

    target = param("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    scheme, size = param("scheme"), param("size")
    if scheme in SCHEMES or size in SIZES:
        # Choosing a preference implies the mode is wanted: never toggle it off here.
        response.set_cookie(VI_COOKIE, "1", max_age=YEAR, samesite="Lax")
        if scheme in SCHEMES:
            response.set_cookie(SCHEME_COOKIE, scheme, max_age=YEAR, samesite="Lax")
        if size in SIZES:
            response.set_cookie(SIZE_COOKIE, size, max_age=YEAR, samesite="Lax")
    elif request.COOKIES.get(VI_COOKIE) == "1":
        response.delete_cookie(VI_COOKIE)
    else:
        response.set_cookie(VI_COOKIE, "1", max_age=YEAR, samesite="Lax")
    return response
