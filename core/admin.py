"""Site-wide admin: redirects, and users and groups managed safely.

Admins (the group) manage users and groups, but only superusers grant
superuser status or decide what a group may do.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as AuthGroupAdmin
from django.contrib.auth.admin import UserAdmin as AuthUserAdmin
from django.contrib.auth.models import Group, User

from .models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses and where they lead; added by themselves on slug changes."""

    list_display = ["old_path", "new_path", "updated_at"]
    search_fields = ["old_path", "new_path"]
    ordering = ["old_path"]
    list_filter = []
    date_hierarchy = "updated_at"
    fields = ["old_path", "new_path"]


# --- Users: Admins manage accounts; superuser powers stay with superusers ----------------


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AuthUserAdmin):
    """The Admins group manages users and their groups.

    A member of Admins who is not a superuser cannot make anyone a superuser,
    give permissions one by one (groups carry them), or change a superuser.
    """

    SUPERUSER_ONLY = ("is_superuser", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += self.SUPERUSER_ONLY
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuthGroupAdmin):
    """Admins put people in groups; only superusers decide what a group may do.

    Otherwise a member of Admins could give their own group any permission.
    """

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("permissions")
        return readonly

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
