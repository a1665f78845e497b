"""The `portal` console command: Django's management commands without manage.py."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["portal", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
