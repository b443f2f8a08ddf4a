from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from .categories import rebuild_category_tree
from .models import Hobby, HobbyCategory, HobbyEvent, Language, WeeklySchedule
from .schedules import materialise_schedule
from .search import index_hobby, reindex_category_subtree
from .services import refresh_next_event


class DemoDatesFilter(admin.SimpleListFilter):
    title = _("dates")
    parameter_name = "demo_dates"

    def lookups(self, request, model_admin):
        return [("shifted", _("Shifted demo dates")), ("real", _("Real dates"))]

    def queryset(self, request, queryset):
        if self.value() == "shifted":
            return queryset.filter(demo_shift_weeks__gt=0)
        if self.value() == "real":
            return queryset.filter(demo_shift_weeks=0)
        return queryset


class WeeklyScheduleInline(admin.TabularInline):
    model = WeeklySchedule
    extra = 0
    fields = ["weekdays", "start_time", "end_time", "first_date", "last_date", "exception_dates"]


class HobbyEventInline(admin.TabularInline):
    model = HobbyEvent
    extra = 0
    fields = ["start_at", "end_at", "start_weekday", "is_cancelled", "schedule"]
    readonly_fields = ["start_weekday", "schedule"]
    ordering = ["start_at"]
    show_change_link = True
    max_num = 0
    can_delete = False


@admin.register(Hobby)
class HobbyAdmin(TabbedTranslationAdmin):
    list_display = ["name", "provider", "municipality", "status", "price_type", "next_event", "demo_dates"]
    list_filter = ["status", "price_type", DemoDatesFilter, "data_source", "municipality"]
    search_fields = ["name_fi", "name_sv", "name_en", "origin_id"]
    autocomplete_fields = ["provider", "location", "municipality", "categories"]
    filter_horizontal = ["languages"]
    readonly_fields = ["next_event", "demo_shift_weeks", "data_source", "origin_id", "created_at", "updated_at"]
    inlines = [WeeklyScheduleInline, HobbyEventInline]

    @admin.display(boolean=True, description=_("demo dates"))
    def demo_dates(self, obj):
        return obj.has_demo_dates

    def change_view(self, request, object_id, form_url="", extra_context=None):
        hobby = self.get_object(request, object_id)
        if hobby is not None and hobby.has_demo_dates:
            self.message_user(
                request,
                ngettext(
                    "The dates of this hobby are shifted demo dates: its past season was moved "
                    "forward by %(weeks)d week into the current school year.",
                    "The dates of this hobby are shifted demo dates: its past season was moved "
                    "forward by %(weeks)d weeks into the current school year.",
                    hobby.demo_shift_weeks,
                )
                % {"weeks": hobby.demo_shift_weeks},
                level=messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for schedule in form.instance.schedules.all():
            materialise_schedule(schedule)
        refresh_next_event(form.instance)
        index_hobby(form.instance)


@admin.register(HobbyCategory)
class HobbyCategoryAdmin(TabbedTranslationAdmin):
    list_display = ["indented_name", "yso_id", "level"]
    search_fields = ["name_fi", "name_sv", "name_en", "yso_id"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["data_source", "origin_id"]

    @admin.display(description=_("name"), ordering="sort_key")
    def indented_name(self, obj):
        return "— " * obj.level + obj.name

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        rebuild_category_tree()
        if change:
            reindex_category_subtree(obj)


@admin.register(HobbyEvent)
class HobbyEventAdmin(admin.ModelAdmin):
    list_display = ["hobby", "start_date", "start_time", "end_time", "start_weekday", "is_cancelled"]
    list_filter = ["is_cancelled", "start_weekday"]
    date_hierarchy = "start_at"
    autocomplete_fields = ["hobby"]
    readonly_fields = ["start_date", "start_time", "end_date", "end_time", "start_weekday", "schedule"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_next_event(obj.hobby)


admin.site.register(Language)
