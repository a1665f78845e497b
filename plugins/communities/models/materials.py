"""Materials and products of a community; members-only ones are private files.

A members-only material's file lives in private storage (never under MEDIA_ROOT) and is
sent only by ``CommunityPage.material`` to active members and to the community's editors;
such materials never reach the search index.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.documents.storage import private_storage


class CommunityMaterial(models.Model):
    """A file or a link shared by a community: a product (public) or a working material."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("Методический продукт")
        MATERIAL = "material", _("Рабочий материал")

    community = models.ForeignKey(
        "communities.CommunityPage", verbose_name=_("сообщество"),
        on_delete=models.CASCADE, related_name="materials",
    )  # fmt: skip
    title = models.CharField(_("название"), max_length=255)
    description = models.TextField(_("описание"), blank=True)
    kind = models.CharField(
        _("вид"), max_length=16, choices=Kind.choices, default=Kind.MATERIAL
    )
    members_only = models.BooleanField(
        _("только для участников"), default=True,
        help_text=_("Такие материалы видят только участники сообщества."),
    )  # fmt: skip
    file = models.FileField(
        _("файл"), upload_to="communities/%Y/%m/", storage=private_storage,
        blank=True, max_length=255,
    )  # fmt: skip
    url = models.URLField(_("ссылка"), blank=True, max_length=1000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("добавил(а)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("добавлено"), auto_now_add=True)

    class Meta:
        verbose_name = _("материал сообщества")
        verbose_name_plural = _("материалы сообществ")
        ordering = ["community", "-created_at"]

    def __str__(self) -> str:
        return self.title
