"""Location pages: list, create and edit with address search and a map, and the geocoder."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import editable_q
from places.geocoding import geocoder
from places.models import Location
from places.services import save_location

from ..forms.places import LocationForm
from .common import (
    MAX_QUERY_LENGTH,
    add_service_errors,
    object_or_404,
    page_of,
    portal_view,
    search_text,
)


def editable_locations(user):
    return Location.objects.filter(editable_q(user))


@portal_view
def location_list(request):
    locations = editable_locations(request.user).select_related("municipality", "provider").order_by("name_fi", "id")
    query = search_text(request)
    if query:
        condition = Q(postal_code=query)
        for code in ("fi", "sv", "en"):
            condition |= Q(**{f"name_{code}__icontains": query}) | Q(**{f"street_address_{code}__icontains": query})
        locations = locations.filter(condition)
    return render(
        request,
        "portal/locations/list.html",
        {"page": page_of(request, locations), "query": query, "page_title": _("Locations")},
    )


@portal_view
def location_form(request, pk=None):
    location = object_or_404(editable_locations(request.user), pk) if pk else Location()
    results = None
    if request.method == "POST":
        form = LocationForm(request.POST, instance=location, user=request.user)
        if request.POST.get("action") == "geocode":
            # Without JavaScript the search button posts the form: show the results and
            # keep what was typed, without saving.
            results = search_places(request.POST.get("address_query", ""))
        elif form.is_valid():
            location = form.save(commit=False)
            try:
                location = save_location(location, acting_user=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The location “%(name)s” is saved.") % {"name": location})
                return redirect("portal:location-edit", pk=location.pk)
    else:
        form = LocationForm(instance=location, user=request.user)
    return render(
        request,
        "portal/locations/form.html",
        {
            "form": form,
            "location": location if location.pk else None,
            "results": results,
            "address_query": request.POST.get("address_query", ""),
            # Without GEOCODER_URL only the offline postal-code geocoder is used.
            "offline_geocoder": not settings.GEOCODER_URL,
            "page_title": _("Edit the location") if location.pk else _("New location"),
        },
    )


def search_places(query):
    return geocoder().search(query[:MAX_QUERY_LENGTH], language=translation.get_language()[:2])


@require_GET
@portal_view
def geocode(request):
    """Return address search results as JSON for the location form's script."""
    places = search_places(request.GET.get("q", ""))
    return JsonResponse({"results": [place.as_dict() for place in places]})
