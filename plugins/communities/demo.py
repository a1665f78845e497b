"""Demo communities and best practices for ``portal demo`` (portal_demo_content hook).

A registry in the region's section and in the first three municipalities' (about twenty
communities of the kinds DOMAIN.md names, with subjects, base organisations and join
methods), members with roles taken from the demo's people (their consent decides who
is named), a published plan of work for the current year, a few products, and a bank
of best practices in the region with practices at every stage. Idempotent: nothing is
created when the region already has a registry. Random choices come from a stream of
their own, so the rest of the demo stays as it was.
"""

import datetime as dt
import random

from django.db import transaction
from wagtail.models import Page

from portal.core.models import NormativeAct, Organisation, Person, Subject
from portal.core.slugs import latin
from portal.sections.models import MunicipalityPage, RegionPage

from .demo_data import (
    CATALOGUE_SLUG,
    CATALOGUE_TITLE,
    MUNICIPAL,
    MUNICIPAL_EXTRA,
    PLAN_TOPICS,
    PRACTICES,
    PRODUCTS,
    REGIONAL,
    REGISTRY_INTRO,
    REGISTRY_SLUG,
    REGISTRY_TITLE,
    Plan,
)
from .models import (
    CommunityMaterial,
    CommunityPage,
    CommunityRegistryPage,
    CommunityStatus,
    CommunityType,
    Membership,
    PlanItem,
    PracticeCatalogPage,
    PracticePage,
    PracticeStage,
    WorkPlan,
)


