"""The 404 and 403 handlers and the CSRF failure view of the whole site, in the layout of the
requested part of the site.

The 400 and 500 pages are Django's default handlers with this app's 400.html and 500.html,
which Django renders without a request context.
"""

import re

from django.shortcuts import render

# Signed-in staff pages, whose error pages use the provider portal's layout.
STAFF_PATH = re.compile(r"^/(?:[a-z]{2}/)?(?:portal|accounts|admin)/")


def error_layout(path):
    """Return the template that an error page for `path` extends."""
    return "portal/base.html" if STAFF_PATH.match(path) else "youth/base.html"


def _error_page(request, template_name, status, **extra):
    layout = error_layout(request.path)
    context = {"layout": layout, "staff_page": layout == "portal/base.html", **extra}
    return render(request, template_name, context, status=status)


def page_not_found(request, exception):
    return _error_page(request, "404.html", 404)


def permission_denied(request, exception):
    return _error_page(request, "403.html", 403)


def csrf_failure(request, reason=""):
    """Render the 403 page for a form posted without a valid CSRF token (settings.CSRF_FAILURE_VIEW)."""
    return _error_page(request, "403.html", 403, csrf_failed=True)
