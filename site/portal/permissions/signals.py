"""Signal wiring: roles and section pages keep the managed groups current."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.core.models import EditorRole
from portal.sections.models.levels import MunicipalityPage, OrganisationPage, RegionPage

from .groups import sync_section, sync_user


@receiver(post_save, sender=EditorRole)
@receiver(post_delete, sender=EditorRole)
def _role_changed(sender, instance, **kwargs):
    sync_user(instance.user)


def _section_saved(sender, instance, created, **kwargs):
    if created:
        sync_section(instance)


for _model in (RegionPage, MunicipalityPage, OrganisationPage):
    post_save.connect(
        _section_saved, sender=_model, dispatch_uid=f"portal-section-{_model.__name__}"
    )
