"""Spreadsheets of mentoring pairs: `PairResource` (`mentoring_pairs`), offered by the
import pipeline (docs/imports.md) with `resources.MentorResource`.

**Pairs.** One row is one pair or group: the lead mentor (found in «Организация
наставника», else in the pair's «Организация», and needing a registry card), the
mentees («;»-separated, people of the pair's organisation), the form, the period,
the status, target competences and the outcome. The pair's organisation must lie in
the user's territory (a municipal editor cannot load another municipality's pairs).
Natural key: mentor + start date + the same mentees, so importing the same file
again changes nothing; a changed status, end date, form or outcome updates the pair.

Every rule of ``pairing.validate_pair`` is checked row by row and reported with the
row and the column: self-mentoring, an inactive mentor, a live pair of the mentor with
the same mentee (in the portal or on an earlier row of the file), and capacity —
counting the mentees of the portal's live pairs **and of the file's earlier rows**.
The pipeline writes only when no row has an error, in one transaction. Pairs are then
created with bulk statements instead of ``register_pair`` one by one (about a dozen
queries per pair): the same rules were checked above with the mentors' rows locked
(``select_for_update``), and ``after_write`` does what ``register_pair`` does after
creating a pair — an empty plan per pair, the mentees' open needs closed.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from portal.core.models import Competence, Person
from portal.imports.engine import NEW, RowProblem
from portal.imports.organisations import OrganisationMatcher
from portal.permissions.policy import Scope

from .import_columns import (
    PAIR_COLUMNS,
    PAIR_PARSERS,
    PAIR_RELATIONS,
    PAIR_WRITTEN,
    PeopleIndex,
    find_by_name,
)
from .models import (
    LIVE_PAIR_STATUSES,
    Mentor,
    MentoringForm,
    MentoringNeed,
    MentorStatus,
    Pair,
    PairStatus,
    Plan,
)
from .pairing import loads
from .resources import (
    _options,
    _organisation,
    _repeated,
    _Resource,
    _through_sets,
    _user_id,
)


# Pairs --------------------------------------------------------------------------------
class PairResource(_Resource):
    """Mentoring pairs and groups from a spreadsheet (`mentoring_pairs`)."""

    name = "mentoring_pairs"
    title = gettext_lazy("Наставнические пары")
    columns = PAIR_COLUMNS
    parsers = PAIR_PARSERS
    written_fields = PAIR_WRITTEN
    written_relations = PAIR_RELATIONS

    mentor = fields.Field(
        attribute="mentor__person__full_name", column_name="Наставник (ФИО)",
        readonly=True,
    )  # fmt: skip
    organisation = fields.Field(
        attribute="organisation__name", column_name="Организация", readonly=True
    )
    form = fields.Field(
        attribute="form__name", column_name="Форма наставничества", readonly=True
    )

    class Meta:
        model = Pair
        fields = ("mentor", "organisation", "form", "start_date", "planned_end_date",
                  "status", "outcome")  # fmt: skip
        export_order = fields

    def subject(self, values: dict) -> str:
        mentor, mentees = values.get("mentor") or "", values.get("mentees") or ()
        return f"{mentor} → {'; '.join(mentees)}" if mentees else mentor

    def key_description(self, row) -> str:
        return _("Пара «%(subject)s»") % {"subject": row.subject}

    # Loading --------------------------------------------------------------------------
    def prepare(self, rows, context) -> None:
        lookups, scope = context.lookups, context.scope
        mine = lookups["organisations"] = OrganisationMatcher.load(scope)
        # A mentor may work anywhere in the registry (a municipal methodist).
        anywhere = lookups["mentor_organisations"] = OrganisationMatcher.load(
            Scope(everything=True, municipalities=scope.municipalities)
        )
        organisations = set()
        for row in rows:
            for matcher, name in (
                (mine, "organisation"),
                (anywhere, "mentor_organisation"),
            ):
                if row.values.get(name):
                    try:
                        organisations.add(matcher.find(row.values[name]).pk)
                    except RowProblem:
                        continue
        people = list(Person.objects.filter(organisation_id__in=organisations))
        lookups["people"] = PeopleIndex(people)
        lookups["names"] = {p.pk: p.full_name for p in people}
        # Lock the mentors' rows: nobody takes their last places meanwhile.
        mentor_ids = list(
            Mentor.objects.select_for_update()
            .filter(person__organisation_id__in=organisations)
            .values_list("pk", flat=True)
        )
        mentors = {
            m.person_id: m
            for m in Mentor.objects.filter(pk__in=mentor_ids).select_related("person")
        }
        lookups["mentors"] = mentors
        lookups["loads"] = loads(mentor_ids)
        pairs = list(Pair.objects.filter(mentor_id__in=mentor_ids))
        mentees = _through_sets(Pair.mentees, [p.pk for p in pairs])
        targets = _through_sets(Pair.target_competences, [p.pk for p in pairs])
        by_key, live = {}, {}
        for pair in pairs:
            people_of = mentees.get(pair.pk, set())
            pair._import_relations = {
                "mentees": people_of,
                "target_competences": targets.get(pair.pk, set()),
            }
            by_key[(pair.mentor_id, pair.start_date, frozenset(people_of))] = pair
            if pair.status in LIVE_PAIR_STATUSES:
                for person in people_of:
                    live.setdefault((pair.mentor_id, person), pair)
        lookups.update(pairs=by_key, live=live, added={}, taken={})
        lookups["forms"] = _options(MentoringForm)
        lookups["form_kinds"] = dict(MentoringForm.objects.values_list("pk", "kind"))
        lookups["competences"] = _options(Competence)
        self.labels = {
            "mentor_id": {m.pk: m.person.full_name for m in mentors.values()},
            "mentees": {p.pk: p.full_name for p in people},
            "organisation_id": {pk: k.name for pk, k in anywhere.by_pk.items()},
            "mentor_organisation_id": {pk: k.name for pk, k in anywhere.by_pk.items()},
            "form_id": dict(MentoringForm.objects.values_list("pk", "name")),
            "target_competences": dict(Competence.objects.values_list("pk", "name")),
            "status": dict(PairStatus.choices),
        }
        keys: dict[tuple, list[int]] = {}
        for row in rows:
            try:
                _org, mentor, people_of = self._people(row.values, lookups)
            except RowProblem:
                continue
            key = (mentor.pk, row.values.get("start_date"), frozenset(people_of))
            keys.setdefault(key, []).append(row.number)
        lookups["keys"] = keys

    def _people(self, values, lookups):
        """(the pair's organisation, the mentor's card, the mentees' ids)."""
        organisation = _organisation(
            lookups["organisations"], values.get("organisation")
        )
        mentor_org = organisation
        if values.get("mentor_organisation"):
            mentor_org = _organisation(
                lookups["mentor_organisations"], values["mentor_organisation"],
                field="mentor_organisation",
            )  # fmt: skip
        index = lookups["people"]
        person = index.find(mentor_org.pk, values.get("mentor") or "", "mentor",
                            _("Наставника"))  # fmt: skip
        mentor = lookups["mentors"].get(person.pk)
        if mentor is None:
            raise RowProblem(
                _(
                    "%(name)s нет в реестре наставников: сначала загрузите его "
                    "импортом «Наставники» или добавьте в реестр."
                )
                % {"name": person.full_name},
                "mentor",
            )
        mentees = []
        for name in values.get("mentees") or ():
            found = index.find(organisation.pk, name, "mentees", _("Наставляемого"))
            if found.pk not in mentees:
                mentees.append(found.pk)
        if not mentees:
            raise RowProblem(_("Укажите хотя бы одного наставляемого."), "mentees")
        return organisation, mentor, mentees

    # Resolving --------------------------------------------------------------------------
    def resolve(self, row, context) -> None:
        values, lookups = row.values, context.lookups
        organisation, mentor, mentees = self._people(values, lookups)
        if mentor.person_id in mentees:
            raise RowProblem(
                _("Наставник не может быть собственным наставляемым."), "mentees"
            )
        form_id = find_by_name(lookups["forms"], values["form"], "form",
                               _("Формы наставничества"))  # fmt: skip
        targets = {
            find_by_name(lookups["competences"], name, "target_competences",
                         _("Компетенции"))
            for name in values.get("target_competences") or ()
        }  # fmt: skip
        start, end = values["start_date"], values.get("planned_end_date")
        if end and end < start:
            raise RowProblem(_("Плановое окончание раньше начала."), "planned_end_date")
        status = values.get("status") or PairStatus.ACTIVE
        outcome = values.get("outcome") or ""
        if status == PairStatus.TERMINATED and not outcome:
            raise RowProblem(
                _("Пара прекращена досрочно: укажите причину в столбце «Результат»."),
                "outcome",
            )
        row.key = (mentor.pk, start, frozenset(mentees))
        _repeated(row, lookups["keys"], "mentor", _("Эта пара"))
        instance = row.instance = lookups["pairs"].get(row.key)
        if instance is not None and not lookups["organisations"].in_scope(
            instance.organisation_id
        ):
            raise RowProblem(
                _("Эта пара уже есть на портале в организации вне вашей территории."),
                "organisation",
            )
        live = status in LIVE_PAIR_STATUSES
        becomes_live = live and (instance is None or not instance.is_live)
        if becomes_live:
            self._check_live(row, mentor, mentees, instance, lookups)
        data = {
            "mentor_id": mentor.pk,
            "organisation_id": organisation.pk,
            "form_id": form_id,
            "start_date": start,
            "planned_end_date": end,
            "status": status,
            "outcome": outcome if status != PairStatus.TERMINATED else "",
            "termination_reason": outcome if status == PairStatus.TERMINATED else "",
            "mentor_organisation_id": (
                mentor.person.organisation_id
                if lookups["form_kinds"].get(form_id) == MentoringForm.Kind.TEAM
                else None
            ),
        }
        if instance is not None:
            if instance.status == PairStatus.TERMINATED and status == instance.status:
                data["outcome"] = instance.outcome  # the file's text is the reason
            if not live and instance.actual_end_date is None:
                data["actual_end_date"] = self._ended(end)
            elif live and instance.actual_end_date is not None:
                data["actual_end_date"] = None
        else:
            if not live:
                data["actual_end_date"] = self._ended(end)
            data["created_by_id"] = _user_id(context)
        row.data = data
        row.relations = {"mentees": set(mentees), "target_competences": targets}
        if becomes_live:  # only now: a rejected row takes no place
            lookups["added"][mentor.pk] = lookups["added"].get(mentor.pk, 0) + len(
                mentees
            )
            for person in mentees:
                lookups["taken"][(mentor.pk, person)] = row.number

    @staticmethod
    def _ended(end):
        today = timezone.localdate()
        return end if end and end <= today else today

    @staticmethod
    def _check_live(row, mentor, mentees, instance, lookups) -> None:
        """pairing.validate_pair's rules, counting the file's earlier rows too."""
        name = mentor.person.full_name
        if mentor.status != MentorStatus.ACTIVE:
            raise RowProblem(
                _("%(name)s сейчас не ведёт наставляемых (статус: %(status)s).")
                % {"name": name, "status": mentor.get_status_display()},
                "mentor",
            )
        for person in mentees:
            pair = lookups["live"].get((mentor.pk, person))
            if pair is not None and pair != instance:
                raise RowProblem(
                    _(
                        "У наставника уже есть действующая пара с этим наставляемым "
                        "(%(name)s, с %(date)s)."
                    )
                    % {
                        "name": lookups["names"].get(person, ""),
                        "date": pair.start_date.strftime("%d.%m.%Y"),
                    },
                    "mentees",
                )
            other = lookups["taken"].get((mentor.pk, person))
            if other is not None:
                raise RowProblem(
                    _(
                        "Наставник и наставляемый %(name)s уже составляют действующую "
                        "пару в строке %(row)s файла."
                    )
                    % {"name": lookups["names"].get(person, ""), "row": other},
                    "mentees",
                )
        load = lookups["loads"].get(mentor.pk, 0)
        added = lookups["added"].get(mentor.pk, 0)
        if load + added + len(mentees) > mentor.capacity:
            message = _(
                "У наставника %(name)s нет свободных мест: ведёт %(load)s из "
                "%(capacity)s, а нужно ещё %(new)s."
            ) % {
                "name": name,
                "load": load + added,
                "capacity": mentor.capacity,
                "new": len(mentees),
            }
            if added:
                message += " " + _(
                    "Из них %(added)s — в строках выше в этом файле."
                ) % {"added": added}
            raise RowProblem(message, "mentor")

    def changed_fields(self, row) -> list[tuple[str, str, str]]:
        data = row.data
        row.data = {k: v for k, v in data.items() if k != "created_by_id"}
        try:
            return super().changed_fields(row)
        finally:
            row.data = data

    # Writing ----------------------------------------------------------------------------
    def after_write(self, rows, context) -> None:
        """What register_pair does after creating a pair: its empty plan, and the
        mentees' open needs closed. Pairs are never indexed (personal data)."""
        new = [r for r in rows if r.action == NEW]
        if not new:
            return
        Plan.objects.bulk_create([Plan(pair_id=r.instance.pk) for r in new])
        pair_of = {}
        for r in sorted(new, key=lambda r: r.number):
            for person in r.relations["mentees"]:
                pair_of.setdefault(person, r.instance.pk)
        needs = list(
            MentoringNeed.objects.filter(
                Q(person_id__in=list(pair_of)), closed_at__isnull=True
            )
        )
        now = timezone.now()
        for need in needs:
            need.closed_at, need.pair_id = now, pair_of[need.person_id]
        MentoringNeed.objects.bulk_update(needs, ["closed_at", "pair"], batch_size=500)
