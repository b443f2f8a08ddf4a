"""Monthly reports for one municipality or the whole country, built from the rollups.

Reports read only the monthly sums of the daily rollups (MonthlyCount), catalogue
snapshots and app store figures, so they are fast and stay the same after raw events are
purged. Every count passes through `suppression.figure`, so a Report contains no number
below the suppression threshold.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, F, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hobbies.models import HobbyCategory

from .lookups import CachedNames, hobby_names, promotion_names
from .models import AppStore, AppStoreDownloads, Metric, MonthlyCount, RollupRun
from .months import Month
from .report_queries import TOP_ROWS, read_shown_rows
from .snapshots import NATIONAL, catalogue_counts
from .suppression import THRESHOLD, figure


@dataclass
class Row:
    key: str
    label: str
    figures: dict  # column key -> Figure


@dataclass
class Section:
    """One table of a report; `chart` names the column drawn as a bar chart, if any."""

    key: str
    title: str
    label_heading: str
    columns: list  # (key, heading)
    rows: list = field(default_factory=list)
    description: str = ""
    chart: str | None = None


@dataclass
class Report:
    month: Month
    municipality_code: str  # NATIONAL ("") for the whole country
    scope_name: str
    sections: list
    generated_at: dt.datetime
    is_partial: bool  # the month is not over yet
    rolled_up_until: dt.datetime | None
    catalogue_counted_at: dt.datetime | None

    @property
    def is_national(self):
        return self.municipality_code == NATIONAL

    def section(self, key):
        return next(section for section in self.sections if section.key == key)


@dataclass(frozen=True)
class NameLookups:
    """The functions that map hobby ids and promotion ids to {id: name}."""

    hobbies: object = hobby_names
    promotions: object = promotion_names


COUNT = ("count", pgettext_lazy("report column", "Count"))
KEY_FIGURE_LABELS = {
    "installs": _("Web app installs"),
    "installs_total": _("Web app installs, all time"),
    "downloads": _("App store downloads"),
    "downloads_total": _("App store downloads, all time"),
    Metric.ACTIVE_USERS: _("Monthly active users"),
    Metric.HOBBY_VIEWS: _("Hobby views"),
    Metric.SEARCHES: _("Searches"),
    Metric.ZERO_RESULT_SEARCHES: _("Searches without results"),
    Metric.FAVOURITES_ADDED: _("Favourites added"),
    Metric.FAVOURITES_REMOVED: _("Favourites removed"),
    Metric.PROMOTION_VIEWS: _("Promotion views"),
    Metric.PROMOTION_USES: _("Promotion uses"),
    Metric.MAP_OPENS: _("Map opens"),
    "hobbies_published": _("Hobbies published at the month's end"),
    "providers_published": _("Providers with a published hobby at the month's end"),
}
FILTER_LABELS = {
    "age": _("Age"),
    "category": _("Category"),
    "distance": _("Distance"),
    "instruction_language": _("Language of instruction"),
    "price_type": _("Price"),
    "time_of_day": _("Time of day"),
    "weekday": _("Weekday"),
    "with_promotion": _("Has a promotion"),
}
LANGUAGE_LABELS = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}


class MonthCounts:
    """True counts of one scope and month, by metric and subject, from rollup rows.

    `totals` ({metric: sum}) is given when `rows` leave out subjects that no report shows;
    without it the totals are summed from `rows`.
    """

    def __init__(self, rows=(), totals=None):
        self.by_subject = {}
        self.totals = {} if totals is None else dict(totals)
        for metric, subject_id, subject_text, count in rows:
            subject = subject_text or subject_id
            self.by_subject.setdefault(metric, {})[subject] = count
            if totals is None:
                self.totals[metric] = self.totals.get(metric, 0) + count

    @classmethod
    def read(cls, month, code):
        rows = MonthlyCount.objects.filter(month=month.first_day)
        if code != NATIONAL:
            rows = rows.filter(municipality_code=code)
        return cls(rows.values_list("metric", "subject_id", "subject_text").annotate(total=Sum("count")).order_by())

    def total(self, metric):
        return self.totals.get(metric, 0)

    def subjects(self, metric):
        return self.by_subject.get(metric, {})


def cumulative_installs(month, code=None):
    """Return {municipality code: (installs until the month's end, until the previous month's end)}.

    With `code` None every municipality is counted; with NATIONAL, the whole country.
    """
    previous_month = month.previous().first_day
    rows = MonthlyCount.objects.filter(metric=Metric.INSTALLS, month__lte=month.first_day)
    if code not in (None, NATIONAL):
        rows = rows.filter(municipality_code=code)
    until_previous = Sum(Case(When(month__lte=previous_month, then=F("count")), default=Value(0)))
    if code == NATIONAL:
        totals = rows.aggregate(current=Sum("count"), previous=until_previous)
        return {NATIONAL: (totals["current"] or 0, totals["previous"] or 0)}
    grouped = rows.values("municipality_code").annotate(current=Sum("count"), previous=until_previous).order_by()
    return {row["municipality_code"]: (row["current"], row["previous"]) for row in grouped}


def downloads(month=None, *, until=None):
    """Return app store downloads by store: of `month`, or of every month up to `until`."""
    rows = AppStoreDownloads.objects.all()
    rows = rows.filter(month=month.first_day) if month else rows.filter(month__lte=until.first_day)
    totals = dict.fromkeys(AppStore.values, 0)
    for store, count in rows.values_list("store").annotate(total=Sum("downloads")).order_by():
        totals[store] = count
    return totals


def ranked(current, previous, names_of, *, minimum=0, limit=TOP_ROWS):
    """Return rows for the subjects of `current`, most counted first, at most `limit`.

    Subjects below the suppression threshold follow in name order, so that the order does
    not reveal their hidden counts. Subjects counted fewer than `minimum` times are left
    out entirely. `names_of` maps a list of subjects to {subject: name}; it is called only
    for the subjects that may be shown, because a national list can have thousands.
    """
    shown = [subject for subject, count in current.items() if count >= minimum and subject not in ("", 0)]
    visible = sorted((s for s in shown if current[s] >= THRESHOLD), key=lambda s: (-current[s], str(s)))[:limit]
    hidden = [s for s in shown if current[s] < THRESHOLD] if len(visible) < limit else []
    names = names_of(visible + hidden)
    hidden = sorted(hidden, key=lambda s: (str(names[s]), str(s)))[: limit - len(visible)]
    return [
        Row(str(subject), names[subject], {"count": figure(current[subject], previous.get(subject, 0))})
        for subject in visible + hidden
    ]


def own_names(subjects):
    return {subject: str(subject) for subject in subjects}


def names_from(labels):
    """Return a names_of function for `ranked` that looks subjects up in a dict of labels."""
    return lambda subjects: {subject: labels.get(subject, subject) for subject in subjects}


def key_figures(counts, previous, month, code, installs_total, catalogue, previous_catalogue):
    rows = []

    def add(key, current_count, previous_count):
        rows.append(Row(str(key), KEY_FIGURE_LABELS[key], {"count": figure(current_count, previous_count)}))

    add("installs", counts.total(Metric.INSTALLS), previous.total(Metric.INSTALLS))
    add("installs_total", *installs_total)
    if code == NATIONAL:
        this_month, last_month = downloads(month), downloads(month.previous())
        for store, label in AppStore.choices:
            rows.append(
                Row(
                    f"downloads_{store}",
                    gettext("App store downloads: %(store)s") % {"store": label},
                    {"count": figure(this_month[store], last_month[store])},
                )
            )
        add("downloads", sum(this_month.values()), sum(last_month.values()))
        add(
            "downloads_total",
            sum(downloads(until=month).values()),
            sum(downloads(until=month.previous()).values()),
        )
    for metric in (
        Metric.ACTIVE_USERS,
        Metric.HOBBY_VIEWS,
        Metric.SEARCHES,
        Metric.ZERO_RESULT_SEARCHES,
        Metric.FAVOURITES_ADDED,
        Metric.FAVOURITES_REMOVED,
        Metric.PROMOTION_VIEWS,
        Metric.PROMOTION_USES,
        Metric.MAP_OPENS,
    ):
        add(metric, counts.total(metric), previous.total(metric))
    this_catalogue = catalogue.get(code, (0, 0, None))
    last_catalogue = previous_catalogue.get(code, (0, 0, None))
    add("hobbies_published", this_catalogue[0], last_catalogue[0])
    add("providers_published", this_catalogue[1], last_catalogue[1])
    return rows


def category_rows(counts, previous):
    """Return a row per main category (one without a parent), with its whole branch counted."""
    main_categories = HobbyCategory.objects.filter(parent__isnull=True).order_by("sort_key", "id")
    columns = (
        ("hobby_views", Metric.CATEGORY_HOBBY_VIEWS),
        ("searches", Metric.CATEGORY_SEARCHES),
        ("favourites", Metric.CATEGORY_FAVOURITES),
    )
    rows = []
    for category in main_categories:
        figures = {
            column: figure(counts.subjects(metric).get(category.pk, 0), previous.subjects(metric).get(category.pk, 0))
            for column, metric in columns
        }
        rows.append(Row(str(category.pk), category.name, figures))
    rows.sort(key=lambda row: (-(row.figures["hobby_views"].current.value or 0), row.label))
    return rows


def promotion_rows(counts, previous, names_of=promotion_names):
    ids = set(counts.subjects(Metric.PROMOTION_VIEWS)) | set(counts.subjects(Metric.PROMOTION_USES))
    names = names_of(ids)
    views_now, views_before = counts.subjects(Metric.PROMOTION_VIEWS), previous.subjects(Metric.PROMOTION_VIEWS)
    uses_now, uses_before = counts.subjects(Metric.PROMOTION_USES), previous.subjects(Metric.PROMOTION_USES)
    rows = []
    for promotion_id in ids:
        views = figure(views_now.get(promotion_id, 0), views_before.get(promotion_id, 0))
        uses = figure(uses_now.get(promotion_id, 0), uses_before.get(promotion_id, 0))
        rows.append(Row(str(promotion_id), names[promotion_id], {"views": views, "uses": uses}))
    rows.sort(key=lambda row: (-(row.figures["views"].current.value or 0), row.label))
    return rows


def favourite_rows(counts, previous, names_of=hobby_names):
    added, removed = counts.subjects(Metric.FAVOURITES_ADDED), counts.subjects(Metric.FAVOURITES_REMOVED)
    rows = ranked(added, previous.subjects(Metric.FAVOURITES_ADDED), names_of)
    for row in rows:
        hobby_id = int(row.key)
        row.figures = {
            "added": row.figures["count"],
            "removed": figure(removed.get(hobby_id, 0), previous.subjects(Metric.FAVOURITES_REMOVED).get(hobby_id, 0)),
        }
    return rows


def build_report(month, code=NATIONAL, *, scope_name="", now=None, catalogue=None, previous_catalogue=None):
    """Build the report of `month` for the municipality with `code`, or the national one.

    `catalogue` and `previous_catalogue` (from snapshots.catalogue_counts) may be passed
    in when building many reports of one month, so that they are read once.
    """
    now = now or timezone.now()
    catalogue = catalogue_counts(month, now=now) if catalogue is None else catalogue
    if previous_catalogue is None:
        previous_catalogue = catalogue_counts(month.previous(), now=now)
    return assemble_report(
        month,
        code,
        scope_name,
        MonthCounts.read(month, code),
        MonthCounts.read(month.previous(), code),
        cumulative_installs(month, code).get(code, (0, 0)),
        catalogue,
        previous_catalogue,
        now,
    )


# Municipalities whose rollups are read with one query when building many reports. A month's
# rows of one municipality lie scattered over the table, so each query reads much of it.
MUNICIPALITIES_PER_QUERY = 80


def build_municipal_reports(month, municipalities, *, now=None):
    """Yield the report of `month` for each (code, name) in `municipalities`, in code order.

    Reads the rollups of the month and the month before for MUNICIPALITIES_PER_QUERY
    municipalities per query, instead of two queries per municipality, and only the rows
    a report can show (see report_queries), which matters when reporting on all 308
    municipalities at once. Names of hobbies and promotions are looked up once per batch.
    """
    now = now or timezone.now()
    catalogue = catalogue_counts(month, now=now)
    previous_catalogue = catalogue_counts(month.previous(), now=now)
    installs_total = cumulative_installs(month)
    names = NameLookups(CachedNames(hobby_names), CachedNames(promotion_names))
    scopes = sorted(municipalities)
    for start in range(0, len(scopes), MUNICIPALITIES_PER_QUERY):
        chunk = scopes[start : start + MUNICIPALITIES_PER_QUERY]
        by_scope = read_shown_rows(month, [code for code, _name in chunk])
        for code, name in chunk:
            current = by_scope.get((code, month.first_day), ((), {}))
            previous = by_scope.get((code, month.previous().first_day), ((), {}))
            yield assemble_report(
                month,
                code,
                name,
                MonthCounts(*current),
                MonthCounts(*previous),
                installs_total.get(code, (0, 0)),
                catalogue,
                previous_catalogue,
                now,
                names=names,
            )


def assemble_report(
    month, code, scope_name, counts, previous, installs_total, catalogue, previous_catalogue, now, *, names=None
):
    """Return the Report of a scope from its true counts; every figure is suppressed here."""
    names = names or NameLookups()
    hobby_views = counts.subjects(Metric.HOBBY_VIEWS)
    searches = counts.subjects(Metric.SEARCHES)
    zero_results = counts.subjects(Metric.ZERO_RESULT_SEARCHES)
    filters = counts.subjects(Metric.SEARCH_FILTERS)
    languages = counts.subjects(Metric.LANGUAGE_SELECTIONS)
    sections = [
        Section(
            "key_figures",
            _("Key figures"),
            _("Figure"),
            [COUNT],
            key_figures(counts, previous, month, code, installs_total, catalogue, previous_catalogue),
            description=_(
                "Installs are first opens of the web app. Monthly active users are devices that "
                "opened the app at least once in the month."
            ),
        ),
        Section(
            "hobby_views",
            _("Most viewed hobbies"),
            _("Hobby"),
            [("count", _("Views"))],
            ranked(hobby_views, previous.subjects(Metric.HOBBY_VIEWS), names.hobbies),
            chart="count",
        ),
        Section(
            "searches",
            _("Most common searches"),
            _("Search text"),
            [("count", _("Searches"))],
            ranked(searches, previous.subjects(Metric.SEARCHES), own_names, minimum=THRESHOLD),
            description=_("Search texts are shown only when searched at least five times."),
            chart="count",
        ),
        Section(
            "zero_result_searches",
            _("Searches without results"),
            _("Search text"),
            [("count", _("Searches"))],
            ranked(zero_results, previous.subjects(Metric.ZERO_RESULT_SEARCHES), own_names, minimum=THRESHOLD),
            description=_("What pupils looked for and did not find: a measure of unmet demand."),
            chart="count",
        ),
        Section(
            "search_filters",
            _("Search filters used"),
            pgettext_lazy("search", "Filter"),
            [("count", _("Searches"))],
            ranked(filters, previous.subjects(Metric.SEARCH_FILTERS), names_from(FILTER_LABELS)),
            chart="count",
        ),
        Section(
            "categories",
            _("Interest by main category"),
            _("Category"),
            [
                ("hobby_views", _("Hobby views")),
                ("searches", _("Searches")),
                ("favourites", _("Favourites added")),
            ],
            category_rows(counts, previous),
            description=_("Each main category counts its subcategories too."),
            chart="hobby_views",
        ),
        Section(
            "favourites",
            _("Most favourited hobbies"),
            _("Hobby"),
            [("added", _("Favourites added")), ("removed", _("Favourites removed"))],
            favourite_rows(counts, previous, names.hobbies),
            chart="added",
        ),
        Section(
            "promotions",
            _("Promotions"),
            _("Promotion"),
            [("views", _("Views")), ("uses", _("Uses"))],
            promotion_rows(counts, previous, names.promotions),
            chart="views",
        ),
        Section(
            "languages",
            _("Languages chosen"),
            _("Language"),
            [("count", _("Choices"))],
            ranked(languages, previous.subjects(Metric.LANGUAGE_SELECTIONS), names_from(LANGUAGE_LABELS)),
            chart="count",
        ),
    ]
    last_run = RollupRun.objects.order_by("-finished_at").first()
    counted_at = catalogue.get(NATIONAL, (0, 0, None))[2]
    return Report(
        month=month,
        municipality_code=code,
        scope_name=scope_name,
        sections=sections,
        generated_at=now,
        is_partial=month.last_day >= timezone.localdate(now),
        rolled_up_until=last_run.finished_at if last_run else None,
        catalogue_counted_at=counted_at,
    )
