"""The hobby catalogue: categories, hobbies, their weekly schedules and dated sessions.

Times: HobbyEvent stores its start and end as aware datetimes (UTC in the database) and,
beside them, the Europe/Helsinki wall-clock date, time and ISO weekday, so that filters on
"Tuesdays after 17:00" use plain indexed columns and stay right across daylight-saving
changes.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import SourcedModel, TimestampedModel

from . import errors
from .timeutils import HELSINKI, to_local

MIN_AGE, MAX_AGE = 0, 99
MAX_PRICE = Decimal("99999.99")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
MAX_SESSION_DAYS = 366
# Longer texts are rejected through the API. The longest imported description has about
# 3,500 characters.
MAX_DESCRIPTION_LENGTH = 10_000

# Languages of instruction that Django's LANG_INFO lacks but hobbies in Finland are taught in:
# the Sámi languages and sign languages of Finland, Karelian and Finnish Kalo Romani, and
# languages of large immigrant groups. ISO 639-1 codes, or ISO 639-3 where no 639-1 code exists.
EXTRA_LANGUAGE_NAMES = {
    "am": _("Amharic"),
    "fit": _("Meänkieli"),
    "fse": _("Finnish Sign Language"),
    "fss": _("Finland-Swedish Sign Language"),
    "krl": _("Karelian"),
    "ku": _("Kurdish"),
    "prs": _("Dari"),
    "ps": _("Pashto"),
    "rmf": _("Finnish Kalo Romani"),
    "se": _("Northern Sámi"),
    "smn": _("Inari Sámi"),
    "sms": _("Skolt Sámi"),
    "so": _("Somali"),
    "ti": _("Tigrinya"),
    "yue": _("Cantonese"),
    "zh": _("Chinese"),
}
EXTRA_LANGUAGE_CODES = frozenset(EXTRA_LANGUAGE_NAMES)


def is_language_code(code):
    """Return True for a lowercase language code that Django's LANG_INFO or EXTRA_LANGUAGE_CODES has."""
    from django.conf.locale import LANG_INFO

    return code in EXTRA_LANGUAGE_CODES or code in LANG_INFO


def language_name(code):
    """Return the name of a language code in the active language, capitalised, or the code itself."""
    from django.conf.locale import LANG_INFO
    from django.utils.translation import gettext

    if code in EXTRA_LANGUAGE_NAMES:
        name = str(EXTRA_LANGUAGE_NAMES[code])
    elif code in LANG_INFO:
        name = gettext(LANG_INFO[code]["name"])
    else:
        return code
    # Finnish and Swedish write language names in lower case, so only the first letter changes.
    return name[:1].upper() + name[1:]


