"""The theme of the current request, set by ThemeMiddleware (a context variable)."""

from contextvars import ContextVar

from django.conf import settings

_current: ContextVar[str | None] = ContextVar("portal_theme", default=None)


def active_theme() -> str:
    return _current.get() or settings.PORTAL_DEFAULT_THEME


def set_theme(name: str | None):
    return _current.set(name)


def reset_theme(token) -> None:
    _current.reset(token)
