from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Location, Municipality, PostalCode


@admin.register(Municipality)
class MunicipalityAdmin(TabbedTranslationAdmin):
    list_display = ["code", "name", "region_name", "population", "is_active"]
    list_filter = ["is_active", "region_name"]
    search_fields = ["code", "name_fi", "name_sv"]


@admin.register(PostalCode)
class PostalCodeAdmin(TabbedTranslationAdmin):
    list_display = ["code", "name", "municipality"]
    search_fields = ["code", "name_fi", "name_sv"]
    autocomplete_fields = ["municipality"]


@admin.register(Location)
class LocationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "street_address", "postal_code", "municipality", "data_source"]
    list_filter = ["data_source", "municipality"]
    search_fields = ["name_fi", "name_sv", "street_address_fi", "postal_code", "origin_id"]
    autocomplete_fields = ["municipality", "provider", "categories"]
    readonly_fields = ["data_source", "origin_id", "created_at", "updated_at"]
