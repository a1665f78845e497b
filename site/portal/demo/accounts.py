"""Demo accounts: a regional admin, one editor per municipality, a school editor, and
the people plugins ask for (``portal_demo_logins``: a teacher with a route, a tutor).

All share one published demo password. It is set only when an account is created,
so a password changed later is kept. Roles are EditorRole rows: saving one syncs
the user's Wagtail groups (portal.permissions.signals), so the accounts are created
after the page tree exists.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from portal.core.models import EditorRole
from portal.extensions.hooks import demo_logins

from .plan import DemoPlan

DEMO_PASSWORD = "demo-portal-2020"


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    scope: str
    start: str = "/admin/"


class _Passwords:
    """One hash for all new accounts: PBKDF2 is slow on purpose."""

    encoded = None

    def __call__(self) -> str:
        self.encoded = self.encoded or make_password(DEMO_PASSWORD)
        return self.encoded

    def create_user(self, username: str, first_name: str, last_name: str):
        """A new demo account with the demo password and an example.org e-mail."""
        return get_user_model().objects.create(
            username=username,
            email=demo_email(username),
            first_name=first_name,
            last_name=last_name,
            password=self(),
        )


def demo_email(username: str) -> str:
    return f"{username}@example.org"


def ensure_accounts(plan, region, municipalities, orgs, today):
    """The editors' and the plugins' people's accounts; (logins, how many are new)."""
    passwords = _Passwords()
    editors, created = ensure_editors(plan, region, municipalities, orgs, passwords)
    people, more = ensure_person_logins(region, today, passwords)
    return editors + people, created + more


def ensure_editors(
    plan: DemoPlan, region, municipalities: dict, orgs: dict, passwords=None
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
    passwords = passwords or _Passwords()
    logins, created = [], 0
    for username, label, role, territory, organisation in specs:
        user = existing.get(username)
        if user is None:
            user = passwords.create_user(username, "Демо", label)
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


def ensure_person_logins(region, today, passwords=None) -> tuple[list[Login], int]:
    """Accounts for the people plugins ask for, each linked to its ``core.Person``.

    An account keeps the person it was linked to on an earlier run (the plugin's pick
    may differ now); a person who already has another account is left alone.
    """
    passwords = passwords or _Passwords()
    User = get_user_model()
    logins, created = [], 0
    for wanted in demo_logins(region, today):
        user = User.objects.filter(username=wanted.username).first()
        person = getattr(user, "person", None) if user else None
        if person is None and wanted.person.user_id is not None:
            continue
        if user is not None and person is None:
            if user.email != demo_email(user.username):
                continue  # someone's own account with that name: not the demo's
        if user is None:
            user = passwords.create_user(
                wanted.username, wanted.person.first_name, wanted.person.last_name
            )
            created += 1
        if person is None:
            person = wanted.person
            person.user = user
            person.save(update_fields=["user"])
        place = person.organisation.short_name or person.organisation.name
        scope = f"{person.last_name} {person.first_name}, {place}"
        logins.append(Login(user.username, wanted.role, scope, wanted.start))
    return logins, created
