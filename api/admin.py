from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, hash_key


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issue and revoke API tokens. A new key is shown once, in the message after saving."""

    list_display = ["name", "user", "key_start", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "key_start"]
    autocomplete_fields = ["user"]
    fields = ["name", "user", "key_start", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_start", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke_tokens"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*self.readonly_fields, "user"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = ApiToken.issue(user=obj.user, name=obj.name)
        obj.pk, obj.key_hash, obj.key_start = token.pk, hash_key(key), token.key_start
        self.message_user(
            request,
            gettext("The key of “%(name)s” is %(key)s. Copy it now: it cannot be shown again.")
            % {"name": token.name, "key": key},
            level=messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke_tokens(self, request, queryset):
        for token in queryset:
            token.revoke()
