"""Anonymous usage events from the youth app, their daily rollups and the monthly inputs of reports.

Privacy: pupils are minors, so nothing here identifies a pupil or a device. An event stores
its name, the Helsinki date it happened on, the municipality of the pupil's chosen place and
the hobby, category, promotion or search it concerns. No IP address, user agent, cookie,
device id, coordinates or time of day are stored. Ids of hobbies, categories and promotions
are plain integers, not foreign keys, so that deleting a hobby or a promotion keeps history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventName(models.TextChoices):
    FIRST_OPEN = "first_open", _("First open (install)")
    ACTIVE_MONTH = "active_month", _("First use in a month")
    HOBBY_VIEW = "hobby_view", _("Hobby viewed")
    SEARCH = "search", pgettext_lazy("analytics event", "Search")
    FAVOURITE_ADD = "favourite_add", _("Favourite added")
    FAVOURITE_REMOVE = "favourite_remove", _("Favourite removed")
    PROMOTION_VIEW = "promotion_view", _("Promotion viewed")
    PROMOTION_USE = "promotion_use", _("Promotion used")
    MAP_OPEN = "map_open", _("Map opened")
    LANGUAGE_SELECT = "language_select", _("Language chosen")


class UsageEvent(models.Model):
    """One validated event; kept for ANALYTICS_RETENTION_MONTHS, then purged (rollups stay)."""

    schema_version = models.PositiveSmallIntegerField(_("schema version"))
    name = models.CharField(_("event"), max_length=20, choices=EventName.choices)
    # The Europe/Helsinki date of the event's time. The time of day is not stored: reports
    # need only the date, and a finer time would make events easier to link together.
    day = models.DateField(_("day"))
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=3,
        blank=True,
        default="",
        help_text=_("The municipality of the pupil's chosen place; empty when none was chosen."),
    )
    hobby_id = models.PositiveBigIntegerField(_("hobby id"), null=True, blank=True)
    promotion_id = models.PositiveBigIntegerField(_("promotion id"), null=True, blank=True)
    category_id = models.PositiveBigIntegerField(
        _("category id"), null=True, blank=True, help_text=_("The category filter of a search.")
    )
    search_text = models.CharField(_("search text"), max_length=100, blank=True, default="")
    result_count = models.PositiveIntegerField(_("number of results"), null=True, blank=True)
    filters = models.CharField(
        _("filters used"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Names of the search filters used, comma-separated and sorted."),
    )
    language = models.CharField(_("language"), max_length=2, blank=True, default="")

    class Meta:
        verbose_name = _("usage event")
        verbose_name_plural = _("usage events")
        # The rollup reads a day at a time (searches alone for zero results); the purge drops days.
        indexes = [models.Index(fields=["day", "name"], name="analytics_event_day_name")]

    def __str__(self):
        return f"{self.name} {self.day} {self.municipality_code or '-'}"


class Metric(models.TextChoices):
    """A quantity that DailyCount rows count. The comment beside a value names its subject, if any."""

    INSTALLS = "installs", _("Installs")
    ACTIVE_USERS = "active_users", _("Monthly active users")
    HOBBY_VIEWS = "hobby_views", _("Hobby views")  # subject_id: hobby
    SEARCHES = "searches", _("Searches")  # subject_text: normalised search text
    ZERO_RESULT_SEARCHES = "zero_result_searches", _("Searches without results")  # subject_text
    SEARCH_FILTERS = "search_filters", _("Searches using a filter")  # subject_text: filter name
    FAVOURITES_ADDED = "favourites_added", _("Favourites added")  # subject_id: hobby
    FAVOURITES_REMOVED = "favourites_removed", _("Favourites removed")  # subject_id: hobby
    PROMOTION_VIEWS = "promotion_views", _("Promotion views")  # subject_id: promotion
    PROMOTION_USES = "promotion_uses", _("Promotion uses")  # subject_id: promotion
    MAP_OPENS = "map_opens", _("Map opens")
    LANGUAGE_SELECTIONS = "language_selections", _("Language choices")  # subject_text: language
    # subject_id: category. A hobby view, a favourite or a search filter counts once for the
    # category and once for each of its ancestors, so a main category sums its branch.
    CATEGORY_HOBBY_VIEWS = "category_hobby_views", _("Hobby views in the category")
    CATEGORY_FAVOURITES = "category_favourites", _("Favourites added in the category")
    CATEGORY_SEARCHES = "category_searches", _("Searches filtered by the category")


class DailyCount(models.Model):
    """A count of one metric on one Helsinki day in one municipality, per subject.

    Rollups are kept forever and reports read only them, so reports stay the same after
    raw events are purged. Rows with an empty municipality_code count events from pupils
    who had not chosen a place; they appear only in national figures.
    """

    day = models.DateField(_("day"))
    municipality_code = models.CharField(_("municipality code"), max_length=3, blank=True, default="")
    metric = models.CharField(_("metric"), max_length=24, choices=Metric.choices)
    # 0 and "" mean "no subject"; they are not NULL so that the unique constraint holds.
    subject_id = models.PositiveBigIntegerField(_("subject id"), default=0)
    subject_text = models.CharField(_("subject text"), max_length=100, blank=True, default="")
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [
            # Also the index of the rollup, which deletes and sums whole days. No other index:
            # reports read MonthlyCount, and each index makes the rollup's inserts slower.
            models.UniqueConstraint(
                fields=["day", "municipality_code", "metric", "subject_id", "subject_text"],
                name="analytics_dailycount_unique",
            ),
        ]

    def __str__(self):
        subject = self.subject_text or self.subject_id or ""
        return f"{self.day} {self.municipality_code or '-'} {self.metric} {subject}: {self.count}"


class MonthlyCount(models.Model):
    """The sum of DailyCount rows over a Helsinki calendar month: what reports read.

    A month of a large municipality has hundreds of thousands of daily rows, so reports
    read these sums, which the rollup recomputes for every month whose days it changed.
    """

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    municipality_code = models.CharField(_("municipality code"), max_length=3, blank=True, default="")
    metric = models.CharField(_("metric"), max_length=24, choices=Metric.choices)
    subject_id = models.PositiveBigIntegerField(_("subject id"), default=0)
    subject_text = models.CharField(_("subject text"), max_length=100, blank=True, default="")
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("monthly count")
        verbose_name_plural = _("monthly counts")
        constraints = [
            # Month first, so that it serves national reports (a whole month) and municipal ones
            # (a month of some municipalities), and a new month's rows go to the end of the index.
            models.UniqueConstraint(
                fields=["month", "municipality_code", "metric", "subject_id", "subject_text"],
                name="analytics_monthlycount_month_unique",
            ),
        ]
        # All-time installs sum one metric over every month; a partial index keeps that cheap.
        indexes = [
            models.Index(
                fields=["month"], name="analytics_monthly_installs", condition=models.Q(metric="installs")
            )
        ]

    def __str__(self):
        subject = self.subject_text or self.subject_id or ""
        return f"{self.month:%Y-%m} {self.municipality_code or '-'} {self.metric} {subject}: {self.count}"


class RollupRun(models.Model):
    """A finished rollup; the next run starts from the days that late events may still change."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    event_count = models.PositiveBigIntegerField(_("events rolled up"))

    class Meta:
        verbose_name = _("rollup run")
        verbose_name_plural = _("rollup runs")
        ordering = ["-finished_at"]

    def __str__(self):
        return f"{self.first_day}–{self.last_day} ({self.event_count})"


