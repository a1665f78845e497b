"""A Wagtail permission policy that adds the territory check to model permissions.

Registered for every territorial model (portal.permissions.registry), so Wagtail's
own instance-aware spots (bulk delete, delete buttons, copy) agree with our views.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from . import policy


class TerritorialPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and policy.can(
            user, action, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, a, instance) for a in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return policy.scope_queryset(
            user, self.model._default_manager.all(), actions[0]
        )

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])
