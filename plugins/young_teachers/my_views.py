"""«Моя поддержка» (``/young-teachers/my/``): a young teacher's status page.

So that a young teacher knows where they stand: whether the portal counts them as a
young teacher and until when (computed, ``Person.young_until``), every support they
have today from every source — this plugin's records with their form, title, period
and organiser, and each other plugin's ``SupportSource`` that is true for them (one
query over a one-person queryset, ``support.with_support``) — what is next (the
support that starts later, the offers other plugins make to young teachers through
``portal_audience_panels`` and their personal pages through ``portal_profile_links``:
the link to a mentor exists only when the mentoring plugin offers it), and, when they
have nothing yet, whom to ask: the public contacts of the nearest «Молодым педагогам».

Someone who is not a young teacher and never had support gets a kind explanation of
the rule (200, not an error); an account without a person card gets the same answer
as «Моё наставничество». Everything is about the signed-in person only.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from portal.core.models import Person
from portal.core.young import AGE_LIMIT, YEARS_OF_WORK
from portal.extensions.hooks import audience_panels, profile_links

from .models import SupportForm, SupportRecord, YoungTeacherCard
from .public import AUDIENCE, methodist_card, nearest_section
from .support import MANUAL, with_support

NO_PERSON = gettext_lazy(
    "Ваша учётная запись не связана с карточкой педагога в реестре портала, поэтому "
    "сведения о поддержке здесь недоступны. Обратитесь к методисту своей организации "
    "или муниципалитета."
)


@dataclass(frozen=True)
class OtherSupport:
    """Support another plugin's records show for the person (a SupportSource)."""

    title: str
    form: str


def person_of(user) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("organisation").first()


def other_support(person: Person, on: datetime.date) -> list[OtherSupport]:
    """The other plugins' sources true for the person on the date: one query for all
    of them, one more for the forms' names when some are."""
    people, found = with_support(Person.objects.filter(pk=person.pk), on)
    names = [f"support_{n}" for n in range(len(found))]
    row = people.values(*names).first() or {}
    true = [
        source
        for n, source in enumerate(found)
        if source.code != MANUAL.code and row.get(f"support_{n}")
    ]
    if not true:
        return []
    forms = dict(
        SupportForm.objects.filter(code__in=[s.form for s in true]).values_list(
            "code", "name"
        )
    )
    return [OtherSupport(str(s.title), forms.get(s.form, "")) for s in true]


def contacts(section) -> dict:
    """Public contacts of a «Молодым педагогам» page: the methodist as they allow
    (``Person.public_data``), the page's e-mail and phone."""
    if section is None:
        return {}
    methodist = methodist_card(section) or {}
    found = {
        "name": methodist.get("name", ""),
        "position": methodist.get("position", ""),
        "organisation": methodist.get("organisation", ""),
        "email": section.contact_email,
        "phone": section.contact_phone,
    }
    return found if any(found.values()) else {}


def _split(records, on):
    current, upcoming, past = [], [], []
    for record in records:
        if record.start_date > on:
            upcoming.append(record)
        elif record.end_date is not None and record.end_date < on:
            past.append(record)
        else:
            current.append(record)
    upcoming.sort(key=lambda r: (r.start_date, r.pk))
    return current, upcoming, past


def my_support(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = person_of(request.user)
    if person is None:
        return render(
            request, "young_teachers/my/no_person.html", {"message": NO_PERSON},
            status=404,
        )  # fmt: skip
    on = timezone.localdate()
    card = YoungTeacherCard.objects.filter(person=person).first()
    left_on = card.left_on if card is not None and card.left_on else None
    departed = left_on is not None and left_on <= on
    young = person.is_young_teacher(on) and not departed
    records = list(
        SupportRecord.objects.filter(person=person)
        .select_related("form", "organiser")
        .order_by("-start_date", "-pk")
    )
    section = nearest_section(person.organisation)
    found_contacts = contacts(section)
    context = {
        "person": person,
        "today": on,
        "young": young,
        "young_until": person.young_until,
        "departed_on": left_on if departed else None,
        "section": section,
        "contacts": found_contacts,
        "age_limit": AGE_LIMIT,
        "years_of_work": YEARS_OF_WORK,
    }
    if not young and not records:
        context["dates_known"] = bool(person.birth_date and person.career_start_date)
        return render(request, "young_teachers/my/not_young.html", context)

    current, upcoming, past = _split(records, on)
    others = other_support(person, on)
    own = reverse("young_teachers:my")
    context.update(
        current=current,
        upcoming=upcoming,
        past=past,
        others=others,
        covered=bool(current or others),
        support_count=len(current) + len(others),
        links=[link for link in profile_links(person) if link.url != own],
        panels=audience_panels(AUDIENCE, section, request) if section else [],
    )
    return render(request, "young_teachers/my/index.html", context)