class Builder:
    """Writes the demo's communities; counts what it creates."""

    def __init__(self, region, seed, today):
        self.region = region
        self.rng = random.Random(f"{seed}:communities")
        self.today = today
        self.types = {t.code: t for t in CommunityType.objects.all()}
        self.subjects = {s.name: s for s in Subject.objects.all()}
        self.created = {
            "реестры сообществ": 0,
            "сообщества": 0,
            "участники сообществ": 0,
            "планы работы сообществ": 0,
            "материалы сообществ": 0,
            "банки практик": 0,
            "лучшие практики": 0,
        }
        self.communities: dict[str, CommunityPage] = {}

    # People ---------------------------------------------------------------------
    def people(self, where: dict, subjects) -> list[tuple[int, bool]]:
        """(id, may be named) of the people ``where`` (a filter) teaching one of
        ``subjects`` (anyone, when there are none or too few teach them)."""
        everyone = Person.objects.filter(**where).order_by("pk")
        found = []
        if subjects:
            found = list(
                everyone.filter(subjects__name__in=subjects)
                .distinct()
                .values_list("pk", "public_consent", "public_fields")
            )
        if len(found) < 6:
            found = list(everyone.values_list("pk", "public_consent", "public_fields"))
        return [
            (pk, consent and "name" in (fields or [])) for pk, consent, fields in found
        ]

    def members(self, community: CommunityPage, pool) -> None:
        """A head (usually one who may be named), a deputy, a secretary, members and a
        couple of requests; the page names its head and deputy."""
        rng = self.rng
        if not pool:
            return
        named = [pk for pk, ok in pool if ok]
        if named and rng.random() < 0.8:
            head = rng.choice(named)
        else:
            head = rng.choice(pool)[0]
        others = [pk for pk, _ in pool if pk != head]
        rng.shuffle(others)
        size = min(len(others), rng.randint(5, 14))
        chosen, requests = others[:size], others[size : size + rng.randint(0, 2)]
        rows = [(head, Membership.Role.HEAD, Membership.Status.ACTIVE)]
        for number, pk in enumerate(chosen):
            role = (
                Membership.Role.DEPUTY
                if number == 0
                else Membership.Role.SECRETARY
                if number == 1
                else Membership.Role.MEMBER
            )
            rows.append((pk, role, Membership.Status.ACTIVE))
        rows += [
            (pk, Membership.Role.MEMBER, Membership.Status.REQUESTED) for pk in requests
        ]
        Membership.objects.bulk_create(
            [
                Membership(
                    community=community,
                    person_id=pk,
                    role=role,
                    status=status,
                    joined_on=(
                        self.today - dt.timedelta(days=rng.randint(30, 900))
                        if status == Membership.Status.ACTIVE
                        else None
                    ),
                    message="Прошу принять меня в сообщество."
                    if status == Membership.Status.REQUESTED
                    else "",
                )
                for pk, role, status in rows
            ]
        )
        self.created["участники сообществ"] += len(rows) - len(requests)
        community.head_id = head
        deputies = [pk for pk, role, _ in rows if role == Membership.Role.DEPUTY]
        community.deputies.set(deputies)

    # Pages ----------------------------------------------------------------------
    def registry(self, section) -> CommunityRegistryPage:
        registry = CommunityRegistryPage(
            title=REGISTRY_TITLE, slug=REGISTRY_SLUG, intro=REGISTRY_INTRO
        )
        section.add_child(instance=registry)
        registry.save_revision().publish()
        self.created["реестры сообществ"] += 1
        return registry

    def community(self, registry, plan: Plan, base, pool, act=None) -> CommunityPage:
        number = self.created["сообщества"] + 1
        page = CommunityPage(
            title=plan.title,
            slug=f"{latin(plan.title)[:50].strip('-')}-{number}",
            community_type=self.types.get(plan.type),
            base_organisation=base,
            problem_area=plan.problem,
            intro=plan.intro or f"{plan.title}: методическая поддержка и обмен опытом.",
            join_method=plan.join,
            status=plan.status,
            founding_act=act,
            contact_email=(base.email if base is not None else ""),
            contacts="Заседания — по плану работы; вопросы — через форму на портале.",
        )
        registry.add_child(instance=page)
        page.subjects.set(
            [self.subjects[s] for s in plan.subjects if s in self.subjects]
        )
        self.members(page, pool)
        page.save_revision().publish()
        self.created["сообщества"] += 1
        self.communities.setdefault(plan.title, page)
        if plan.status == CommunityStatus.ACTIVE:
            self.work_plan(page, events=self.events_of(registry.get_parent()))
        return page

    def work_plan(self, page: CommunityPage, events) -> None:
        rng, year = self.rng, self.today.year
        plan = WorkPlan.objects.create(
            community=page, year=year, published=True,
            note="План утверждён на установочном заседании.",
        )  # fmt: skip
        self.created["планы работы сообществ"] += 1
        items = []
        for order, (topic, form, month) in enumerate(PLAN_TOPICS):
            if rng.random() < 0.2:
                continue
            date = dt.date(year, month, rng.randint(5, 25))
            done = date < self.today
            items.append(
                PlanItem(
                    plan=plan,
                    topic=topic,
                    form=form,
                    date=date,
                    order=order,
                    responsible_id=page.head_id if order == 0 else None,
                    responsible_note="руководитель сообщества" if order == 0 else "",
                    done=done,
                    result="Проведено, материалы размещены для участников."
                    if done
                    else "",
                )
            )
        items.append(
            PlanItem(
                plan=plan,
                topic="Методическая неделя: взаимопосещение уроков",
                period="в течение года",
                order=len(PLAN_TOPICS),
            )
        )
        for event in events[: rng.randint(0, 2)]:
            items.append(
                PlanItem(
                    plan=plan,
                    topic=event.title,
                    form="мероприятие",
                    event=event,
                    date=event.start.date(),
                    order=len(items),
                    done=event.start.date() < self.today,
                )
            )
        PlanItem.objects.bulk_create(items)
        for number, (title, kind) in enumerate(PRODUCTS):
            if rng.random() < 0.5:
                continue
            CommunityMaterial.objects.create(
                community=page, title=title, kind=kind, members_only=False,
                url=f"https://example.org/soobshchestva/{page.slug}/{number + 1}.pdf",
            )  # fmt: skip
            self.created["материалы сообществ"] += 1
        CommunityMaterial.objects.create(
            community=page, title="Протокол установочного заседания",
            url=f"https://example.org/soobshchestva/{page.slug}/protokol.pdf",
        )  # fmt: skip
        self.created["материалы сообществ"] += 1

    def events_of(self, section) -> list:
        """Live event pages in the calendars of ``section``, read as pages (a page
        with a start), in random order; none unless the events plugin's demo ran
        before this one (pluggy calls the hook of the plugin enabled last first)."""
        pages = (
            Page.objects.live()
            .descendant_of(section)
            .filter(content_type__app_label="events", content_type__model="eventpage")
            .order_by("path")
            .specific()
        )
        found = [
            p
            for p in pages
            if getattr(p, "start", None) and p.depth == section.depth + 2
        ]
        self.rng.shuffle(found)
        return found

    def founding_act(self, plan: Plan, authority) -> NormativeAct | None:
        if authority is None or not plan.act:
            return None
        number = f"{self.rng.randint(100, 999)}-од"
        return NormativeAct.objects.create(
            kind=NormativeAct.Kind.ORDER,
            issuer=authority.short_name or authority.name,
            number=number,
            date=dt.date(self.today.year - self.rng.randint(1, 4), 9, 1),
            title=plan.act,
            level="regional",
            region=self.region,
        )

    def practices(self, region_page, schools) -> None:
        catalogue = PracticeCatalogPage(
            title=CATALOGUE_TITLE, slug=CATALOGUE_SLUG,
            intro="<p>Практики педагогов и школ региона: от выявления до "
            "распространения и федерального реестра.</p>",
        )  # fmt: skip
        region_page.add_child(instance=catalogue)
        catalogue.save_revision().publish()
        self.created["банки практик"] += 1
        authors = self.people({"organisation__in": schools}, ()) if schools else []
        named = [pk for pk, ok in authors if ok] or [pk for pk, _ in authors]
        for number, (title, community, subjects, kind, stage, stages) in enumerate(
            PRACTICES
        ):
            page = PracticePage(
                title=title,
                slug=f"{latin(title)[:50].strip('-')}-{number + 1}",
                community=self.communities.get(community),
                author_organisation=schools[number % len(schools)] if schools else None,
                kind=kind,
                stage=stage,
                education_stages=stages,
                effectiveness_confirmed=stage
                in (PracticeStage.RECOMMENDED, PracticeStage.DISSEMINATED),
                federal_registry=stage == PracticeStage.DISSEMINATED,
                intro=f"{title}: опыт, который можно перенести в свою школу.",
            )
            catalogue.add_child(instance=page)
            page.subjects.set(
                [self.subjects[s] for s in subjects if s in self.subjects]
            )
            if named:
                page.authors.set(self.rng.sample(named, k=min(2, len(named))))
            page.save_revision().publish()
            self.created["лучшие практики"] += 1


