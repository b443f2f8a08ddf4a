"""Analytics dashboards, exports and the app store upload in the portal.

The pages sit in the provider portal: every template extends `base_template` from the
context, which is the portal's layout with its navigation and sign-out.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from places.models import Municipality

from . import access
from .appstores import InvalidUpload, import_downloads, template_csv
from .charts import bar_chart
from .exports import report_csv, report_title, report_xlsx, suppression_note
from .models import AppStoreDownloads
from .months import Month
from .reports import build_report
from .snapshots import NATIONAL

BASE_TEMPLATE = "portal/base.html"
NATIONAL_SCOPE = "national"
MONTHS_LISTED = 24
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def analytics_view(view):
    """Require a signed-in moderator or administrator; send others to sign in or a 403 page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.has_analytics_access(request.user):
            return render(request, "analytics/forbidden.html", {"base_template": BASE_TEMPLATE}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def month_or_404(value, now=None):
    try:
        month = Month.parse(value)
    except ValueError:
        raise Http404("Not a month") from None
    if month > Month.current(now):
        raise Http404("The month has not started")
    return month


def report_or_404(request, month_text, scope):
    """Return the report the user asked for; 404 both when it does not exist and when it is not theirs."""
    month = month_or_404(month_text)
    if scope == NATIONAL_SCOPE:
        if not access.can_view_national(request.user):
            raise Http404("No such report")
        return build_report(month, NATIONAL, scope_name=_("Finland"))
    municipality = get_object_or_404(Municipality, code=scope)
    if not access.can_view_municipality(request.user, municipality):
        raise Http404("No such report")
    return build_report(month, municipality.code, scope_name=municipality.name)


@require_GET
@analytics_view
def index(request):
    current = Month.current()
    months = [current.minus(offset) for offset in range(MONTHS_LISTED)]
    chosen = request.GET.get("month")
    scope = request.GET.get("scope")
    if chosen and scope:
        try:
            return redirect("analytics:report", month=chosen, scope=scope)
        except NoReverseMatch:
            raise Http404("Not a month or a scope") from None
    return render(
        request,
        "analytics/index.html",
        {
            "base_template": BASE_TEMPLATE,
            "months": months,
            "default_month": current.previous(),
            "municipalities": access.visible_municipalities(request.user),
            "can_view_national": access.can_view_national(request.user),
            "can_upload_downloads": access.can_upload_downloads(request.user),
            "national_scope": NATIONAL_SCOPE,
            "page_title": _("Analytics"),
        },
    )


@require_GET
@analytics_view
def report(request, month, scope):
    report = report_or_404(request, month, scope)
    sections = [(section, bar_chart(section)) for section in report.sections]
    return render(
        request,
        "analytics/report.html",
        {
            "base_template": BASE_TEMPLATE,
            "report": report,
            "sections": sections,
            "scope": scope,
            "page_title": report_title(report),
            "suppression_note": suppression_note(),
        },
    )


def export_filename(report, extension):
    scope = NATIONAL_SCOPE if report.is_national else report.municipality_code
    return f"harrastuspassi-{scope}-{report.month}.{extension}"


@require_GET
@analytics_view
def report_csv_download(request, month, scope):
    report = report_or_404(request, month, scope)
    response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(report, "csv")}"'
    return response


@require_GET
@analytics_view
def report_xlsx_download(request, month, scope):
    report = report_or_404(request, month, scope)
    response = HttpResponse(report_xlsx(report), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(report, "xlsx")}"'
    return response


@require_http_methods(["GET", "POST"])
@analytics_view
def downloads(request):
    """Show the uploaded app store figures and take a new CSV file (administrators only)."""
    if not access.can_upload_downloads(request.user):
        raise Http404("Not an administrator")
    problems = []
    stored = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = [(0, "", _("Choose a CSV file to upload."))]
        else:
            try:
                stored = import_downloads(upload.read(), uploaded_by=request.user, now=timezone.now())
            except InvalidUpload as error:
                problems = [(problem.row, problem.column, problem.message) for problem in error.problems]
    return render(
        request,
        "analytics/downloads.html",
        {
            "base_template": BASE_TEMPLATE,
            "figures": AppStoreDownloads.objects.select_related("uploaded_by").order_by("-month", "store"),
            "problems": problems,
            "stored": stored,
            "page_title": _("App store downloads"),
        },
        status=400 if problems else 200,
    )


@require_GET
@analytics_view
def downloads_template(request):
    if not access.can_upload_downloads(request.user):
        raise Http404("Not an administrator")
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="app-store-downloads.csv"'
    return response
