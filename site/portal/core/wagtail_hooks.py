"""Admin menu for the core registries, and registration of plugins' admin viewsets."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.extensions.registry import contributions
from portal.permissions.forms import TerritorialAdminForm
from portal.permissions.viewsets import TerritorialSnippetViewSet

from .models import (
    Competence,
    CompetenceArea,
    EditorRole,
    GlossaryTerm,
    NormativeAct,
    Organisation,
    OrganisationStatus,
    Person,
    PersonRole,
    Subject,
    Territory,
)


class TerritoryViewSet(TerritorialSnippetViewSet):
    """Regions and municipalities, with their OKTMO codes."""

    model = Territory
    icon = "site"
    list_display = ["name", "kind", "parent", "oktmo"]
    list_filter = ["kind"]
    search_fields = ["name", "oktmo"]
    list_export = ["name", "kind", "parent", "oktmo", "region_code", "timezone"]
    add_to_admin_menu = False


class OrganisationViewSet(TerritorialSnippetViewSet):
    """Organisations of the region, scoped to the editor's territory."""

    model = Organisation
    icon = "home"
    list_display = ["name", "kind", "municipality", "inn"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "short_name", "aliases", "inn", "ogrn"]
    list_export = [
        "name",
        "short_name",
        "kind",
        "level",
        "region",
        "municipality",
        "inn",
        "ogrn",
        "website",
        "address",
    ]
    export_filename = "organisations"


class PersonAdminForm(TerritorialAdminForm):
    """Consent fields as checkboxes rather than raw JSON."""

    public_fields = forms.MultipleChoiceField(
        label=_("Публикуемые сведения"),
        choices=Person.PublicField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Показываются публично только при наличии согласия."),
    )


class PersonViewSet(TerritorialSnippetViewSet):
    """People of the registry; personal data, visible only within the editor's territory."""

    model = Person
    territorial_form_class = PersonAdminForm
    icon = "user"
    list_display = ["full_name", "organisation", "position", "public_consent"]
    list_filter = ["qualification_category", "public_consent", "roles"]
    search_fields = ["last_name", "first_name", "middle_name", "position"]
    list_export = [
        "last_name",
        "first_name",
        "middle_name",
        "organisation",
        "position",
        "qualification_category",
    ]
    export_filename = "people"

    def get_queryset(self, request):
        return Person.objects.select_related("organisation")


class NormativeActViewSet(TerritorialSnippetViewSet):
    """The library of normative acts."""

    model = NormativeAct
    icon = "doc-full"
    list_display = ["title", "kind", "number", "date", "level", "status"]
    list_filter = ["kind", "level", "status"]
    search_fields = ["title", "number", "issuer"]
    list_export = [
        "kind",
        "issuer",
        "number",
        "date",
        "title",
        "status",
        "level",
        "url",
    ]


class GlossaryTermViewSet(SnippetViewSet):
    """Glossary terms (non-territorial: model permissions only)."""

    model = GlossaryTerm
    icon = "help"
    list_display = ["term", "full_form"]
    search_fields = ["term", "full_form", "variants"]


class SubjectViewSet(SnippetViewSet):
    model = Subject
    icon = "tag"
    search_fields = ["name"]


class CompetenceAreaViewSet(SnippetViewSet):
    model = CompetenceArea
    icon = "tag"


class CompetenceViewSet(SnippetViewSet):
    """Competences and deficits: what diagnostics find, mentors pass on, routes fix."""

    model = Competence
    icon = "tag"
    list_display = ["name", "area", "code"]
    list_filter = ["area"]
    search_fields = ["name", "code"]


class OrganisationStatusViewSet(SnippetViewSet):
    model = OrganisationStatus
    icon = "tag"


class PersonRoleViewSet(SnippetViewSet):
    model = PersonRole
    icon = "tag"


class EditorRoleViewSet(SnippetViewSet):
    """Who edits which territory; saving a role re-syncs the user's groups."""

    model = EditorRole
    icon = "key"
    list_display = ["user", "role", "territory", "organisation"]
    list_filter = ["role"]


class RegistriesGroup(SnippetViewSetGroup):
    """The core registries in one admin menu entry, «Реестры»."""

    menu_label = _("Реестры")
    menu_icon = "list-ul"
    menu_order = 200
    items = (
        OrganisationViewSet,
        PersonViewSet,
        NormativeActViewSet,
        GlossaryTermViewSet,
        TerritoryViewSet,
        SubjectViewSet,
        CompetenceAreaViewSet,
        CompetenceViewSet,
        OrganisationStatusViewSet,
        PersonRoleViewSet,
        EditorRoleViewSet,
    )


register_snippet(RegistriesGroup)


_SNIPPET_TYPES = (SnippetViewSet, SnippetViewSetGroup)
_plugin_viewsets = contributions("admin_viewsets")
for _viewset in _plugin_viewsets:
    if issubclass(_viewset, _SNIPPET_TYPES):
        register_snippet(_viewset)


@hooks.register("register_admin_viewset")
def register_plugin_viewsets():
    return [
        viewset()
        for viewset in _plugin_viewsets
        if not issubclass(viewset, _SNIPPET_TYPES)
    ]
