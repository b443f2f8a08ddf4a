from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Promotion, PromotionUse


@admin.register(Promotion)
class PromotionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "kind", "provider", "valid_from", "valid_until", "total_quantity", "used_count"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name_fi", "name_sv", "name_en"]
    autocomplete_fields = ["provider", "location", "hobby", "municipality", "target_municipalities"]
    raw_id_fields = ["event"]
    readonly_fields = ["used_count", "created_by", "created_at", "updated_at"]


@admin.register(PromotionUse)
class PromotionUseAdmin(admin.ModelAdmin):
    """Uses are records of what happened: they can be read, not added, changed or deleted.

    Deleting a use would leave the promotion's used_count higher than its uses.
    """

    list_display = ["promotion", "code", "created_at", "honoured_at"]
    list_filter = [("honoured_at", admin.EmptyFieldListFilter)]
    search_fields = ["code"]
    readonly_fields = ["promotion", "code", "created_at", "updated_at", "honoured_at", "honoured_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
