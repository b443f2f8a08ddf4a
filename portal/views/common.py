"""Helpers shared by the portal views: access, errors from services, pagination."""

import secrets
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.access import can_use_portal

PAGE_SIZE = 50

# The largest id that SQLite and a PostgreSQL bigint hold. A larger number in a URL or a
# query string overflows the database driver, so no object can have it.
MAX_ID = 2**63 - 1
MAX_QUERY_LENGTH = 200
# The hidden field of a form that creates an object, with a token that is new for each
# opened form, and how long a sent token is remembered.
SUBMISSION_FIELD = "submission"
SUBMISSION_SECONDS = 24 * 60 * 60


def portal_view(view):
    """Require a signed-in user with a portal role; others sign in or get a 403 page.

    Responses are marked uncacheable, because they show organizations' members and history.
    """

    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_use_portal(request.user):
            return render(request, "portal/no_role.html", {"page_title": None}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def object_or_404(queryset, pk):
    """Return the object with `pk` from `queryset`, which the caller has built from the
    user's rights, so that "not yours" and "does not exist" are the same 404."""
    obj = queryset.filter(pk=pk).first() if is_storable_id(pk) else None
    if obj is None:
        raise Http404
    return obj


def add_service_errors(form, error):
    """Attach a service's ValidationError to `form`: each message to its field when the form
    has that field, else to the form as a whole."""
    if not isinstance(error, ValidationError):
        raise TypeError(error)
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields else None
        if field == NON_FIELD_ERRORS:
            target = None
        for item in errors:
            form.add_error(target, item)


def page_of(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def is_storable_id(value):
    return isinstance(value, int) and 0 <= value <= MAX_ID


def id_parameter(params, name):
    """Return the id in `params[name]` (a QueryDict) as an int, or None when it is missing
    or not written in the digits 0-9. An id too large to store is returned as it is, so
    that `filter_by_id` finds nothing for it."""
    value = params.get(name, "")
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    return int(value)


def filter_by_id(queryset, field, object_id):
    """Filter `queryset` on `field` = `object_id`. An id too large to store matches nothing."""
    if not is_storable_id(object_id):
        return queryset.none()
    return queryset.filter(**{field: object_id})


def search_text(request):
    """Return the trimmed search text of `?q=` without NUL characters, which PostgreSQL
    text columns cannot contain or compare with."""
    return request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def submission_token(request):
    """Return the token for the hidden submission field of a form that creates an object:
    the one the request sent, or a new one for a newly opened form."""
    sent = request.POST.get(SUBMISSION_FIELD, "")
    if sent and len(sent) <= 64 and sent.isascii():
        return sent
    return secrets.token_urlsafe(16)


def _submission_key(request):
    token = request.POST.get(SUBMISSION_FIELD, "")
    if not token or len(token) > 64:
        return None
    return f"portal-submission:{request.user.pk}:{token}"


def claim_submission(request):
    """Return False when a form with this request's submission token was already saved (a
    double click or a reload), else remember the token and return True.

    The cache's atomic add lets only one of two parallel requests claim a token.
    """
    key = _submission_key(request)
    return key is None or cache.add(key, 1, SUBMISSION_SECONDS)


def release_submission(request):
    """Forget this request's submission token after its save failed, so that the corrected
    form can be sent again."""
    key = _submission_key(request)
    if key is not None:
        cache.delete(key)
