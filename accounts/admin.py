from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import MunicipalModerator, User


class MunicipalModeratorInline(admin.TabularInline):
    model = MunicipalModerator
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Harrastuspassi roles"), {"fields": ("is_national_admin", "preferred_language")}),
    )
    list_display = ["username", "email", "first_name", "last_name", "is_national_admin", "is_staff"]
    list_filter = ["is_national_admin", "is_staff", "is_superuser", "is_active"]
    inlines = [MunicipalModeratorInline]
