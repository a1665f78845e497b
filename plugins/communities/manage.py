"""The community head's tools on the public site, without the Wagtail admin:
«Управление сообществом» (overview), «Участники», «План работы», «Материалы».

Routed by ``CommunityPage`` (``manage/``…). Allowed to the community's active leaders
(head, deputies) and to whoever may edit the page in Wagtail (its territory's
editors); anyone else signed in gets a 404, a visitor who is not signed in the login
page. Every POST goes through a form of ``forms``; every change is one transaction.
"""

from functools import reduce
from operator import or_

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.imports.normalise import key

from . import membership_flow as flow
from .forms import (
    MEMBER_ROLES,
    DecisionForm,
    InvitationForm,
    InviteForm,
    MaterialForm,
    MemberForm,
    region_people,
)
from .models import CommunityMaterial, Membership

#: People shown at most by the search of «Пригласить».
FOUND = 20
#: Order of the roles in the list of members.
ROLE_ORDER = [value for value, _label in Membership.Role.choices]


# Who may manage ---------------------------------------------------------------------


def is_leader(user, page) -> bool:
    return Membership.objects.filter(
        community=page,
        person__user=user,
        status=Membership.Status.ACTIVE,
        role__in=Membership.LEADERS,
    ).exists()


def page_editor(user, page) -> bool:
    """May ``user`` edit the community page in Wagtail (cached per request user)."""
    cache = user.__dict__.setdefault("_communities_page_editor", {})
    if page.pk not in cache:
        cache[page.pk] = bool(
            user.is_authenticated and page.permissions_for_user(user).can_edit()
        )
    return cache[page.pk]


def can_manage(user, page) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return page_editor(user, page) or is_leader(user, page)


