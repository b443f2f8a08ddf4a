"""Middleware of the provider portal."""

import logging

from django.core.exceptions import ObjectDoesNotExist

from youth.error_views import page_not_found

logger = logging.getLogger(__name__)


class DeletedMeanwhileMiddleware:
    """Middleware that turns a portal object deleted during the request into the 404 page.

    A view reads the object first, but someone else may delete it before the write service
    locks the row, and the service then raises DoesNotExist. That is a missing page for the
    user, not a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = getattr(request, "resolver_match", None)
        if not isinstance(exception, ObjectDoesNotExist) or match is None or match.namespace != "portal":
            return None
        logger.warning("Object deleted during portal request %s %s: %s", request.method, request.path, exception)
        return page_not_found(request, exception)
