"""Template helpers of the youth pages: language links, dates, distances and thumbnails."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import dateformat
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info, pgettext

from core.i18n import value_language
from hobbies.timeutils import format_local_datetime, local_datetime_format, to_local
from youth.thumbnails import thumbnail_sources

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Return, for each language, its local name and the URL that switches to it and keeps
    the pupil on the same page."""
    request = context["request"]
    query = context.get("query")
    # A list's own canonical parameters leave out malformed values and unrounded coordinates.
    path = request.path + query.query_string() if hasattr(query, "query_string") else request.get_full_path()
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        target = translate_url(path, code)
        url = reverse("youth_root:language", args=[code]) + "?" + urlencode({"next": target})
        info = get_language_info(code)
        links.append({"code": code, "name": info["name_local"], "url": url, "current": code == current})
    return links


def _fallback_language(obj, field):
    """Return the language of `obj.<field>` when it differs from the page's, else None."""
    if obj is None:
        return None
    shown = value_language(obj, field)
    page_language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return shown if shown and shown != page_language else None


@register.filter
def lang_attr(obj, field):
    """Return ` lang="xx"` for the element that shows `obj.<field>` when the text falls back
    to language xx, else an empty string: `<h1{{ hobby|lang_attr:"name" }}>`."""
    language = _fallback_language(obj, field)
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def lang_text(obj, field):
    """Return `obj.<field>` escaped, inside `<span lang="xx">` when it falls back to language xx."""
    value = getattr(obj, field, "") if obj is not None else ""
    language = _fallback_language(obj, field)
    if language:
        return format_html('<span lang="{}">{}</span>', language, value)
    return conditional_escape(value or "")


@register.filter
def local_datetime(moment):
    """Format an aware datetime as the pupil's language writes it, in Helsinki time."""
    if moment is None:
        return ""
    return format_local_datetime(moment)


@register.simple_tag
def datetime_format():
    """Return the format of local_datetime, for scripts that format times on the device."""
    return local_datetime_format()


@register.filter
def local_date(value):
    if value is None:
        return ""
    return dateformat.format(value, pgettext("date format", "D j M Y"))


@register.filter
def local_time(value):
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "date"):
        value = to_local(value)
    return dateformat.format(value, pgettext("time format", "H:i"))


@register.filter
def distance(metres):
    """Format metres as "850 m" under a kilometre and "1,2 km" above, in the active locale."""
    if metres is None:
        return ""
    if metres < 1000:
        return f"{int(round(metres / 10.0) * 10)} m"
    kilometres = metres / 1000
    return f"{number_format(kilometres, decimal_pos=1 if kilometres < 10 else 0)} km"


@register.filter
def euros(amount):
    """Format a euro amount: "12,50 €" in Finnish and Swedish, "€12.50" in English."""
    decimals = 0 if amount == int(amount) else 2
    number = number_format(amount, decimal_pos=decimals)
    if get_language() == "en":
        return f"€{number}"
    return f"{number} €"


@register.simple_tag
def thumbnail(obj, kind):
    """Return {"src", "srcset"} of a cover image's resized thumbnails, or None without one."""
    return thumbnail_sources(obj, kind)


@register.simple_tag
def script_messages():
    """Return the texts that app.js shows or announces, in the active language."""
    from django.utils.translation import gettext as _

    return {
        "copied": _("The link was copied. You can paste it into a message."),
        "copyFailed": _("Copying failed. Copy the address from the address bar."),
        "favouriteAdded": _("Added to favourites."),
        "favouriteRemoved": _("Removed from favourites."),
        "removeFavourite": _("Remove from favourites"),
        "noFavourites": _("You have no favourites yet. Add one from a hobby's page with the heart button."),
        "favouriteGone": _("This hobby is no longer listed."),
        "favouritesOffline": _("You are offline, so only the names of your favourites are shown."),
        "locating": _("Finding your location…"),
        "locationDenied": _("Location permission was denied. Choose a municipality or postal code instead."),
        "locationFailed": _("Your location could not be found. Choose a municipality or postal code instead."),
        "locationUnsupported": _("This browser cannot share its location. Choose a municipality or postal code instead."),
        "placeSaved": _("Place saved: %(place)s."),
        "placeCleared": _("The place was removed."),
        "placeNone": _("No place chosen"),
        "placeCurrent": _("Your place: %(place)s"),
        "myLocation": _("My location"),
        "mapPoint": _("Point on the map"),
        "zoomIn": _("Zoom in"),
        "zoomOut": _("Zoom out"),
        "mapLibrary": _("A JavaScript library for interactive maps"),
        "closePopup": _("Close popup"),
        "placesFoundOne": _("%(count)s place found."),
        "placesFoundMany": _("%(count)s places found."),
        "placesLoadFailed": _("The list of places could not be loaded. Search again when you are online."),
        "distanceFrom": _("%(distance)s from %(place)s"),
        "loadFailed": _("The results could not be loaded. Check your connection and try again."),
        "loading": _("Loading results…"),
        "postalCode": _("postal code"),
        "municipality": _("municipality"),
    }


@register.simple_tag
def promotion_url(promotion):
    """Return the URL a promotion card links to: its own page once youth:promotion-detail
    exists, else its hobby's page when that is published, else an empty string."""
    from django.urls import NoReverseMatch

    from hobbies.models import Hobby

    try:
        return reverse("youth:promotion-detail", args=[promotion.pk])
    except NoReverseMatch:
        pass
    if promotion.hobby_id and promotion.hobby.status == Hobby.Status.PUBLISHED:
        return reverse("youth:hobby-detail", args=[promotion.hobby_id])
    return ""


@register.filter
def weekday_names(weekdays):
    """Join ISO weekday numbers as names: [2, 4] becomes "Tuesday, Thursday"."""
    from django.utils.dates import WEEKDAYS

    return ", ".join(str(WEEKDAYS[day - 1]) for day in sorted(weekdays) if 1 <= day <= 7)

