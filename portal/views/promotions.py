"""Promotion pages: list, create and edit with quantity, validity and targeting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.access import default_municipality_id, editable_q
from promotions.models import Promotion
from promotions.services import save_promotion

from ..forms.promotions import PromotionForm
from .common import add_service_errors, object_or_404, page_of, portal_view


def editable_promotions(user):
    return Promotion.objects.filter(editable_q(user))


@portal_view
def promotion_list(request):
    promotions = editable_promotions(request.user).select_related("provider").order_by("-valid_until", "-id")
    return render(
        request,
        "portal/promotions/list.html",
        {"page": page_of(request, promotions), "page_title": pgettext("promotion list", "Promotions")},
    )


@portal_view
def promotion_form(request, pk=None):
    promotion = object_or_404(editable_promotions(request.user), pk) if pk else Promotion()
    if request.method == "POST":
        form = PromotionForm(request.POST, instance=promotion, user=request.user)
        if form.is_valid():
            promotion = form.save(commit=False)
            if promotion.municipality_id is None:
                promotion.municipality_id = (
                    default_municipality_id(request.user)
                    or (promotion.location.municipality_id if promotion.location_id else None)
                    or promotion.provider.municipality_id
                )
            try:
                promotion = save_promotion(
                    promotion,
                    acting_user=request.user,
                    target_municipalities=form.cleaned_data["target_municipalities"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The promotion “%(name)s” is saved.") % {"name": promotion.name})
                return redirect("portal:promotion-edit", pk=promotion.pk)
    else:
        form = PromotionForm(instance=promotion, user=request.user)
    return render(
        request,
        "portal/promotions/form.html",
        {
            "form": form,
            "promotion": promotion if promotion.pk else None,
            "page_title": _("Edit the promotion") if promotion.pk else _("New promotion"),
        },
    )