class Language(models.Model):
    """A language of instruction, by ISO 639-1 code; names come from Django's translations."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return language_name(self.code)


class HobbyCategory(SourcedModel):
    """A node of the hobby category tree (the Harrastuspassi ontology, with YSO ids).

    `sort_key` is the path of zero-padded sibling positions from the root ("0003.0012"),
    so ordering by it gives the depth-first order and a prefix selects a subtree.
    `rebuild_category_tree` recomputes it with `tree_id` and `level`.
    """

    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,  # deleting a branch must be a deliberate, child-first act
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    yso_id = models.CharField(
        _("YSO id"),
        max_length=32,
        blank=True,
        default="",
        db_index=True,
        help_text=_("The concept in the General Finnish Ontology (YSO), for example p14344."),
    )
    cover_image = models.ImageField(_("cover image"), upload_to="categories/", blank=True)
    tree_id = models.PositiveIntegerField(_("tree"), default=0, editable=False)
    level = models.PositiveSmallIntegerField(_("level"), default=0, editable=False)
    sort_key = models.CharField(max_length=255, default="", editable=False, db_index=True)

    class Meta:
        verbose_name = _("hobby category")
        verbose_name_plural = _("hobby categories")
        ordering = ["sort_key", "id"]
        constraints = [SourcedModel.origin_constraint("hobbies_category_origin_unique")]

    def __str__(self):
        return self.name


class HobbyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Hobby.Status.PUBLISHED)


class Hobby(SourcedModel, TimestampedModel):
    class PriceType(models.TextChoices):
        FREE = "free", pgettext_lazy("price type", "Free")
        PAID = "paid", pgettext_lazy("price type", "Paid")
        ANNUAL = "annual", pgettext_lazy("price type", "Annual fee")
        SEASONAL = "seasonal", pgettext_lazy("price type", "Seasonal fee")
        ONE_TIME = "one_time", pgettext_lazy("price type", "One-time fee")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("publication status", "Draft")
        PUBLISHED = "published", pgettext_lazy("publication status", "Published")
        ARCHIVED = "archived", pgettext_lazy("publication status", "Archived")

    class Moderation(models.TextChoices):
        # Never entered the queue: imported, or only ever changed by a moderator.
        UNREVIEWED = "unreviewed", pgettext_lazy("moderation status", "Not reviewed")
        PENDING = "pending", pgettext_lazy("moderation status", "Awaiting review")
        APPROVED = "approved", pgettext_lazy("moderation status", "Approved")
        CHANGES_REQUESTED = "changes_requested", pgettext_lazy("moderation status", "Changes requested")

    name = models.CharField(_("name"), max_length=1024)
    short_description = models.TextField(_("short description"), blank=True, default="")
    description = models.TextField(_("description"), blank=True, default="")
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hobbies",
        verbose_name=_("provider"),
    )
    location = models.ForeignKey(
        "places.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hobbies",
        verbose_name=_("location"),
    )
    categories = models.ManyToManyField(
        HobbyCategory, blank=True, related_name="hobbies", verbose_name=_("categories")
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hobbies",
        verbose_name=_("municipality"),
    )
    price_type = models.CharField(
        _("price type"), max_length=10, choices=PriceType.choices, default=PriceType.FREE, db_index=True
    )
    price_amount = models.DecimalField(
        _("price (euros)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        default=Decimal("0.00"),
        help_text=_("Empty only for imported hobbies whose source says they cost money but not how much."),
    )
    price_details = models.TextField(
        _("price details"),
        blank=True,
        default="",
        help_text=_("What the price covers, discounts, material fees."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="hobbies", verbose_name=_("languages of instruction")
    )
    cover_image = models.ImageField(_("cover image"), upload_to="hobbies/", blank=True)
    info_url = models.URLField(_("web page"), max_length=1000, blank=True, default="")
    status = models.CharField(
        _("publication status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Moderation runs beside publication: a published hobby stays visible to pupils while it
    # waits in the municipality's queue, and a moderator may unpublish it.
    moderation_status = models.CharField(
        _("moderation status"),
        max_length=20,
        choices=Moderation.choices,
        default=Moderation.UNREVIEWED,
        db_index=True,
    )
    moderation_message = models.TextField(
        _("message from the moderator"),
        blank=True,
        default="",
        help_text=_("Why the moderator asked for changes or unpublished the hobby."),
    )
    moderation_changed_at = models.DateTimeField(_("moderation status changed at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    next_event = models.ForeignKey(
        "HobbyEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("next session"),
        help_text=_("The earliest session that has not ended and is not cancelled."),
    )
    # Copies of next_event's start and end, so that lists can test and order by them without
    # a join to the sessions table. hobbies.services writes them together with next_event.
    next_event_start_at = models.DateTimeField(_("next session starts at"), null=True, blank=True, editable=False)
    next_event_end_at = models.DateTimeField(
        _("next session ends at"), null=True, blank=True, editable=False, db_index=True
    )
    # Bit (1 << (weekday - 1)) for each ISO weekday with a session that had not ended at the
    # last refresh. Sessions only end with time, so the bits are a superset of the truth: list
    # queries use them to skip hobbies before the exact per-session test.
    upcoming_weekdays = models.PositiveSmallIntegerField(_("weekdays with upcoming sessions"), default=0, editable=False)
    demo_shift_weeks = models.PositiveSmallIntegerField(
        _("demo date shift (weeks)"),
        default=0,
        help_text=_(
            "Weeks by which an imported past season was moved into the current school year. "
            "Non-zero means the dates are demo dates, not the provider's real ones."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = HobbyQuerySet.as_manager()

    class Meta:
        verbose_name = _("hobby")
        verbose_name_plural = _("hobbies")
        ordering = ["id"]
        indexes = [
            # Lists filter published hobbies by price type and weekday, then test each one.
            # This index serves the first step without reading the table: location is a key
            # column so that SQLite, which ignores INCLUDE, also reads it from the index.
            # INCLUDE adds the id on PostgreSQL; SQLite has it in every index as the rowid.
            models.Index(
                fields=["price_type", "status", "upcoming_weekdays", "location"],
                include=["id"],
                name="hobbies_hobby_price_days",
            ),
            # Search checks thousands of candidate hobbies by id for visibility and an upcoming
            # session, and orders them by its start. Reading these from a narrow index instead
            # of the wide hobby rows took that query from 33 to 12 ms on SQLite (one measurement
            # on the national-scale data set of docs/benchmarks.md).
            models.Index(
                fields=["id", "status", "next_event_end_at", "next_event_start_at"],
                name="hobbies_hobby_next_times",
            ),
        ]
        constraints = [
            SourcedModel.origin_constraint("hobbies_hobby_origin_unique"),
            models.CheckConstraint(condition=Q(price_amount__gte=0), name="hobbies_hobby_price_not_negative"),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=models.F("max_age")),
                name="hobbies_hobby_age_order",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_demo_dates(self):
        return self.demo_shift_weeks > 0

    def clean(self):
        super().clean()
        problems = {}
        for validate in (
            lambda: clean_price(self.price_type, self.price_amount, allow_unknown=bool(self.data_source)),
            lambda: clean_age_range(self.min_age, self.max_age),
        ):
            try:
                validate()
            except ValidationError as error:
                problems.update(error.update_error_dict({}))
        if problems:
            raise ValidationError(problems)


class WeeklySchedule(SourcedModel, TimestampedModel):
    """A weekly rule from which a hobby's sessions are materialised.

    Sessions are created for the rule's weekdays between first_date and last_date, skipping
    the exception dates, but only from today to SCHEDULE_HORIZON_DAYS ahead and never in the
    past (see hobbies.schedules).
    """

    hobby = models.ForeignKey(Hobby, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("hobby"))
    weekdays = models.JSONField(_("weekdays"), default=list, help_text=_("ISO weekdays, 1 = Monday … 7 = Sunday."))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    first_date = models.DateField(_("first date"))
    last_date = models.DateField(_("last date"))
    exception_dates = models.JSONField(
        _("exception dates"),
        default=list,
        blank=True,
        help_text=_("Dates without a session, such as school holidays (YYYY-MM-DD)."),
    )

    class Meta:
        verbose_name = _("weekly schedule")
        verbose_name_plural = _("weekly schedules")
        ordering = ["hobby_id", "first_date", "start_time", "id"]
        constraints = [SourcedModel.origin_constraint("hobbies_schedule_origin_unique")]

    def __str__(self):
        return f"{self.hobby_id}: {self.weekdays} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    def clean(self):
        super().clean()
        self.weekdays, self.exception_dates = clean_weekly_rule(
            self.weekdays, self.start_time, self.end_time, self.first_date, self.last_date, self.exception_dates
        )

    @property
    def exception_date_set(self):
        return {dt.date.fromisoformat(value) for value in self.exception_dates}


class HobbyEventQuerySet(models.QuerySet):
    def not_ended(self, now=None):
        return self.filter(end_at__gt=now or timezone.now())

    def upcoming(self, now=None):
        return self.not_ended(now).filter(is_cancelled=False)


class HobbyEvent(SourcedModel, TimestampedModel):
    """One dated session of a hobby."""

    hobby = models.ForeignKey(Hobby, on_delete=models.CASCADE, related_name="events", verbose_name=_("hobby"))
    schedule = models.ForeignKey(
        WeeklySchedule,
        on_delete=models.SET_NULL,  # sessions outlive a deleted rule; past ones are history
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("weekly schedule"),
    )
    start_at = models.DateTimeField(_("starts at"))
    end_at = models.DateTimeField(_("ends at"), db_index=True)
    # Europe/Helsinki wall-clock copies of start_at and end_at, set by save().
    start_date = models.DateField(_("start date"), editable=False, db_index=True)
    start_time = models.TimeField(_("start time"), editable=False)
    end_date = models.DateField(_("end date"), editable=False)
    end_time = models.TimeField(_("end time"), editable=False)
    start_weekday = models.PositiveSmallIntegerField(
        _("weekday"), editable=False, db_index=True, help_text=_("ISO weekday, 1 = Monday … 7 = Sunday.")
    )
    is_all_day = models.BooleanField(
        _("all day"), default=False, help_text=_("The source gave dates without times.")
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    objects = HobbyEventQuerySet.as_manager()

    class Meta:
        # A context keeps Django's own "session" (a login session) translation out.
        verbose_name = pgettext_lazy("hobby session", "session")
        verbose_name_plural = pgettext_lazy("hobby session", "sessions")
        ordering = ["start_at", "id"]
        constraints = [
            SourcedModel.origin_constraint("hobbies_event_origin_unique"),
            models.CheckConstraint(condition=Q(end_at__gt=models.F("start_at")), name="hobbies_event_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["hobby", "start_at"], name="hobbies_event_hobby_start"),
            models.Index(fields=["schedule", "start_date"], name="hobbies_event_schedule_date"),
            # "Does this hobby have a session that has not ended (on this weekday)?" is one seek
            # with these indexes, and the session list tests it for every candidate hobby.
            # is_cancelled in the weekday index lets that test run on the index alone, without
            # reading the session row.
            models.Index(fields=["hobby", "end_at"], name="hobbies_event_hobby_end"),
            models.Index(
                fields=["hobby", "start_weekday", "is_cancelled", "end_at"], name="hobbies_event_hobby_day_end"
            ),
        ]

    def __str__(self):
        return f"{self.hobby_id} {self.start_date} {self.start_time:%H:%M}"

    def save(self, *args, **kwargs):
        self.set_local_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"start_at", "end_at"} & set(update_fields):
            kwargs["update_fields"] = set(update_fields) | {
                "start_date", "start_time", "end_date", "end_time", "start_weekday",
            }
        super().save(*args, **kwargs)

    def set_local_fields(self):
        """Copy start_at and end_at into the Helsinki wall-clock fields."""
        start, end = to_local(self.start_at), to_local(self.end_at)
        self.start_date, self.start_time = start.date(), start.time().replace(tzinfo=None)
        self.end_date, self.end_time = end.date(), end.time().replace(tzinfo=None)
        self.start_weekday = start.isoweekday()

    def clean(self):
        super().clean()
        if self.start_at and self.end_at:
            clean_session_times(self.start_at, self.end_at)


class HobbySearchTerm(models.Model):
    """One stemmed word of a hobby's searchable text, with the weight of the field it came from.

    hobbies.search writes these rows from the hobby's names, descriptions and category names
    in every language and reads them with prefix lookups on the indexed `term` column, so
    search needs neither a full-text extension nor a scan of the descriptions.
    """

    class Weight(models.IntegerChoices):
        DESCRIPTION = 1, pgettext_lazy("search weight", "Description")
        CATEGORY = 2, pgettext_lazy("search weight", "Category")
        NAME = 3, pgettext_lazy("search weight", "Name")

    hobby = models.ForeignKey(Hobby, on_delete=models.CASCADE, related_name="search_terms", verbose_name=_("hobby"))
    term = models.CharField(_("term"), max_length=64)
    weight = models.PositiveSmallIntegerField(_("weight"), choices=Weight.choices)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        indexes = [
            # Prefix lookups read (hobby, weight) from the index alone, without a row read per
            # match. varchar_pattern_ops serves LIKE 'prefix%' on PostgreSQL under any
            # collation, and also equality; other databases ignore the operator classes.
            models.Index(
                fields=["term", "hobby", "weight"],
                opclasses=["varchar_pattern_ops", "int8_ops", "int2_ops"],
                name="hobbies_searchterm_lookup",
            ),
        ]
        constraints = [
            # Also the index that ranks a candidate hobby: (hobby_id, term prefix) is one seek.
            models.UniqueConstraint(fields=["hobby", "term"], name="hobbies_searchterm_unique"),
        ]

    def __str__(self):
        return f"{self.hobby_id}: {self.term} ({self.weight})"


# --- Validation shared by forms, serializers and importers --------------------------------


def clean_price(price_type, price_amount, *, allow_unknown=False):
    """Raise ValidationError on `price_amount` unless it fits `price_type`.

    Free means exactly 0 (None counts as 0); every other price type needs a positive amount.
    With `allow_unknown`, which only importers use, a non-free price may be None: the source
    says the hobby costs money but not how much, and pages tell pupils to ask the provider.
    """
    if price_amount is None:
        if allow_unknown and price_type != Hobby.PriceType.FREE:
            return
        price_amount = Decimal("0")
    amount = Decimal(str(price_amount))
    if amount < 0:
        raise ValidationError({"price_amount": errors.message("price_negative", value=amount)})
    if amount > MAX_PRICE:
        raise ValidationError({"price_amount": errors.message("price_too_high", value=amount, max=MAX_PRICE)})
    if price_type == Hobby.PriceType.FREE and amount != 0:
        raise ValidationError({"price_amount": errors.message("price_free_not_zero", value=amount)})
    if price_type != Hobby.PriceType.FREE and amount == 0:
        label = Hobby.PriceType(price_type).label if price_type in Hobby.PriceType.values else price_type
        raise ValidationError({"price_amount": errors.message("price_missing", price_type=label)})


def clean_age_range(min_age, max_age):
    """Raise ValidationError unless the ages are within 0-99 and min_age <= max_age."""
    problems = {}
    for field, value in (("min_age", min_age), ("max_age", max_age)):
        if value is not None and not MIN_AGE <= value <= MAX_AGE:
            problems[field] = errors.message("age_range", value=value, min=MIN_AGE, max=MAX_AGE)
    if not problems and min_age is not None and max_age is not None and min_age > max_age:
        problems["min_age"] = errors.message("age_order", min_age=min_age, max_age=max_age)
    if problems:
        raise ValidationError(problems)


def clean_year(value, field):
    if value.year < EARLIEST_YEAR:
        raise ValidationError({field: errors.message("date_too_early", value=value.isoformat(), year=EARLIEST_YEAR)})
    if value.year > LATEST_YEAR:
        raise ValidationError({field: errors.message("date_too_late", value=value.isoformat(), year=LATEST_YEAR)})


def clean_session_times(start_at, end_at):
    """Raise ValidationError unless a session starts before it ends, in a sensible year and span."""
    clean_year(to_local(start_at).date(), "start_at")
    clean_year(to_local(end_at).date(), "end_at")
    if end_at <= start_at:
        raise ValidationError(
            {"end_at": errors.message("end_before_start", start=_format(start_at), end=_format(end_at))}
        )
    if end_at - start_at > dt.timedelta(days=MAX_SESSION_DAYS):
        raise ValidationError({"end_at": errors.message("session_too_long", days=MAX_SESSION_DAYS)})


def clean_weekly_rule(weekdays, start_time, end_time, first_date, last_date, exception_dates):
    """Validate a weekly rule; return its weekdays and exception dates in canonical form.

    Weekdays become a sorted list of unique ints 1-7 and exception dates sorted ISO strings.
    """
    problems = {}
    canonical_weekdays = []
    if not weekdays:
        problems["weekdays"] = errors.message("weekdays_missing")
    else:
        for value in weekdays:
            try:
                day = int(value)
            except (TypeError, ValueError):
                day = 0
            if not 1 <= day <= 7 or (isinstance(value, float) and value != day):
                problems["weekdays"] = errors.message("weekday_invalid", value=value)
                break
            canonical_weekdays.append(day)
    if start_time is not None and end_time is not None and end_time <= start_time:
        problems["end_time"] = errors.message(
            "end_before_start", start=start_time.strftime("%H:%M"), end=end_time.strftime("%H:%M")
        )
    for field, value in (("first_date", first_date), ("last_date", last_date)):
        if value is not None:
            try:
                clean_year(value, field)
            except ValidationError as error:
                problems.update(error.update_error_dict({}))
    if first_date and last_date and "first_date" not in problems and "last_date" not in problems:
        if last_date < first_date:
            problems["last_date"] = errors.message(
                "last_before_first", first=first_date.isoformat(), last=last_date.isoformat()
            )
    canonical_exceptions = set()
    for value in exception_dates or []:
        try:
            canonical_exceptions.add(
                value.isoformat() if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)).isoformat()
            )
        except ValueError:
            problems["exception_dates"] = errors.message("exception_date_invalid", value=value)
            break
    if problems:
        raise ValidationError(problems)
    return sorted(set(canonical_weekdays)), sorted(canonical_exceptions)


def _format(moment):
    return to_local(moment).strftime("%Y-%m-%d %H:%M")


__all__ = [
    "HELSINKI",
    "Hobby",
    "HobbyCategory",
    "HobbyEvent",
    "HobbySearchTerm",
    "Language",
    "WeeklySchedule",
    "clean_age_range",
    "clean_price",
    "clean_session_times",
    "clean_weekly_rule",
]
