"""Spreadsheets of communities: `CommunityResource` (`communities`), offered by the
import pipeline (docs/imports.md) through the plugin's ``import_resources``; members are
in ``membership_resource``.

**Communities.** One row is one community page of a registry. The registry is the one
of the section the row names — «Организация» (a school's registry), else
«Муниципалитет» (a municipality's or, with a region's name, the region's) — or, when
both are blank, of the importing user's own section (their school, municipality or
region), as the events plan finds its calendar. The section must lie in the user's
territory and have a registry page. The natural key is (registry, title): importing
the same file again changes nothing, a changed cell updates the community. New pages
are created published with their revision, audit log and search entry
(`bulk_create_pages`); an update is a new revision, published, as an editor's
«Опубликовать» (a page with unpublished changes is left to its editor: row error).
"""

from dataclasses import replace
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, WorkflowState

from portal.core.models import Subject, Territory
from portal.imports import normalise
from portal.imports.cells import plain
from portal.imports.engine import RowProblem
from portal.imports.organisations import OrganisationMatcher
from portal.imports.pages import bulk_create_pages
from portal.imports.resources import PortalResource
from portal.permissions.policy import Scope

from .import_columns import (
    COMMUNITY_COLUMNS,
    COMMUNITY_PARSERS,
    COMMUNITY_TEXT,
    COMMUNITY_WRITTEN,
)
from .import_registries import Registry, own_registries, registries
from .models import (
    CommunityLevel,
    CommunityPage,
    CommunityStatus,
    CommunityType,
    JoinMethod,
)

_STEP = Page.steplen


def _user(context):
    return context.user if isinstance(context.user, get_user_model()) else None


def _repeated(row, keys: dict, field: str, what: str) -> None:
    """The row's key on other rows of the file: an error on each of them, in the
    column that makes the key (the pipeline's own check names no column)."""
    numbers = keys.get(row.key, [row.number])
    if len(numbers) > 1:
        raise RowProblem(
            _("%(what)s уже есть в файле (строка %(others)s). Оставьте одну строку.")
            % {
                "what": what,
                "others": ", ".join(str(n) for n in numbers if n != row.number),
            },
            field,
        )


