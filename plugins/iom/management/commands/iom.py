"""``portal iom sync``: mark done the steps of every open route that the portal's
records confirm (attended events, community memberships, completed mentoring pairs,
completed courses) and move the routes on. Run from cron daily; the route pages also
sync the route they show, so the command only catches up the routes nobody opened.

One command per plugin with sub-actions, as ``portal events remind`` does.
"""

from django.core.management.base import BaseCommand

from ...models import Route
from ...progress import OPEN_STATUSES, sync_routes

#: Routes synced in one transaction.
BATCH = 500


class Command(BaseCommand):
    help = "ИОМ: отметить выполненные шаги маршрутов по данным портала (sync)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "sync",
            help="Отметить выполненные шаги открытых маршрутов по данным портала.",
        )

    def handle(self, *args, action, **options):
        ids = list(
            Route.objects.filter(status__in=OPEN_STATUSES)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        marked = sum(
            sync_routes(ids[start : start + BATCH])
            for start in range(0, len(ids), BATCH)
        )
        self.stdout.write(
            f"Проверено маршрутов: {len(ids)}; отмечено выполненных шагов: {marked}"
        )
