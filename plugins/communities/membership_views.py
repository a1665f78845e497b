"""Public membership views of a community page: the membership box, joining, leaving,
answering an invitation, and downloading the community's materials.

Routed by ``CommunityPage`` (``join/``, ``leave/``, ``invitation/``,
``materials/<id>/``); the box is rendered by ``communities/includes/membership.html``
from ``membership_context``. Changes are POST only (CSRF-protected like every form of
the site) and end with a redirect back to the page and a message.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.models import Person
from portal.documents.storage import private_file_response

from . import membership_flow as flow
from .forms import InvitationAnswerForm, JoinForm
from .manage import can_manage, page_editor
from .models import CommunityMaterial, Membership
from .models.taxonomy import CommunityStatus, JoinMethod

NO_PERSON = gettext_lazy(
    "Ваша учётная запись не связана с карточкой педагога в реестре портала. "
    "Обратитесь к методисту своего муниципалитета или организации."
)


def person_of(user) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


@dataclass
class MembershipBox:
    """What the signed-in visitor sees in the «Участие» block of a community page.

    ``state`` is ``anonymous``, ``no_person``, ``none`` (not a member, no request) or
    a membership status (``requested``, ``invited``, ``active``, ``declined``,
    ``left``)."""

    state: str
    join_method: str
    archived: bool
    login_url: str = ""
    person: Person | None = None
    membership: Membership | None = None
    join_form: JoinForm | None = None
    materials: list = field(default_factory=list)
    can_manage: bool = False

    @property
    def may_join(self) -> bool:
        """Show «Вступить» / «Подать заявку»."""
        return (
            not self.archived
            and self.join_method != JoinMethod.INVITATION
            and self.state in ("none", "declined", "left")
        )


def membership_context(page, request) -> dict:
    """``membership_box`` for the community page (``membership.html``)."""
    user = request.user
    box = MembershipBox(
        state="anonymous",
        join_method=page.join_method,
        archived=page.status == CommunityStatus.ARCHIVED,
    )
    if not user.is_authenticated:
        box.login_url = login_url(page)
        return {"membership_box": box}
    box.person = person_of(user)
    box.can_manage = can_manage(user, page)
    if box.person is None:
        box.state = "no_person"
    else:
        box.membership = (
            Membership.objects.filter(community=page, person=box.person)
            .select_related("person")
            .first()
        )
        box.state = box.membership.status if box.membership else "none"
    if box.may_join:
        box.join_form = JoinForm()
    if box.state == Membership.Status.ACTIVE or box.can_manage:
        box.materials = list(
            CommunityMaterial.objects.filter(community=page, members_only=True)
        )
    return {"membership_box": box}


def login_url(page) -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': page.url or '/'})}"


def back(page) -> str:
    return f"{page.url}#membership"


def _signed_in_person(page, request):
    """The Person of the signed-in user, or a response to return (login, message)."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(page.url)
    person = person_of(request.user)
    if person is None:
        messages.error(request, NO_PERSON)
        return None, redirect(back(page))
    return person, None


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Проверьте данные формы.")


def join_view(page, request):
    """«Вступить» (open) or «Подать заявку» (on request, with an optional message)."""
    if request.method != "POST":
        return redirect(back(page))
    person, response = _signed_in_person(page, request)
    if response is not None:
        return response
    form = JoinForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(back(page))
    try:
        row = flow.join(page, person, form.cleaned_data["message"])
    except flow.MembershipError as error:
        messages.error(request, str(error))
    else:
        if row.is_active:
            messages.success(request, _("Вы вступили в сообщество."))
        else:
            messages.success(
                request,
                _("Заявка отправлена. Руководитель сообщества рассмотрит её."),
            )
    return redirect(back(page))


def leave_view(page, request):
    """«Выйти из сообщества», or withdraw a pending request."""
    if request.method != "POST":
        return redirect(back(page))
    person, response = _signed_in_person(page, request)
    if response is not None:
        return response
    was_active = Membership.objects.filter(
        community=page, person=person, status=Membership.Status.ACTIVE
    ).exists()
    try:
        flow.leave(page, person)
    except flow.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Вы вышли из сообщества.") if was_active else _("Заявка отозвана."),
        )
    return redirect(back(page))


def invitation_view(page, request):
    """Accept or decline an invitation; a GET (the link of the e-mail and of «Мой
    профиль») leads to the page's «Участие» block, where the buttons are."""
    if request.method != "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return redirect(back(page))
    person, response = _signed_in_person(page, request)
    if response is not None:
        return response
    form = InvitationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(back(page))
    accept = form.cleaned_data["decision"] == "accept"
    try:
        flow.answer_invitation(page, person, accept)
    except flow.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Добро пожаловать в сообщество!")
            if accept
            else _("Вы отказались от приглашения."),
        )
    return redirect(back(page))


def may_see_members_only(user, page) -> bool:
    """Active members (leaders included) and those who may edit the page."""
    if not user.is_authenticated:
        return False
    if Membership.objects.filter(
        community=page, person__user=user, status=Membership.Status.ACTIVE
    ).exists():
        return True
    return page_editor(user, page)


def material_view(page, request, material_id: int):
    """A material's file (private storage) or its link. A members-only material is a
    404 for everyone else: not even its existence is revealed."""
    material = CommunityMaterial.objects.filter(community=page, pk=material_id).first()
    if material is None:
        raise Http404
    if material.members_only and not may_see_members_only(request.user, page):
        raise Http404
    if material.file:
        return private_file_response(material.file)
    if material.url and urlsplit(material.url).scheme in ("http", "https", "ftp"):
        return redirect(material.url)
    raise Http404
