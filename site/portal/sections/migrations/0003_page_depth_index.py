"""An index of Wagtail's page tree by depth: the main menu (the site root's children,
on every page) and every `get_children()` filter on depth and a path prefix, and the
path index cannot serve the prefix on PostgreSQL's default collation — a scan of the
whole tree per page view (bench/events.py: 20,000 events, 9–28 ms)."""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS portal_page_depth_path ON wagtailcore_page (depth, path)"
DROP = "DROP INDEX IF EXISTS portal_page_depth_path"


class Migration(migrations.Migration):
    dependencies = [
        ("sections", "0002_home_page"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
