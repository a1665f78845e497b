"""The expert-review task model, and the group «Эксперты лучших практик» (admin access
only), the task assigned to it, the workflow «Экспертиза лучшей практики», and that
workflow on every existing practice catalogue (new ones get it when created:
plugins.communities.review.assign_workflow)."""

import django.db.models.deletion
from django.db import migrations, models

GROUP = "Эксперты лучших практик"
TASK = "Экспертиза практики"
WORKFLOW = "Экспертиза лучшей практики"


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("communities", "ExpertReviewTask")
    Catalogue = apps.get_model("communities", "PracticeCatalogPage")

    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    content_type, _ = ContentType.objects.get_or_create(
        app_label="communities", model="expertreviewtask"
    )
    task, _ = Task.objects.get_or_create(
        name=TASK, defaults={"content_type": content_type, "active": True}
    )
    task.groups.add(group)
    workflow, created = Workflow.objects.get_or_create(
        name=WORKFLOW, defaults={"active": True}
    )
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for page_id in Catalogue.objects.values_list("pk", flat=True):
        WorkflowPage.objects.get_or_create(
            page_id=page_id, defaults={"workflow": workflow}
        )


def remove(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("communities", "ExpertReviewTask").objects.all().delete()
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("communities", "0002_seed_community_types"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExpertReviewTask",
            fields=[
                (
                    "task_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.task",
                    ),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        help_text="Pages/snippets at this step in a workflow will be moderated or approved by these groups of users",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
            ],
            options={
                "verbose_name": "экспертиза лучшей практики",
                "verbose_name_plural": "экспертизы лучших практик",
            },
            bases=("wagtailcore.task",),
        ),
        migrations.RunPython(create, remove),
    ]
