"""«Мой профиль»: a teacher sees and edits their own Person record (consent included).

The policy's owner rule (Person.user) is what allows it; nobody else's profile is
reachable here.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.extensions.hooks import person_activities, profile_links
from portal.permissions import policy

from .models import Person


class ProfileForm(forms.ModelForm):
    public_fields = forms.MultipleChoiceField(
        label=gettext_lazy("Что показывать на портале"),
        choices=Person.PublicField.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Person
        fields = [
            "position",
            "subjects",
            "email",
            "phone",
            "public_consent",
            "public_fields",
        ]
        widgets = {"subjects": forms.CheckboxSelectMultiple}


@login_required
def my_profile(request):
    person = (
        Person.objects.filter(user=request.user).select_related("organisation").first()
    )
    if person is None:
        return render(request, "core/profile_missing.html", status=404)
    if not policy.can(request.user, policy.CHANGE, person):  # defence in depth
        return render(request, "core/profile_missing.html", status=404)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Профиль сохранён."))
        return redirect("my_profile")
    activities = sorted(
        person_activities(person),
        key=lambda a: (a.start is None, -(a.start.toordinal() if a.start else 0)),
    )
    return render(
        request,
        "core/profile.html",
        {
            "form": form,
            "person": person,
            "activities": activities,
            "links": profile_links(person),
        },
    )
