"""The visually-impaired mode switch (ГОСТ Р 52872-2019): works without JavaScript."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from .middleware import VI_COOKIE


def toggle_visually_impaired(request):
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.COOKIES.get(VI_COOKIE) == "1":
        response.delete_cookie(VI_COOKIE)
    else:
        response.set_cookie(VI_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    return response
