"""`portal search worker|rebuild|status`: run the outbox, rebuild an index, show health."""

import json
import signal
import time

from django.core.management.base import BaseCommand, CommandError

from search.engines import engine_names, get_engine, primary_name
from search.indexing import count_all, document_batches
from search.outbox import drain, last_error, pending_count


class Command(BaseCommand):
    help = "Поиск: worker — применять очередь индексации; rebuild — перестроить индекс; status — состояние."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        worker = sub.add_parser(
            "worker", help="Применять очередь индексации (с повторами при сбоях)."
        )
        worker.add_argument(
            "--once", action="store_true", help="Обработать очередь и выйти."
        )
        worker.add_argument(
            "--interval", type=float, default=1.0, help="Пауза между проходами, с."
        )
        rebuild = sub.add_parser("rebuild", help="Перестроить индекс из базы данных.")
        rebuild.add_argument(
            "--engine", choices=["embedded", "opensearch", "elasticsearch"]
        )
        rebuild.add_argument("--no-progress", action="store_true")
        status = sub.add_parser("status", help="Состояние поисковых движков и очереди.")
        status.add_argument("--json", action="store_true")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_worker(self, once=False, interval=1.0, **options):
        stop = {"now": False}
        signal.signal(signal.SIGTERM, lambda *a: stop.update(now=True))
        while not stop["now"]:
            applied = sum(drain(name) for name in engine_names())
            if applied:
                self.stdout.write(f"применено изменений: {applied}")
            if once and not applied:
                return
            if not applied:
                time.sleep(interval)

    def handle_rebuild(self, engine=None, no_progress=False, **options):
        names = [engine] if engine else engine_names()
        for name in names:
            if name not in engine_names():
                raise CommandError(f"Движок «{name}» не настроен (PORTAL_SEARCH).")
            total = count_all()
            done, started = 0, time.monotonic()
            self.stdout.write(f"{name}: перестройка индекса, объектов: {total}")
            for written in get_engine(name).rebuild(document_batches()):
                done += written
                if not no_progress:
                    self._progress(done, total, started)
            elapsed = time.monotonic() - started
            rate = done / elapsed if elapsed else 0
            self.stdout.write(
                f"\n{name}: готово, документов: {done} за {elapsed:.1f} с ({rate:.0f} док./с)"
            )

    def _progress(self, done, total, started):
        width = 30
        share = min(done / total, 1.0) if total else 1.0
        bar = "#" * int(share * width)
        self.stdout.write(
            f"\r[{bar:<{width}}] {done}/{total} ({time.monotonic() - started:.0f} с)",
            ending="",
        )
        self.stdout.flush()

    def handle_status(self, json=False, **options):
        report = status_report()
        if json:
            self.stdout.write(_dumps(report))
            return
        self.stdout.write(f"Основной движок: {report['primary']}")
        for name, info in report["engines"].items():
            state = (
                "работает"
                if info["health"].get("ok")
                else f"недоступен ({info['health'].get('error', '')})"
            )
            self.stdout.write(f"\n{name}: {state}")
            for doc_type, count in info["counts"].items():
                self.stdout.write(f"  {doc_type}: {count}")
            self.stdout.write(f"  в очереди: {info['outbox']}")
            if info["last_error"]:
                self.stdout.write(f"  последняя ошибка: {info['last_error']}")


def status_report() -> dict:
    engines = {}
    for name in engine_names():
        engine = get_engine(name)
        health = engine.health()
        try:
            counts = engine.count_by_type() if health.get("ok") else {}
        except Exception:  # noqa: BLE001 - status never fails
            counts = {}
        engines[name] = {
            "health": health,
            "counts": counts,
            "outbox": pending_count(name),
            "last_error": last_error(name),
        }
    return {"primary": primary_name(), "engines": engines}


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
