"""Writes the plan's registry records: territories, organisations, people, acts, glossary.

Upserts by natural key (ОКТМО, ИНН, organisation + full name, issuer + number + date,
term): a record missing from the DB is created, a record whose values differ from the
plan is updated, the rest is left untouched — so a second run changes nothing.
Organisations and people go in bulk; bulk writes send no signals, so organisations
are added to the search index here.
"""

from dataclasses import dataclass

from wagtail.search.backends import get_search_backends

from portal.core.models import (
    GlossaryTerm,
    NormativeAct,
    Organisation,
    OrganisationStatus,
    Person,
    PersonRole,
    Subject,
    Territory,
)

from . import glossary, territory
from .plan import DemoPlan

BATCH = 1000


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    links: int = 0  # many-to-many rows added or removed

    def count(self, created: bool, changed: bool) -> None:
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1


def _assign(obj, values: dict) -> bool:
    """Set `values` on `obj`; True if anything differed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _upsert(model, lookup: dict, values: dict, tally: Tally):
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    changed = _assign(obj, values)
    if created or changed:
        obj.save()
    tally.count(created, changed)
    return obj


def upsert_territories(plan: DemoPlan, tally: Tally) -> tuple[Territory, dict]:
    """The region and its municipalities; returns (region, {ОКТМО: municipality})."""
    region = _upsert(
        Territory,
        {"oktmo": territory.REGION_OKTMO},
        {
            "kind": Territory.Kind.REGION,
            "name": territory.REGION_NAME,
            "short_name": territory.REGION_SHORT,
            "parent": None,
            "region_code": territory.REGION_CODE,
            "timezone": territory.REGION_TIMEZONE,
        },
        tally,
    )
    municipalities = {}
    for mun in plan.municipalities:
        municipalities[mun.oktmo] = _upsert(
            Territory,
            {"oktmo": mun.oktmo},
            {
                "kind": Territory.Kind.MUNICIPALITY,
                "name": mun.name,
                "short_name": mun.short_name,
                "parent": region,
                "region_code": territory.REGION_CODE,
                "timezone": territory.REGION_TIMEZONE,
            },
            tally,
        )
    return region, municipalities


def _sync_m2m(through, owner: str, target: str, scope: dict, ids, wanted, tally):
    """Make the rows of `through` for the owners `ids` equal to `wanted`.

    `wanted` holds (owner_id, target_id) pairs; `scope` is a filter narrowing the
    rows read (the region), so that no long `IN (…)` list is sent to the database.
    Rows of owners outside `ids` (records the demo did not plan) are left alone.
    """
    ids = set(ids)
    existing = {}
    for pk, owner_id, target_id in through.objects.filter(**scope).values_list(
        "pk", f"{owner}_id", f"{target}_id"
    ):
        if owner_id in ids:
            existing[(owner_id, target_id)] = pk
    missing = wanted - existing.keys()
    through.objects.bulk_create(
        [through(**{f"{owner}_id": o, f"{target}_id": t}) for o, t in sorted(missing)],
        batch_size=BATCH * 2,
    )
    extra = [pk for pair, pk in existing.items() if pair not in wanted]
    for start in range(0, len(extra), BATCH):
        through.objects.filter(pk__in=extra[start : start + BATCH]).delete()
    tally.links += len(missing) + len(extra)


def _bulk_upsert(model, plans, key, values, existing: dict, tally: Tally):
    """Create the missing rows in bulk, update the changed ones.

    Returns ({key: instance}, [created and updated instances]).
    """
    new, changed, result = [], [], {}
    fields = None
    for item in plans:
        k, v = key(item), values(item)
        fields = fields or list(v)
        obj = existing.get(k)
        if obj is None:
            obj = model(**v)
            new.append(obj)
        elif _assign(obj, v):
            changed.append(obj)
        result[k] = obj
    model.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=BATCH)
    tally.created += len(new)
    tally.updated += len(changed)
    tally.unchanged += len(result) - len(new) - len(changed)
    return result, new + changed


def upsert_organisations(plan: DemoPlan, region, municipalities, tally: Tally) -> dict:
    """Organisations by ИНН, their statuses; returns {ИНН: Organisation}."""
    existing = {
        o.inn: o
        for o in Organisation.objects.filter(
            inn__in=[p.inn for p in plan.organisations]
        )
    }

    def values(p):
        return {
            "inn": p.inn, "ogrn": p.ogrn, "name": p.name, "short_name": p.short_name,
            "kind": p.kind, "level": Organisation(kind=p.kind).default_level(),
            "region_id": region.pk,
            "municipality_id": municipalities[p.municipality.oktmo].pk if p.municipality else None,
            "number": p.number, "aliases": "\n".join(p.aliases), "website": p.website,
            "address": p.address, "phone": p.phone, "email": p.email,
        }  # fmt: skip

    orgs, touched = _bulk_upsert(
        Organisation, plan.organisations, lambda p: p.inn, values, existing, tally
    )
    statuses = {
        name: OrganisationStatus.objects.get_or_create(name=name)[0].pk
        for name in sorted({s for p in plan.organisations for s in p.statuses})
    }
    wanted = {
        (orgs[p.inn].pk, statuses[s]) for p in plan.organisations for s in p.statuses
    }
    _sync_m2m(
        Organisation.statuses.through,
        "organisation",
        "organisationstatus",
        {"organisation__region": region},
        [o.pk for o in orgs.values()],
        wanted,
        tally,
    )
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Organisation, touched)
    return orgs


def upsert_people(plan: DemoPlan, region, orgs: dict, tally: Tally) -> None:
    """People by (organisation, full name), with their roles and subjects."""
    existing = {
        (p.organisation_id, p.last_name, p.first_name, p.middle_name): p
        for p in Person.objects.filter(organisation__region=region)
    }

    def key(p):
        return (orgs[p.organisation].pk, p.last_name, p.first_name, p.middle_name)

    def values(p):
        return {
            "organisation_id": orgs[p.organisation].pk, "last_name": p.last_name,
            "first_name": p.first_name, "middle_name": p.middle_name,
            "position": p.position, "qualification_category": p.qualification_category,
            "birth_date": p.birth_date, "career_start_date": p.career_start_date,
            "email": p.email, "phone": p.phone, "public_consent": p.public_consent,
            "public_fields": list(p.public_fields),
        }  # fmt: skip

    people, _ = _bulk_upsert(Person, plan.people, key, values, existing, tally)
    roles = {r.code: r.pk for r in PersonRole.objects.all()}
    for code in sorted({r for p in plan.people for r in p.roles} - roles.keys()):
        # Seeded by core/0002; recreated here only if an admin deleted one.
        roles[code] = PersonRole.objects.create(code=code, name=code).pk
    subjects = {s.name: s.pk for s in Subject.objects.all()}
    for name in sorted({s for p in plan.people for s in p.subjects} - subjects.keys()):
        subjects[name] = Subject.objects.create(name=name).pk
    scope = {"person__organisation__region": region}
    ids = [p.pk for p in people.values()]
    wanted_roles = {(people[key(p)].pk, roles[r]) for p in plan.people for r in p.roles}
    _sync_m2m(
        Person.roles.through, "person", "personrole", scope, ids, wanted_roles, tally
    )
    wanted_subjects = {
        (people[key(p)].pk, subjects[s]) for p in plan.people for s in p.subjects
    }
    _sync_m2m(
        Person.subjects.through, "person", "subject", scope, ids, wanted_subjects, tally
    )


def upsert_acts(plan: DemoPlan, region, municipalities, orgs, tally: Tally) -> dict:
    """Normative acts by (issuer, number, date); `implements` is linked afterwards."""
    acts = {}
    for a in plan.acts:
        org = orgs[a.organisation] if a.organisation else None
        mun = municipalities[a.municipality] if a.municipality else None
        acts[a.key] = _upsert(
            NormativeAct,
            {"issuer": a.issuer, "number": a.number, "date": a.date},
            {
                "kind": a.kind, "title": a.title, "status": a.status, "level": a.level,
                "region": None if a.level == "federal" else region,
                "municipality": mun or (org.municipality if org else None),
                "organisation": org, "url": a.url,
            },
            tally,
        )  # fmt: skip
    by_number = {(a.issuer, a.number): acts[a.key] for a in plan.acts}
    for a in plan.acts:
        target = by_number[a.implements] if a.implements else None
        act = acts[a.key]
        if act.implements_id != (target.pk if target else None):
            act.implements = target
            act.save(update_fields=["implements"])
    return by_number


def upsert_glossary(acts_by_number: dict, tally: Tally) -> None:
    for term, full_form, definition, variants, source in glossary.TERMS:
        _upsert(
            GlossaryTerm,
            {"term": term},
            {
                "full_form": full_form,
                "definition": f"<p>{definition}</p>",
                "variants": "\n".join(variants),
                "source": acts_by_number.get(source) if source else None,
            },
            tally,
        )