def refuse(page, request):
    """A response for whoever may not manage ``page`` (None for those who may)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_manage(request.user, page):
        raise Http404
    return None


def render_manage(request, page, template: str, context: dict, status: int = 200):
    context = {
        "page": page,
        "self": page,
        "manage_url": f"{page.url}manage/",
        "current_year": timezone.localdate().year,
        **context,
    }
    return TemplateResponse(
        request, f"communities/manage/{template}", context, status=status
    )


def form_errors(request, form) -> None:
    for name, errors in form.errors.items():
        for error in errors:
            label = form.fields[name].label if name in form.fields else None
            messages.error(request, f"{label}: {error}" if label else str(error))


# «Управление» -----------------------------------------------------------------------


def manage_view(page, request):
    refused = refuse(page, request)
    if refused is not None:
        return refused
    counts = dict(
        page.memberships.values_list("status").annotate(n=Count("pk")).order_by()
    )
    years = sorted(
        {*page.plans.values_list("year", flat=True), timezone.localdate().year},
        reverse=True,
    )
    plans = {plan.year: plan for plan in page.plans.all()}
    return render_manage(
        request,
        page,
        "overview.html",
        {
            "counts": counts,
            "plan_years": [(year, plans.get(year)) for year in years],
            "materials_count": page.materials.count(),
        },
    )


# «Участники» ------------------------------------------------------------------------


def search_people(page, query: str) -> list:
    """People of the community's region whose name parts start with every word of
    ``query`` (case and ё folded in Python, so it works the same on every database).
    The database narrows by the first two letters of the first word."""
    words = [key(word) for word in query.split()][:4]
    if not words or len(words[0]) < 2:
        return []
    start = words[0][:2]
    variants = {start, start.capitalize(), start.upper()}
    variants |= {v.replace("е", "ё").replace("Е", "Ё") for v in variants}
    narrow = reduce(
        or_,
        (
            Q(**{f"{part}__startswith": variant})
            for part in ("last_name", "first_name", "middle_name")
            for variant in variants
        ),
    )
    candidates = (
        region_people(page)
        .filter(narrow)
        .order_by("last_name", "first_name", "middle_name", "pk")
        .values_list("pk", "last_name", "first_name", "middle_name")[:3000]
    )
    found = []
    for pk, *parts in candidates:
        folded = [key(part) for part in parts if part]
        if all(any(part.startswith(word) for part in folded) for word in words):
            found.append(pk)
            if len(found) == FOUND:
                break
    people = region_people(page).filter(pk__in=found).select_related("organisation")
    states = dict(
        page.memberships.filter(person_id__in=found).values_list("person_id", "status")
    )
    people = sorted(people, key=lambda p: found.index(p.pk))
    for person in people:
        person.community_status = states.get(person.pk, "")
    return people


MEMBER_ACTIONS = {
    "decide": DecisionForm,
    "invite": InviteForm,
    "withdraw": InvitationForm,
    "role": MemberForm,
    "remove": MemberForm,
}


def _member_action(page, request, action: str, form) -> str:
    """Apply a valid form; the message to show. Raises MembershipError."""
    data = form.cleaned_data
    if action == "decide":
        approve = data["decision"] == "approve"
        row = flow.decide(data["membership"], approve, request.user)
        template = (
            _("%(name)s: заявка одобрена.")
            if approve
            else _("%(name)s: заявка отклонена.")
        )
        return template % {"name": row.person}
    if action == "invite":
        row = flow.invite(page, data["person_obj"], data["role"], request.user)
        return _("%(name)s: приглашение отправлено.") % {"name": row.person}
    if action == "withdraw":
        flow.withdraw_invitation(data["membership"])
        return _("Приглашение отозвано.")
    if action == "role":
        if not data.get("role"):
            raise flow.MembershipError(_("Выберите роль из списка."))
        row = flow.change_role(data["membership"], data["role"])
        return _("%(name)s: роль «%(role)s».") % {
            "name": row.person,
            "role": row.get_role_display(),
        }
    row = flow.remove(data["membership"], request.user)
    return _("%(name)s исключен(а) из сообщества.") % {"name": row.person}


def members_view(page, request):
    """Requests to decide, invitations, active members (roles, removal), the search
    that invites people of the region."""
    refused = refuse(page, request)
    if refused is not None:
        return refused
    invite_form = InviteForm(community=page)
    if request.method == "POST":
        action = request.POST.get("action", "")
        form_class = MEMBER_ACTIONS.get(action)
        if form_class is None:
            messages.error(request, _("Неизвестное действие."))
            return redirect(request.path)
        form = form_class(request.POST, community=page)
        if form.is_valid():
            try:
                messages.success(request, _member_action(page, request, action, form))
            except flow.MembershipError as error:
                messages.error(request, str(error))
            return redirect(request.path)
        form_errors(request, form)
        if action == "invite":
            invite_form = form
    rows = list(
        page.memberships.filter(
            status__in=[
                Membership.Status.REQUESTED,
                Membership.Status.INVITED,
                Membership.Status.ACTIVE,
            ]
        ).select_related("person__organisation")
    )
    members = sorted(
        (row for row in rows if row.status == Membership.Status.ACTIVE),
        key=lambda row: (ROLE_ORDER.index(row.role), row.person.full_name),
    )
    query = request.GET.get("q", "").strip()[:100]
    counts = dict(
        page.memberships.values_list("status").annotate(n=Count("pk")).order_by()
    )
    return render_manage(
        request,
        page,
        "members.html",
        {
            "requests": [r for r in rows if r.status == Membership.Status.REQUESTED],
            "invitations": [r for r in rows if r.status == Membership.Status.INVITED],
            "members": members,
            "counts": counts,
            "leader_roles": Membership.LEADERS,
            "member_roles": MEMBER_ROLES,
            "query": query,
            "found": search_people(page, query) if query else None,
            "invite_form": invite_form,
        },
        status=200 if request.method == "GET" else 400,
    )


# «Материалы» ------------------------------------------------------------------------


def materials_view(page, request):
    """Upload a file or a link (product or working material, public or members
    only); delete."""
    refused = refuse(page, request)
    if refused is not None:
        return refused
    form = MaterialForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "delete":
            material = page.materials.filter(pk=parse_id(request.POST.get("material")))
            material = material.first()
            if material is None:
                messages.error(request, _("Материал не найден: обновите страницу."))
            else:
                _delete_material(material)
                messages.success(
                    request, _("Материал «%(title)s» удалён.") % {"title": material}
                )
            return redirect(request.path)
        form = MaterialForm(request.POST, request.FILES)
        if form.is_valid():
            material = form.save(commit=False)
            material.community = page
            material.added_by = request.user
            with transaction.atomic():
                material.save()
            messages.success(
                request, _("Материал «%(title)s» добавлен.") % {"title": material}
            )
            return redirect(request.path)
        status = 400
    return render_manage(
        request,
        page,
        "materials.html",
        {"form": form, "materials": list(page.materials.all())},
        status=status,
    )


def _delete_material(material: CommunityMaterial) -> None:
    """The row, then its file once the deletion is committed."""
    file = material.file
    with transaction.atomic():
        material.delete()
        if file:
            storage, name = file.storage, file.name
            transaction.on_commit(lambda: storage.delete(name))


def parse_id(value) -> int | None:
    value = (value or "").strip()
    return (
        int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None
    )


# «План работы» ---------------------------------------------------------------------


def plan_view(page, request, year: int):
    """The plan of ``year`` (``plan_manage``, behind the same access check)."""
    from .plan_manage import edit_plan

    refused = refuse(page, request)
    if refused is not None:
        return refused
    return edit_plan(page, request, year)
