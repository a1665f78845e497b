"""Site settings choosing the public theme (Wagtail «Настройки» → «Оформление»)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


def available_themes() -> list[str]:
    root = settings.PORTAL_THEMES_DIR
    return (
        sorted(p.name for p in root.iterdir() if (p / "templates").is_dir())
        if root.is_dir()
        else []
    )


def validate_theme(value: str) -> None:
    if value not in available_themes():
        raise ValidationError(
            _("Тема «%(value)s» не найдена."), params={"value": value}
        )


@register_setting(icon="view")
class ThemeSettings(BaseSiteSetting):
    """Which theme renders the public site; the default theme fills in what a theme lacks."""

    theme = models.CharField(
        _("тема оформления"),
        max_length=64,
        default="default",
        validators=[validate_theme],
        help_text=_("Папка в themes/ с шаблонами и статикой."),
    )
    site_title = models.CharField(
        _("название портала"),
        max_length=255,
        default=_("Портал научно-методического сопровождения"),
    )
    footer_text = models.TextField(_("текст в подвале"), blank=True)

    class Meta:
        verbose_name = _("оформление")