# Where a community goes ---------------------------------------------------------------
class CommunityResource(PortalResource):
    """Communities of a registry from a spreadsheet (`communities`)."""

    name = "communities"
    title = gettext_lazy("Профессиональные сообщества")
    columns = COMMUNITY_COLUMNS
    parsers = COMMUNITY_PARSERS
    written_fields = COMMUNITY_WRITTEN
    written_relations = {"subjects": "Предметы"}

    class Meta:
        model = CommunityPage
        fields = ("title", "level", "problem_area", "join_method", "status",
                  "contact_email", "contact_phone", "intro")  # fmt: skip
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        types = tuple(CommunityType.objects.values_list("name", flat=True))
        self.columns = tuple(
            replace(c, choices=types) if c.field == "community_type" else c
            for c in self.columns
        )

    def parse(self, name: str, cell):
        return self.parsers.get(name, plain)(cell)

    def subject(self, values: dict) -> str:
        return values.get("title") or ""

    def key_description(self, row) -> str:
        return _("Сообщество «%(title)s»") % {"title": row.subject}

    # Loading what the rows refer to ----------------------------------------------
    def prepare(self, rows, context) -> None:
        lookups, scope = context.lookups, context.scope
        self.labels = {
            "level": dict(CommunityLevel.choices),
            "join_method": dict(JoinMethod.choices),
            "status": dict(CommunityStatus.choices),
            "community_type_id": {},
            "subjects": {},
        }
        lookups["types"] = {}
        for pk, name, code in CommunityType.objects.values_list("pk", "name", "code"):
            self.labels["community_type_id"][pk] = name
            for word in (name, code):
                lookups["types"].setdefault(normalise.key(word), pk)
        lookups["subjects"] = {}
        lookups["subject_objects"] = {}
        for subject in Subject.objects.all():
            self.labels["subjects"][subject.pk] = subject.name
            lookups["subjects"][normalise.key(subject.name)] = subject.pk
            lookups["subject_objects"][subject.pk] = subject
        # Base organisations may be anywhere (a regional centre for a district МО).
        matcher = OrganisationMatcher.load(
            Scope(everything=True, municipalities=scope.municipalities)
        )
        lookups["organisations"] = matcher
        self.labels["base_organisation_id"] = {
            pk: known.name for pk, known in matcher.by_pk.items()
        }
        lookups["regions"] = {}
        for pk, name, short in Territory.objects.filter(
            kind=Territory.Kind.REGION
        ).values_list("pk", "name", "short_name"):
            for label in (name, short):
                if label:
                    lookups["regions"][normalise.key(label)] = (pk, name)
        lookups["registries"] = registries()
        lookups["found"] = {}
        lookups["placed"] = {}
        # The keys of the whole file first: repeated rows are errors on both rows.
        used, keys = {}, {}
        for row in rows:
            try:
                registry = self._registry(row.values, context)
            except RowProblem:
                continue
            used[registry.page.pk] = registry
            key = (registry.page.pk, normalise.key(row.values["title"]))
            keys.setdefault(key, []).append(row.number)
        lookups["keys"] = keys
        lookups["existing"] = self._existing(list(used.values()))

    def _registry(self, values, context) -> Registry:
        """The registry a row goes to; each distinct pair of cells is looked up once."""
        cells = (plain(values.get("organisation")), plain(values.get("municipality")))
        found = context.lookups["found"]
        if cells not in found:
            try:
                found[cells] = self._find_registry(*cells, context)
            except RowProblem as problem:
                found[cells] = problem
        result = found[cells]
        if isinstance(result, RowProblem):
            raise RowProblem(result.message, result.field)
        return result

    def _find_registry(self, organisation: str, municipality: str, context):
        lookups, scope = context.lookups, context.scope
        if not scope.is_editor:
            raise RowProblem(
                _("Загружать сообщества могут только редакторы разделов портала."),
                "title",
            )
        every = lookups["registries"]
        matcher = lookups["organisations"]
        if organisation:
            known = matcher.find(organisation, municipality or None)
            field, where = "organisation", known.name
            found = [r for r in every if r.organisation_id == known.pk]
        elif municipality:
            field = "municipality"
            region = lookups["regions"].get(normalise.key(municipality))
            if region is not None:
                where = region[1]
                found = [
                    r for r in every
                    if r.region_id == region[0] and not r.municipality_id
                    and not r.organisation_id
                ]  # fmt: skip
            else:
                pk = matcher.municipality(municipality)
                where = matcher.municipality_names[pk]
                found = [
                    r for r in every
                    if r.municipality_id == pk and not r.organisation_id
                ]  # fmt: skip
        else:
            return self._default(every, scope)
        if not found:
            raise RowProblem(
                _(
                    "В разделе «%(section)s» нет реестра сообществ: создайте в этом "
                    "разделе страницу «Реестр сообществ» и загрузите файл снова."
                )
                % {"section": where},
                field,
            )
        if len(found) > 1:
            raise RowProblem(
                _(
                    "В разделе «%(section)s» несколько реестров сообществ: %(places)s. "
                    "Оставьте один в редакторе страниц."
                )
                % {
                    "section": where,
                    "places": "; ".join(r.describe() for r in found[:5]),
                },
                field,
            )
        registry = found[0]
        if not scope.covers(
            registry.region_id, registry.municipality_id, registry.organisation_id
        ):
            raise RowProblem(
                _(
                    "Реестр сообществ раздела «%(section)s» не относится к вашей "
                    "территории: загружайте сообщества своего раздела."
                )
                % {"section": where},
                field,
            )
        return registry

    @staticmethod
    def _default(every: list[Registry], scope: Scope) -> Registry:
        own = own_registries(every, scope)
        if len(own) == 1:
            return own[0]
        if not own:
            raise RowProblem(
                _(
                    "В разделе вашей территории нет реестра сообществ: создайте "
                    "страницу «Реестр сообществ» в своём разделе или укажите "
                    "муниципалитет или организацию, в реестр которых загрузить "
                    "сообщество."
                ),
                "municipality",
            )
        raise RowProblem(
            _(
                "Реестров сообществ вашей территории несколько: %(places)s. Укажите "
                "муниципалитет или организацию в столбцах «Муниципалитет» и "
                "«Организация»."
            )
            % {"places": "; ".join(r.describe() for r in own[:5])},
            "municipality",
        )

    def _existing(self, used: list[Registry]) -> dict[tuple, list[CommunityPage]]:
        """Communities of the file's registries by (registry, title key), with their
        subjects and whether they wait in moderation."""
        if not used:
            return {}
        by_path = {r.page.path: r for r in used}
        pages = list(
            CommunityPage.objects.filter(
                reduce(
                    or_,
                    (
                        Q(path__startswith=r.page.path, depth=r.page.depth + 1)
                        for r in used
                    ),
                )
            )
        )
        relation = CommunityPage._meta.get_field("subjects")
        through = relation.remote_field.through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        current: dict[int, set] = {p.pk: set() for p in pages}
        for pk, subject in through.objects.filter(
            **{f"{source}__in": list(current)}
        ).values_list(f"{source}_id", f"{target}_id"):
            current[pk].add(subject)
        moderated = set(
            WorkflowState.objects.active()
            .filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id__in=[str(p.pk) for p in pages],
            )
            .values_list("object_id", flat=True)
        )
        found: dict[tuple, list[CommunityPage]] = {}
        for page in pages:
            page._import_relations = {"subjects": current[page.pk]}
            page._import_moderated = str(page.pk) in moderated
            registry = by_path[page.path[:-_STEP]]
            found.setdefault((registry.page.pk, normalise.key(page.title)), []).append(
                page
            )
        return found

    # Resolving a row -----------------------------------------------------------------
    def resolve(self, row, context) -> None:
        values, lookups = row.values, context.lookups
        registry = self._registry(values, context)
        row.key = (registry.page.pk, normalise.key(values["title"]))
        _repeated(row, lookups["keys"], "title", _("Сообщество с этим названием"))
        candidates = lookups["existing"].get(row.key, [])
        if len(candidates) > 1:
            raise RowProblem(
                _(
                    "В реестре несколько сообществ с этим названием; оставьте одно в "
                    "редакторе страниц."
                ),
                "title",
            )
        instance = row.instance = candidates[0] if candidates else None
        type_pk = lookups["types"].get(normalise.key(values["community_type"]))
        if type_pk is None:
            raise RowProblem(
                _("Вида сообщества «%(value)s» нет в справочнике «Виды сообществ».")
                % {"value": values["community_type"][:80]},
                "community_type",
            )
        data = {"title": values["title"], "community_type_id": type_pk}
        if values.get("level"):
            data["level"] = values["level"]
        elif instance is None:
            data["level"] = registry.level
        for name in ("join_method", "status"):
            if values.get(name):
                data[name] = values[name]
        if "base_organisation" in row.cells:
            data["base_organisation_id"] = self._base(values, registry, lookups)
        for name in COMMUNITY_TEXT:
            if name in row.cells:
                data[name] = values.get(name) or ""
        self._check_lengths(data)
        row.data = data
        row.relations = {}
        if "subjects" in row.cells:
            row.relations["subjects"] = frozenset(
                self._subject_pk(name, lookups) for name in values.get("subjects") or ()
            )
        if instance is not None and self.changed_fields(row):
            self._check_draft(instance)
        lookups["placed"][row.number] = registry

    @staticmethod
    def _base(values, registry: Registry, lookups) -> int | None:
        if not values.get("base_organisation"):
            return None
        matcher = lookups["organisations"]
        municipality = matcher.municipality_names.get(registry.municipality_id)
        try:
            return matcher.find(values["base_organisation"], municipality).pk
        except RowProblem as problem:
            raise RowProblem(problem.message, "base_organisation") from None

    @staticmethod
    def _subject_pk(name: str, lookups) -> int:
        pk = lookups["subjects"].get(normalise.key(name))
        if pk is None:
            raise RowProblem(
                _("Предмета «%(name)s» нет в справочнике предметов портала.")
                % {"name": name[:80]},
                "subjects",
            )
        return pk

    @staticmethod
    def _check_lengths(data: dict) -> None:
        for name in ("title", "problem_area", "contact_phone"):
            limit = CommunityPage._meta.get_field(name).max_length
            if len(data.get(name) or "") > limit:
                raise RowProblem(
                    _("Не длиннее %(limit)s символов (сейчас %(length)s).")
                    % {"limit": limit, "length": len(data[name])},
                    name,
                )

    @staticmethod
    def _check_draft(page) -> None:
        """Publishing over a draft would publish the draft too, and over a page in
        moderation would end it: the editor decides about them first."""
        if page.has_unpublished_changes and (page.live or page._import_moderated):
            raise RowProblem(
                _(
                    "У сообщества есть изменения, не опубликованные в редакторе "
                    "(черновик или согласование); загрузка опубликовала бы и их. "
                    "Опубликуйте или отмените их в редакторе страницы и загрузите файл "
                    "снова."
                ),
                "title",
            )

    # Writing -------------------------------------------------------------------------
    def write(self, rows, context) -> None:
        user = _user(context)
        placed = context.lookups["placed"]
        new: dict[int, list] = {}
        for row in rows:
            if row.instance is None:
                new.setdefault(placed[row.number].page.pk, []).append(row)
            else:
                self._update(row, user, context)
        for group in new.values():
            self._create(group, placed[group[0].number], user, context)

    def _create(self, rows, registry: Registry, user, context) -> None:
        subjects = context.lookups["subject_objects"]
        pages = []
        for row in rows:
            page = CommunityPage(**row.data)
            page.copy_territory(registry.section)
            # Given in memory, so the revision's serialisation queries nothing.
            chosen = sorted(row.relations.get("subjects", ()))
            page.subjects = [subjects[pk] for pk in chosen]
            page.deputies = []
            page.competences = []
            pages.append(page)
        bulk_create_pages(registry.page, pages, user=user, live=True)
        for row, page in zip(rows, pages, strict=True):
            row.instance = page
        self.write_relations(rows)

    def _update(self, row, user, context) -> None:
        """An editor's edit: the file's cells on the page, a revision, «Опубликовать»."""
        subjects = context.lookups["subject_objects"]
        page = row.instance
        for name, value in row.data.items():
            setattr(page, name, value)
        if "subjects" in row.relations:
            page.subjects = [subjects[pk] for pk in sorted(row.relations["subjects"])]
        if not page.live:
            page.save()  # a page never published keeps its content in its row too
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user, skip_permission_checks=True)

    def after_write(self, rows, context) -> None:
        """Nothing: new pages are indexed by bulk_create_pages, updates by Wagtail's
        publication."""
