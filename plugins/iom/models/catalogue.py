"""Public catalogues: the programmes of further professional education (ДПП) that
routes are built from. Providers publish lists of them, so they are importable.

DOMAIN.md "Individual educational routes": a route's course is preferably from the
federal registry (ФР ДПП / ФРОП ДППО), with hours 16/24/36/72 and the ПК/ПП type.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class Programme(index.Indexed, ClusterableModel):
    """A programme of further professional education (ДПП) in the catalogue."""

    class Kind(models.TextChoices):
        UPSKILLING = "upskilling", _("Повышение квалификации")
        RETRAINING = "retraining", _("Профессиональная переподготовка")

    title = models.CharField(_("название программы"), max_length=500)
    kind = models.CharField(
        _("вид программы"), max_length=16, choices=Kind.choices, default=Kind.UPSKILLING
    )
    hours = models.PositiveSmallIntegerField(_("объём, часов"))
    provider = models.ForeignKey(
        "core.Organisation", verbose_name=_("организация, реализующая программу"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    provider_name = models.CharField(
        _("организация (если её нет в реестре)"), max_length=500, blank=True,
        help_text=_("Федеральные и межрегиональные организации, которых нет в реестре."),
    )  # fmt: skip
    region = models.ForeignKey(
        "core.Territory", verbose_name=_("регион"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", limit_choices_to={"kind": "region"},
        help_text=_("Пусто — федеральная программа, доступна педагогам всех регионов."),
    )  # fmt: skip
    platform = models.CharField(
        _("платформа обучения"), max_length=255, blank=True,
        help_text=_("Например: «Цифровая экосистема ДПО», Moodle ИРО."),
    )  # fmt: skip
    distance = models.BooleanField(
        _("с применением дистанционных технологий"), default=False
    )
    network = models.BooleanField(_("сетевая форма реализации"), default=False)
    in_federal_registry = models.BooleanField(
        _("в федеральном реестре ДПП"), default=False, db_index=True
    )
    registry_url = models.URLField(
        _("ссылка на карточку в реестре"), blank=True, max_length=1000
    )
    deficits = models.ManyToManyField(
        "core.Competence", verbose_name=_("какие дефициты закрывает"), blank=True,
        related_name="iom_programmes",
    )  # fmt: skip
    description = models.TextField(_("аннотация"), blank=True)
    enrolment_url = models.URLField(_("ссылка для записи"), blank=True, max_length=1000)
    published = models.BooleanField(
        _("показывать в каталоге"), default=True, db_index=True,
        help_text=_("Снимите, чтобы скрыть программу из каталога и поиска."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("добавлена"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("hours")]),
        MultiFieldPanel(
            [
                FieldPanel("provider"),
                FieldPanel("provider_name"),
                FieldPanel("region"),
                FieldPanel("platform"),
                FieldRowPanel([FieldPanel("distance"), FieldPanel("network")]),
            ],
            heading=_("Кто и как реализует"),
        ),
        MultiFieldPanel(
            [FieldPanel("in_federal_registry"), FieldPanel("registry_url")],
            heading=_("Федеральный реестр"),
        ),
        FieldPanel("deficits"),
        FieldPanel("description"),
        FieldPanel("enrolment_url"),
        InlinePanel("cohorts", heading=_("Наборы (потоки)"), label=_("набор")),
        FieldPanel("published"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("published"),
        index.FilterField("in_federal_registry"),
    ]

    class Meta:
        verbose_name = _("программа ДПП")
        verbose_name_plural = _("программы ДПП")
        ordering = ["-in_federal_registry", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def provider_title(self) -> str:
        if self.provider_id:
            return str(self.provider)
        return self.provider_name


class ProgrammeCohort(Orderable):
    """A dated intake (поток) of a programme."""

    programme = ParentalKey(Programme, related_name="cohorts", on_delete=models.CASCADE)
    start_date = models.DateField(_("начало обучения"))
    end_date = models.DateField(_("окончание обучения"), null=True, blank=True)
    enrolment_closes = models.DateField(_("запись до"), null=True, blank=True)
    note = models.CharField(_("примечание"), max_length=255, blank=True)

    panels = [
        FieldRowPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("end_date"),
                FieldPanel("enrolment_closes"),
            ]
        ),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("набор")
        verbose_name_plural = _("наборы")
