from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Provider, ProviderMembership


class MembershipInline(admin.TabularInline):
    model = ProviderMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Provider)
class ProviderAdmin(TabbedTranslationAdmin):
    list_display = ["name", "kind", "municipality", "data_source"]
    list_filter = ["kind", "data_source", "municipality"]
    search_fields = ["name_fi", "name_sv", "name_en", "origin_id"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["data_source", "origin_id", "created_at", "updated_at"]
    inlines = [MembershipInline]
