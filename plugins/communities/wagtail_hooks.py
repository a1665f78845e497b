"""Admin hooks of the communities plugin: on a community page, buttons to its members
in the admin and to the head's tools on the site (``manage/``)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from portal.permissions.policy import scope_for

from .models import CommunityPage


@hooks.register("register_page_header_buttons")
def community_header_buttons(page, user, view_name, next_url=None):
    if page.specific_class is not CommunityPage or not scope_for(user).is_editor:
        return
    members = reverse("wagtailsnippets_communities_membership:list")
    yield Button(
        _("Участники"), f"{members}?community={page.pk}", icon_name="group",
        priority=80,
    )  # fmt: skip
    if page.live and page.url:
        yield Button(
            _("Управление сообществом на сайте"), f"{page.url}manage/",
            icon_name="cogs", priority=81,
        )  # fmt: skip
