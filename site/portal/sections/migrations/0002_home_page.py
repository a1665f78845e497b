"""Replace Wagtail's welcome page with the portal home page (the federal level)."""

from django.db import migrations


def create_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("sections", "HomePage")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="sections")
    locale = Locale.objects.first()
    home = HomePage.objects.create(
        title="Россия",
        draft_title="Россия",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
        intro="<p>Единая федеральная система научно-методического сопровождения "
        "педагогических работников и управленческих кадров.</p>",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Портал СНМС"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("sections", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_home, migrations.RunPython.noop)]