def build_demo_communities(region, municipalities, organisations, seed, today):
    region_page = RegionPage.objects.filter(territory=region).first()
    if (
        region_page is None
        or CommunityRegistryPage.objects.descendant_of(region_page).exists()
    ):
        return {}
    builder = Builder(region, seed, today)
    orgs = list(Organisation.objects.filter(region=region).order_by("pk"))
    regional = {o.kind: o for o in reversed(orgs) if o.municipality_id is None}
    authority = regional.get("regional_authority")
    with transaction.atomic():
        registry = builder.registry(region_page)
        regional_orgs = [o for o in orgs if o.municipality_id is None]
        for plan in REGIONAL:
            base = regional.get(plan.base) or regional.get("cnppm")
            pool = builder.people({"organisation__region": region}, plan.subjects)
            act = builder.founding_act(plan, authority)
            builder.community(registry, plan, base, pool, act)
        mun_pages = MunicipalityPage.objects.filter(
            territory__in=[t.pk for t in municipalities.values()]
        ).order_by("title")[:3]
        for number, mun_page in enumerate(mun_pages):
            registry = builder.registry(mun_page)
            own = [o for o in orgs if o.municipality_id == mun_page.territory_id]
            schools = [o for o in own if o.kind == "school"]
            plans = MUNICIPAL + MUNICIPAL_EXTRA[number : number + 1]
            for index, plan in enumerate(plans):
                by_kind = [o for o in own if o.kind == plan.base] if plan.base else []
                candidates = by_kind or schools or own
                base = candidates[index % len(candidates)] if candidates else None
                pool = builder.people({"organisation__in": own}, plan.subjects)
                builder.community(registry, plan, base, pool)
        schools = [o for o in orgs if o.kind == "school"][:12] or regional_orgs
        builder.practices(region_page, schools)
    return builder.created
