"""Selects the theme from the site's ThemeSettings and the visually-impaired mode cookie."""

from wagtail.models import Site

from .state import reset_theme, set_theme

VI_COOKIE = "portal_vi"


class ThemeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.visually_impaired = request.COOKIES.get(VI_COOKIE) == "1"
        theme = None
        if not request.path.startswith(
            ("/admin/", "/django-admin/", "/static/", "/media/")
        ):
            from .models import ThemeSettings

            if Site.find_for_request(request) is not None:
                theme = ThemeSettings.for_request(request).theme
        token = set_theme(theme)
        try:
            return self.get_response(request)
        finally:
            reset_theme(token)
