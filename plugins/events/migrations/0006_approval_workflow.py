"""The «Согласование с региональным центром» workflow with its one task (see
plugins.events.models.approval). It is not assigned to pages: the events plugin starts it
itself for the events that need it, so other pages keep publishing as before."""

from django.db import migrations

NAME = "Согласование с региональным центром"


def create(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("events", "RegionalApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="events", model="regionalapprovaltask"
    )
    task, _ = Task.objects.get_or_create(
        name="Региональный центр", defaults={"content_type": content_type, "active": True}
    )
    workflow, created = Workflow.objects.get_or_create(name=NAME, defaults={"active": True})
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


def remove(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_approval"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create, remove)]
