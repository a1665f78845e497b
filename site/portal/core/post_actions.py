"""One POST endpoint, many actions: a page object (a pair's plan, an individual route)
posts ``action=<name>``; ``ACTIONS`` maps each name to the right it needs (an attribute
of ``self.rights``) and the method that runs it. Used by the mentoring plan page and
the route page so both answer the same way: an unknown or forbidden action is a
message and a redirect, never a 500; a method returns ``(message, anchor)`` on success
or None to re-render the page with the bound forms in ``self.bound``."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class PostActions:
    #: {action: (right attribute of self.rights, method name)}
    ACTIONS: dict[str, tuple[str, str]] = {}

    # Set by the page: self.request, self.rights, self.url, self.bound (dict).

    def handle(self):
        """Run the POSTed action: a redirect on success, None to re-render the page
        with the errors (``self.bound`` or a message)."""
        action = self.request.POST.get("action", "")
        if action not in self.ACTIONS:
            messages.error(self.request, _("Неизвестное действие."))
            return redirect(self.url)
        right, handler = self.ACTIONS[action]
        if not getattr(self.rights, right):
            messages.error(self.request, _("Это действие вам недоступно."))
            return redirect(self.url)
        with transaction.atomic():
            done = getattr(self, handler)()
        if done is None:
            return None
        text, anchor = done
        messages.success(self.request, text)
        return redirect(f"{self.url}#{anchor}")

    def _fail(self, key: str, form):
        self.bound[key] = form
        return None

    def _refuse(self, text):
        messages.error(self.request, text)
        return None
