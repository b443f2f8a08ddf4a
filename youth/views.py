"""Public pages for pupils: the hobby list with search and filters, and a hobby's details."""

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hobbies.categories import subtree_ids
from hobbies.models import Hobby, HobbyCategory, HobbyEvent
from hobbies.services import refresh_stale_next_events

PAGE_SIZE = 24
UPCOMING_SESSIONS_SHOWN = 12


def published_hobbies():
    return Hobby.objects.published().select_related(
        "provider", "location", "municipality", "next_event"
    ).prefetch_related("categories")


def text_search_q(text):
    """Return a Q matching every word of `text` in a name or description in any language."""
    condition = Q()
    for word in text.split()[:10]:
        word_condition = Q()
        for field in ("name", "short_description", "description"):
            for language in ("fi", "sv", "en"):
                word_condition |= Q(**{f"{field}_{language}__icontains": word})
        condition &= word_condition
    return condition


def hobby_list(request):
    refresh_stale_next_events()
    hobbies = published_hobbies()
    query = request.GET.get("q", "").strip()[:200]
    if query:
        hobbies = hobbies.filter(text_search_q(query))

    selected_category = None
    category_id = request.GET.get("category", "")
    if category_id.isdigit():
        selected_category = HobbyCategory.objects.filter(pk=int(category_id)).first()
        if selected_category is not None:
            hobbies = hobbies.filter(categories__in=subtree_ids([selected_category.pk])).distinct()

    hobbies = hobbies.order_by("next_event__start_at", "name", "id")
    page = Paginator(hobbies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "youth/hobby_list.html",
        {
            "page": page,
            "query": query,
            "categories": HobbyCategory.objects.filter(level__lte=1),
            "selected_category": selected_category,
            "result_count": page.paginator.count,
        },
    )


def hobby_detail(request, pk):
    now = timezone.now()
    upcoming = HobbyEvent.objects.filter(end_at__gt=now).order_by("start_at", "id")
    hobby = get_object_or_404(
        published_hobbies().prefetch_related(
            "languages", Prefetch("events", queryset=upcoming, to_attr="upcoming_sessions")
        ),
        pk=pk,
    )
    return render(
        request,
        "youth/hobby_detail.html",
        {
            "hobby": hobby,
            "sessions": hobby.upcoming_sessions[:UPCOMING_SESSIONS_SHOWN],
            "more_sessions": max(0, len(hobby.upcoming_sessions) - UPCOMING_SESSIONS_SHOWN),
            "page_title": hobby.name or _("Hobby"),
        },
    )
