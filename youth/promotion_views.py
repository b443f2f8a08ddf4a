"""The pupil's promotion screens: details, a confirm step, and the redemption code.

Using a promotion happens in the browser: promotion_use.js sends the device's anonymous key
to the API (promotions/{id}/use/) and keeps the code it gets back in localStorage, so the
code screen shows it again after a reload. These views render the pages around that.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from promotions.models import Promotion


def visible_promotion(pk):
    return get_object_or_404(Promotion.objects.select_related("provider", "location", "hobby"), pk=pk)


def promotion_list_url():
    """Return the promotion list's URL, or the hobby list's while the list page does not exist."""
    try:
        return reverse("youth:promotion-list")
    except NoReverseMatch:
        return reverse("youth:hobby-list")


def page_context(promotion, **extra):
    return {
        "promotion": promotion,
        "availability": promotion.availability(timezone.now()),
        "hobby_published": promotion.hobby is not None and promotion.hobby.status == promotion.hobby.Status.PUBLISHED,
        "list_url": promotion_list_url(),
        **extra,
    }


def promotion_detail(request, pk):
    promotion = visible_promotion(pk)
    return render(request, "youth/promotion_detail.html", page_context(promotion, page_title=promotion.name))


def promotion_confirm(request, pk):
    """Show the confirm step. A POST reaches this view only when the browser runs no JavaScript."""
    promotion = visible_promotion(pk)
    context = page_context(promotion, page_title=_("Use the promotion: %(name)s") % {"name": promotion.name})
    if request.method == "POST":
        context["error_code"] = "javascript_required"
        context["error_message"] = _(
            "Using a promotion needs JavaScript, because your browser keeps the anonymous key that "
            "counts uses per device. Turn JavaScript on and try again."
        )
    return render(request, "youth/promotion_confirm.html", context, status=400 if request.method == "POST" else 200)


def promotion_code(request, pk):
    promotion = visible_promotion(pk)
    return render(
        request, "youth/promotion_code.html", page_context(promotion, page_title=_("Your redemption code"))
    )
