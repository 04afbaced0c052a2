"""Admin for records the site writes itself: shown to staff, edited by nobody."""


class ReadOnlyAdminMixin:
    """No adding, changing or deleting in the admin, whatever the user's rights.

    For logs that are written by the actions they record: an entry edited or
    deleted by hand would no longer say what happened.
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
