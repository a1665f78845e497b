"""``portal events remind``: e-mail confirmed participants the day before (run from cron
hourly; each participant is reminded once)."""

from django.core.management.base import BaseCommand

from portal.extensions import registry

from ...registration import send_reminders


class Command(BaseCommand):
    help = "Мероприятия: напоминания участникам (remind)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser(
            "remind", help="Напомнить о мероприятиях ближайших суток."
        )
        remind.add_argument("--hours", type=int, default=None)

    def handle(self, *args, action, **options):
        hours = options.get("hours") or registry.plugin_setting(
            "events", "REMINDER_HOURS"
        )
        sent = send_reminders(hours=hours)
        self.stdout.write(f"Отправлено напоминаний: {sent}")
