"""People: teachers, managers, methodists, tutors, mentors, experts.

Personal data under 152-ФЗ: only `public_data()` may reach a public page or API.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class Subject(models.Model):
    """Editable taxonomy of school subjects and problem areas."""

    name = models.CharField(_("название"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("предмет")
        verbose_name_plural = _("предметы")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PersonRole(models.Model):
    """Roles a person holds in the system; seeded by migration, editable in the admin."""

    code = models.SlugField(_("код"), max_length=32, unique=True)
    name = models.CharField(_("название"), max_length=100)

    class Meta:
        verbose_name = _("роль педагога")
        verbose_name_plural = _("роли педагогов")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A person of the registry; territorial through their organisation.

    Not indexed for public search: a person is shown publicly only through
    `public_data()` and only with consent.
    """

    class Category(models.TextChoices):
        NONE = "", _("без категории")
        FIRST = "first", _("первая")
        HIGHEST = "highest", _("высшая")
        METHODIST = "methodist", _("педагог-методист")
        MENTOR = "mentor", _("педагог-наставник")

    class PublicField(models.TextChoices):
        NAME = "name", _("ФИО")
        POSITION = "position", _("должность")
        ORGANISATION = "organisation", _("организация")
        SUBJECTS = "subjects", _("предметы")

    last_name = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100)
    middle_name = models.CharField(_("отчество"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        related_name="people",
    )
    position = models.CharField(_("должность"), max_length=255, blank=True)
    roles = models.ManyToManyField(PersonRole, verbose_name=_("роли"), blank=True)
    subjects = models.ManyToManyField(Subject, verbose_name=_("предметы"), blank=True)
    qualification_category = models.CharField(
        _("квалификационная категория"),
        max_length=16,
        choices=Category.choices,
        blank=True,
    )
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    career_start_date = models.DateField(
        _("дата начала педагогической деятельности"), null=True, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("учётная запись"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    public_consent = models.BooleanField(
        _("согласие на публикацию"),
        default=False,
        help_text=_("Согласие на публикацию сведений на портале (152-ФЗ)."),
    )
    public_fields = models.JSONField(
        _("публикуемые сведения"),
        default=list,
        blank=True,
        help_text=_("Какие сведения показывать публично при наличии согласия."),
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("last_name"),
                FieldPanel("first_name"),
                FieldPanel("middle_name"),
            ]
        ),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("position")]),
        FieldPanel("roles"),
        FieldPanel("subjects"),
        FieldPanel("qualification_category"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("birth_date"), FieldPanel("career_start_date")]
                ),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("user"),
            ],
            heading=_("Персональные данные"),
        ),
        MultiFieldPanel(
            [FieldPanel("public_consent"), FieldPanel("public_fields")],
            heading=_("Публикация на портале"),
        ),
    ]

    class Meta:
        verbose_name = _("человек")
        verbose_name_plural = _("люди")
        ordering = ["last_name", "first_name", "middle_name"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(
            p for p in (self.last_name, self.first_name, self.middle_name) if p
        )

    @property
    def short_name(self) -> str:
        """«Иванова А. П.»: surname and initials, as Russian documents write it."""
        initials = " ".join(
            f"{n[0]}." for n in (self.first_name, self.middle_name) if n
        )
        return f"{self.last_name} {initials}".strip()

    def public_data(self) -> dict | None:
        """What may be shown to the public: None without consent, else chosen fields."""
        if not self.public_consent:
            return None
        shown = set(self.public_fields or [])
        data: dict = {"id": self.pk}
        if self.PublicField.NAME in shown:
            data["name"] = self.full_name
        if self.PublicField.POSITION in shown:
            data["position"] = self.position
        if self.PublicField.ORGANISATION in shown:
            data["organisation"] = str(self.organisation)
        if self.PublicField.SUBJECTS in shown:
            data["subjects"] = [s.name for s in self.subjects.all()]
        return data if len(data) > 1 else None

    @property
    def young_until(self):
        """Last day as a young teacher (under 35, first 3 years); None if never."""
        from portal.core.young import young_until

        return young_until(self.birth_date, self.career_start_date)

    def is_young_teacher(self, on=None) -> bool:
        """Young teacher on `on` (today by default), computed from the two dates."""
        from django.utils import timezone

        from portal.core.young import is_young_teacher

        return is_young_teacher(
            self.birth_date, self.career_start_date, on or timezone.localdate()
        )
