"""Demo editor accounts: a regional admin, one editor per municipality, a school editor.

All share one published demo password. It is set only when an account is created,
so a password changed later is kept. Roles are EditorRole rows: saving one syncs
the user's Wagtail groups (portal.permissions.signals), so the accounts are created
after the page tree exists.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from portal.core.models import EditorRole

from .plan import DemoPlan

DEMO_PASSWORD = "demo-portal-2020"


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    scope: str


def ensure_editors(
    plan: DemoPlan, region, municipalities: dict, orgs: dict
) -> tuple[list[Login], int]:
    """Create the missing demo accounts and roles; returns the logins and how many are new."""
    Role = EditorRole.Role
    specs = [("demo-region", "Регион", Role.REGIONAL_ADMIN, region, None)]
    for mun in plan.municipalities:
        specs.append(
            (f"demo-{mun.slug}", mun.short_name, Role.MUNICIPAL_EDITOR,
             municipalities[mun.oktmo], None)
        )  # fmt: skip
    school = next(p for p in plan.organisations if p.has_content)
    specs.append(
        ("demo-school", school.short_name, Role.ORGANISATION_EDITOR, None,
         orgs[school.inn])
    )  # fmt: skip

    User = get_user_model()
    existing = {
        u.username: u for u in User.objects.filter(username__in=[s[0] for s in specs])
    }
    encoded = None
    logins, created = [], 0
    for username, label, role, territory, organisation in specs:
        user = existing.get(username)
        if user is None:
            # One hash for all new accounts: PBKDF2 is slow on purpose.
            encoded = encoded or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=username,
                email=f"{username}@example.org",
                first_name="Демо",
                last_name=label,
                password=encoded,
            )
            created += 1
        EditorRole.objects.get_or_create(
            user=user, role=role, territory=territory, organisation=organisation
        )
        scope = (
            f"{organisation.short_name}, {organisation.municipality.short_name}"
            if organisation
            else territory.name
        )
        logins.append(Login(username, Role(role).label, scope))
    return logins, created
