"""The admin page showing what `portal search status` prints."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse


def status_view(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    from .management.commands.search import status_report

    return TemplateResponse(
        request, "portal_search/admin_status.html", {"report": status_report()}
    )