class CatalogueSnapshot(models.Model):
    """Published hobbies and providers in a municipality (or nationally) at a month's end.

    Taken daily during the month by the rollup and frozen once the month is over, so that a
    past month's report does not change when the catalogue does.
    """

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=3,
        blank=True,
        default="",
        help_text=_("Empty for the national figures."),
    )
    hobbies_published = models.PositiveIntegerField(_("hobbies published"))
    providers_published = models.PositiveIntegerField(_("providers published"))
    taken_at = models.DateTimeField(_("taken at"))

    class Meta:
        verbose_name = _("catalogue snapshot")
        verbose_name_plural = _("catalogue snapshots")
        constraints = [
            models.UniqueConstraint(fields=["month", "municipality_code"], name="analytics_snapshot_unique"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.municipality_code or '-'}"


class AppStore(models.TextChoices):
    APP_STORE = "app_store", pgettext_lazy("app store", "App Store")
    GOOGLE_PLAY = "google_play", pgettext_lazy("app store", "Google Play")


class AppStoreDownloads(models.Model):
    """Downloads of the native app in one month from one store, as exported from the store.

    The stores report downloads for the whole country, so these are national figures only.
    """

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    store = models.CharField(_("store"), max_length=20, choices=AppStore.choices)
    downloads = models.PositiveIntegerField(_("downloads"))
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,  # the figures stay valid when the uploader's account goes
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("app store downloads")
        verbose_name_plural = _("app store downloads")
        ordering = ["month", "store"]
        constraints = [
            models.UniqueConstraint(fields=["month", "store"], name="analytics_downloads_unique"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.store}: {self.downloads}"
