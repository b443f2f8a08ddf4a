"""Page-number pagination of v1 lists: {"count", "next", "previous", "results"}.

The query functions return one page of ids and the total count, so the paginator only
parses `page` and `page_size` and builds the links.
"""

import math

from django.http import Http404
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from . import errors
from .params import MAX_DATABASE_INTEGER, QueryParams

DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 500
# The largest row offset a page may start at. No list comes near two billion rows, and a
# bound this size keeps every offset within a 32-bit integer on any database.
MAX_OFFSET = 2**31 - 1


class PageRequest:
    """The requested page: 1-based `number`, `size`, and the row `offset`."""

    def __init__(self, request):
        params = QueryParams(request.query_params)
        # A page size above the maximum gets the maximum, as in v1; below 1 it is an error.
        self.size = params.integer("page_size", minimum=1, maximum=MAX_DATABASE_INTEGER, range_shown=(1, MAX_PAGE_SIZE))
        self.size = min(self.size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        self.number = params.integer("page", minimum=1, maximum=MAX_OFFSET // self.size + 1) or 1
        self.offset = (self.number - 1) * self.size
        self.request = request

    def response(self, results, count):
        """Return the page response; a page past the end is a 404, as in v1."""
        last = max(1, math.ceil(count / self.size))
        if self.number > last:
            raise Http404(errors.message("invalid_page", value=self.number, last=last).messages[0])
        url = self.request.build_absolute_uri()
        next_url = replace_query_param(url, "page", self.number + 1) if self.number < last else None
        if self.number <= 1:
            previous_url = None
        elif self.number == 2:
            previous_url = remove_query_param(url, "page")
        else:
            previous_url = replace_query_param(url, "page", self.number - 1)
        return Response({"count": count, "next": next_url, "previous": previous_url, "results": results})


def schema_for_page(item_schema):
    return {
        "type": "object",
        "required": ["count", "results"],
        "properties": {
            "count": {"type": "integer", "example": 123},
            "next": {"type": "string", "nullable": True, "format": "uri"},
            "previous": {"type": "string", "nullable": True, "format": "uri"},
            "results": {"type": "array", "items": item_schema},
        },
    }
