"""`portal createadmin`: make sure a superuser exists and print how to log in.

The password is generated once and kept in var/admin-login.txt (development only).
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Создаёт администратора (если его нет) и печатает данные для входа."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        credentials = settings.VAR_DIR / "admin-login.txt"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = None
        if credentials.exists():
            stored_user, _, stored_password = (
                credentials.read_text().strip().partition(":")
            )
            if (
                stored_user == username
                and user
                and user.check_password(stored_password)
            ):
                password = stored_password
        if password is None:
            password = secrets.token_urlsafe(9)
            if user is None:
                user = User(username=username, email=f"{username}@example.org")
            user.is_superuser = user.is_staff = user.is_active = True
            user.set_password(password)
            user.save()
            credentials.parent.mkdir(parents=True, exist_ok=True)
            credentials.write_text(f"{username}:{password}\n")
            credentials.chmod(0o600)
        self.stdout.write(f"Вход в админку: логин «{username}», пароль «{password}»")
