"""Who may change indicator targets: the territory policy, narrowed to those who set them."""

from portal.permissions.wagtail_policy import TerritorialPermissionPolicy

from .forms import may_set_targets


class TargetPermissionPolicy(TerritorialPermissionPolicy):
    """Regional administrators and superusers change targets of their territories;
    municipal editors may only view the targets that apply to them.

    Registered for IndicatorTarget in DashboardConfig.ready (exact class, so the
    generic territorial policy registered later by other apps does not replace it).
    """

    def user_has_permission(self, user, action):
        if action != "view" and not may_set_targets(user):
            return False
        return super().user_has_permission(user, action)
