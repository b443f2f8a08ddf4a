"""Queries of promotions shared by the API and the pages."""

from django.db.models import Q

from hobbies.search import MAX_QUERY_WORDS

SEARCH_FIELDS = ("name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en")


def search_words(text):
    """Return the distinct words of `text` in their order, ignoring case, at most MAX_QUERY_WORDS.

    Each word adds six conditions to the query, so thousands of words would exceed the
    expression depth that SQLite accepts and take seconds on PostgreSQL.
    """
    distinct = {}
    for word in text.split():
        distinct.setdefault(word.casefold(), word)
    return list(distinct.values())[:MAX_QUERY_WORDS]


def search_promotions(queryset, text):
    """Keep promotions whose name or description contains every word of `text`."""
    for word in search_words(text):
        condition = Q()
        for field in SEARCH_FIELDS:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset
