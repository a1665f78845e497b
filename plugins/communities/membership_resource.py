"""Spreadsheets of community members: `MembershipResource` (`community_members`),
offered by the import pipeline through the plugin's ``import_resources``.

One row is one person's membership of a community of the user's territory. People are
found in the registry as the core's people import matches them: the full name with the
birth date, else within the organisation («Организация»), or by e-mail; nobody is
created. The natural key is (community, person). Head and deputies are named on the
community page (``leaders.sync_leaders`` keeps memberships in step when it is
published), so a row that makes someone head or deputy, or takes the role away, also
publishes a new version of the page naming them.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from portal.core.models import Person
from portal.imports import normalise
from portal.imports.cells import plain
from portal.imports.core_resources import name_key, split_full_name
from portal.imports.engine import RowProblem
from portal.imports.organisations import OrganisationMatcher
from portal.imports.resources import PortalResource
from portal.permissions.policy import Scope

from .import_columns import (
    MEMBER_COLUMNS,
    MEMBER_PARSERS,
    MEMBER_WRITTEN,
    Role,
    Status,
)
from .models import (
    CommunityPage,
    Membership,
)
from .resources import _repeated, _user


def _last_names_q(last_names: set[str], chunk: int = 200) -> list[Q]:
    """People whose last name is one of these, whatever the case and ё/е («кузнецов»
    finds «Кузнецов», «Королев» finds «Королёв»): a case-insensitive regular
    expression, which SQLite evaluates with Python's ``re`` and PostgreSQL natively
    (SQLite's own LOWER() knows only Latin letters); and the usual spellings
    exactly, for a PostgreSQL whose locale is C (its ``~*`` folds only Latin then)."""
    written = {
        variant
        for name in last_names
        for variant in (name, name.capitalize(), name.title(), name.upper())
    }
    spelled = sorted(
        "".join("[её]" if ch in "её" else re.escape(ch) for ch in name.casefold())
        for name in last_names
    )
    return [Q(last_name__in=sorted(written))] + [
        Q(last_name__iregex="^(" + "|".join(spelled[i : i + chunk]) + ")$")
        for i in range(0, len(spelled), chunk)
    ]


@dataclass(frozen=True)
class Known:
    """A community as the members' file refers to it."""

    pk: int
    title: str
    region_id: int | None
    municipality_id: int | None
    organisation_id: int | None
    live: bool
    drafted: bool


#: Written with a decision (a new membership, a changed status); not shown as changes.
DECISION_FIELDS = ("decided_at", "decided_by_id")


class MembershipResource(PortalResource):
    """Members of the communities of the user's territory (`community_members`)."""

    name = "community_members"
    title = gettext_lazy("Участники профессиональных сообществ")
    columns = MEMBER_COLUMNS
    parsers = MEMBER_PARSERS
    written_fields = MEMBER_WRITTEN

    # Export side (django-import-export): the same headers.
    community = fields.Field(
        attribute="community__title", column_name="Сообщество", readonly=True
    )
    full_name = fields.Field(
        attribute="person__full_name", column_name="ФИО", readonly=True
    )

    class Meta:
        model = Membership
        fields = ("community", "full_name", "role", "status", "joined_on", "left_on")
        export_order = fields

    def parse(self, name: str, cell):
        return self.parsers.get(name, plain)(cell)

    def subject(self, values: dict) -> str:
        who = values.get("full_name") or values.get("email") or ""
        community = values.get("community") or ""
        return f"{who} — {community}" if who and community else who or community

    def key_description(self, row) -> str:
        return _("Участие «%(subject)s»") % {"subject": row.subject}

    # Loading -------------------------------------------------------------------------
    def prepare(self, rows, context) -> None:
        lookups, scope = context.lookups, context.scope
        by_title: dict[str, list[Known]] = {}
        by_pk: dict[int, Known] = {}
        for pk, title, region, municipality, organisation, live, drafted in (
            CommunityPage.objects.values_list(
                "pk", "title", "region_id", "municipality_id", "organisation_id",
                "live", "has_unpublished_changes",
            )
        ):  # fmt: skip
            known = Known(pk, title, region, municipality, organisation, live, drafted)
            by_pk[pk] = known
            by_title.setdefault(normalise.key(title), []).append(known)
        lookups.update(by_title=by_title, by_pk=by_pk, found={})
        self.labels = {
            "community_id": {pk: k.title for pk, k in by_pk.items()},
            "person_id": {},
            "role": dict(Role.choices),
            "status": dict(Status.choices),
        }
        # People of the whole registry: a community gathers teachers of many schools.
        lookups["organisations"] = OrganisationMatcher.load(
            Scope(everything=True, municipalities=scope.municipalities)
        )
        last_names, emails, communities = set(), set(), set()
        heads: dict[int, list[int]] = {}
        for row in rows:
            values = row.values
            if values.get("email"):
                emails.add(values["email"].casefold())
            if values.get("full_name"):
                last_names.add(values["full_name"].split()[0])
            try:
                community = self._community(values.get("community"), context)
            except RowProblem:
                continue
            communities.add(community.pk)
            if values.get("role") == Role.HEAD:
                heads.setdefault(community.pk, []).append(row.number)
        lookups["heads"] = heads
        people = Person.objects.annotate(email_key=Lower("email")).filter(
            reduce(or_, _last_names_q(last_names), Q(email_key__in=emails))
        )
        by_name: dict[tuple, list[Person]] = {}
        by_email: dict[str, list[Person]] = {}
        for person in people:
            self.labels["person_id"][person.pk] = person.full_name
            names = name_key(person.last_name, person.first_name, person.middle_name)
            by_name.setdefault(names, []).append(person)
            if person.email:
                by_email.setdefault(person.email.casefold(), []).append(person)
        lookups.update(by_name=by_name, by_email=by_email)
        lookups["memberships"] = {
            (m.community_id, m.person_id): m
            for m in Membership.objects.filter(community_id__in=communities)
        }
        lookups["leader_changes"] = {}
        keys: dict[tuple, list[int]] = {}
        for row in rows:
            try:
                community = self._community(row.values.get("community"), context)
                person = self._person(row.values, lookups)
            except RowProblem:
                continue
            keys.setdefault((community.pk, person.pk), []).append(row.number)
        lookups["keys"] = keys

    def _community(self, value, context) -> Known:
        shown = plain(value)
        found = context.lookups["found"]
        if shown not in found:
            try:
                found[shown] = self._find_community(shown, context)
            except RowProblem as problem:
                found[shown] = problem
        result = found[shown]
        if isinstance(result, RowProblem):
            raise RowProblem(result.message, result.field)
        return result

    @staticmethod
    def _find_community(shown: str, context) -> Known:
        lookups, scope = context.lookups, context.scope
        if shown.isdigit():
            known = lookups["by_pk"].get(int(shown))
            found = [known] if known is not None else []
        else:
            found = lookups["by_title"].get(normalise.key(shown), [])
        if not found:
            raise RowProblem(
                _(
                    "Сообщество «%(value)s» не найдено на портале: напишите название, "
                    "как на странице сообщества, или номер его страницы."
                )
                % {"value": shown[:80]},
                "community",
            )
        mine = [
            k for k in found
            if scope.covers(k.region_id, k.municipality_id, k.organisation_id)
        ]  # fmt: skip
        if not mine:
            raise RowProblem(
                _(
                    "Сообщество «%(value)s» не относится к вашей территории: его "
                    "участников загружает раздел, в котором оно опубликовано."
                )
                % {"value": shown[:80]},
                "community",
            )
        if len(mine) > 1:
            raise RowProblem(
                _(
                    "Так называются несколько сообществ вашей территории (номера "
                    "страниц: %(numbers)s): укажите номер страницы нужного."
                )
                % {"numbers": ", ".join(str(k.pk) for k in mine[:5])},
                "community",
            )
        return mine[0]

    # Resolving -----------------------------------------------------------------------
    def resolve(self, row, context) -> None:
        values, lookups = row.values, context.lookups
        community = self._community(values.get("community"), context)
        person = self._person(values, lookups)
        row.key = (community.pk, person.pk)
        _repeated(
            row, lookups["keys"], "full_name", _("Этот участник этого сообщества")
        )
        instance = row.instance = lookups["memberships"].get(row.key)
        role = values.get("role") or (instance.role if instance else Role.MEMBER)
        status = values.get("status") or (
            instance.status if instance else Status.ACTIVE
        )
        data = {"community_id": community.pk, "person_id": person.pk, "role": role,
                "status": status}  # fmt: skip
        today = timezone.localdate()
        joined = values.get("joined_on") or (instance.joined_on if instance else None)
        if joined is None and status == Status.ACTIVE:
            joined = today
        data["joined_on"] = joined
        left = values.get("left_on")
        if left and status != Status.LEFT:
            raise RowProblem(
                _(
                    "Дата выхода — только для вышедших из сообщества: укажите статус "
                    "«Вышел(а) из сообщества» или очистите дату."
                ),
                "left_on",
            )
        if status == Status.LEFT:
            left = left or (instance.left_on if instance else None) or today
        data["left_on"] = left
        if joined and left and left < joined:
            raise RowProblem(_("Дата выхода раньше даты вступления."), "left_on")
        self._check_leaders(row, community, person, instance, role, status, lookups)
        if instance is None or instance.status != status:
            data["decided_at"] = timezone.now()
            data["decided_by_id"] = getattr(_user(context), "pk", None)
        row.data = data
        row.relations = {}

    def _person(self, values, lookups) -> Person:
        full_name, email = values.get("full_name"), values.get("email")
        if not full_name and not email:
            raise RowProblem(
                _("Укажите ФИО участника (или его e-mail из реестра педагогов)."),
                "full_name",
            )
        names = name_key(*split_full_name(full_name)) if full_name else None
        if email:
            found = lookups["by_email"].get(email.casefold(), [])
            if names and found:
                same = [p for p in found if self._names(p) == names]
                if not same:
                    raise RowProblem(
                        _(
                            "E-mail «%(email)s» в реестре у педагога «%(other)s», "
                            "а в строке — «%(name)s»."
                        )
                        % {
                            "email": email,
                            "other": found[0].full_name,
                            "name": full_name,
                        },  # fmt: skip
                        "email",
                    )
                found = same
            if len(found) == 1:
                return found[0]
            if not names:
                raise RowProblem(
                    _("Педагог с e-mail «%(email)s» не найден в реестре педагогов.")
                    % {"email": email}
                    if not found
                    else _(
                        "E-mail «%(email)s» указан у нескольких педагогов реестра: "
                        "добавьте ФИО."
                    )
                    % {"email": email},
                    "email",
                )
        found = lookups["by_name"].get(names, [])
        if values.get("birth_date"):
            found = [p for p in found if p.birth_date == values["birth_date"]]
        if values.get("organisation"):
            try:
                known = lookups["organisations"].find(values["organisation"])
            except RowProblem as problem:
                raise RowProblem(problem.message, "organisation") from None
            found = [p for p in found if p.organisation_id == known.pk]
        if not found:
            raise RowProblem(
                _(
                    "Педагога «%(name)s» нет в реестре педагогов портала (с такими "
                    "данными): сначала загрузите его импортом «Педагогические "
                    "работники»."
                )
                % {"name": full_name},
                "full_name",
            )
        if len(found) > 1:
            raise RowProblem(
                _(
                    "В реестре несколько педагогов «%(name)s»: добавьте дату рождения, "
                    "e-mail или организацию, чтобы различить их."
                )
                % {"name": full_name},
                "full_name",
            )
        return found[0]

    @staticmethod
    def _names(person: Person) -> tuple:
        return name_key(person.last_name, person.first_name, person.middle_name)

    @staticmethod
    def _check_leaders(row, community, person, instance, role, status, lookups):
        """Head and deputies are named on the page: a row that gives or takes such
        a role will publish a new version of the page (``write``)."""
        leader = role in Membership.LEADERS
        if leader and status != Status.ACTIVE:
            raise RowProblem(
                _(
                    "Руководитель и заместитель — только действующие участники: "
                    "укажите статус «Участник» или другую роль."
                ),
                "status",
            )
        heads = lookups["heads"].get(community.pk, [])
        if role == Role.HEAD and len(heads) > 1:
            raise RowProblem(
                _(
                    "У сообщества один руководитель, а в файле их несколько (строки "
                    "%(rows)s)."
                )
                % {"rows": ", ".join(str(n) for n in heads)},
                "role",
            )
        was_leader = instance is not None and instance.is_leader
        if not (leader or was_leader) or (
            was_leader and leader and instance.role == role
        ):
            return
        if not community.live or community.drafted:
            raise RowProblem(
                _(
                    "Руководителя и заместителей называет страница сообщества, а у "
                    "неё есть неопубликованные изменения (или она не опубликована): "
                    "опубликуйте её в редакторе и загрузите файл снова."
                ),
                "role",
            )
        lookups["leader_changes"].setdefault(community.pk, {})[person.pk] = (
            role if leader else None
        )

    def changed_fields(self, row) -> list[tuple[str, str, str]]:
        data = row.data
        row.data = {k: v for k, v in data.items() if k not in DECISION_FIELDS}
        try:
            return super().changed_fields(row)
        finally:
            row.data = data

    # Writing -------------------------------------------------------------------------
    def write(self, rows, context) -> None:
        super().write(rows, context)
        self._publish_leaders(context)

    def _publish_leaders(self, context) -> None:
        """The pages of communities whose head or deputies the file changed name
        them in a new published version (``page_published`` then lets
        ``leaders.sync_leaders`` make a replaced head a member)."""
        user = _user(context)
        for pk, changes in context.lookups["leader_changes"].items():
            page = CommunityPage.objects.get(pk=pk)
            head = page.head_id
            deputies = set(page.deputies.values_list("pk", flat=True))
            for person, role in changes.items():
                deputies.discard(person)
                if head == person:
                    head = None
                if role == Role.HEAD:
                    head = person
                elif role == Role.DEPUTY:
                    deputies.add(person)
            deputies.discard(head)
            page.head_id = head
            page.deputies = list(Person.objects.filter(pk__in=deputies))
            revision = page.save_revision(user=user, log_action=True)
            revision.publish(user=user, skip_permission_checks=True)

    def after_write(self, rows, context) -> None:
        """Nothing to index: memberships are not searchable (personal data)."""
