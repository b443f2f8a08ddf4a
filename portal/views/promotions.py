"""Promotion pages: list, create and edit with quantity, validity and targeting, uses over
time, and confirming a pupil's redemption code."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from promotions.models import Promotion
from promotions.redemptions import (
    PERIODS,
    count_uses,
    count_uses_over_time,
    find_use_by_code,
    honour_use,
    managed_promotions,
)
from promotions.services import save_promotion

from ..forms.promotions import PromotionForm
from .common import (
    add_service_errors,
    claim_submission,
    object_or_404,
    page_of,
    portal_view,
    release_submission,
    submission_token,
)

PERIOD_CHOICES = [("day", gettext_lazy("By day")), ("week", gettext_lazy("By week")), ("month", gettext_lazy("By month"))]


def editable_promotions(user):
    return managed_promotions(user)


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
        if form.is_valid() and pk is None and not claim_submission(request):
            messages.info(request, _("The form was sent twice, so it was saved only once."))
            return redirect("portal:promotion-list")
        if form.is_valid():
            promotion = form.save(commit=False)
            try:
                promotion = save_promotion(
                    promotion,
                    acting_user=request.user,
                    target_municipalities=form.cleaned_data["target_municipalities"],
                    expected_version=form.cleaned_data.get("version"),
                )
            except ValidationError as error:
                release_submission(request)
                add_service_errors(form, error)
                if getattr(error, "code", None) == "changed_meanwhile":
                    form.show_stored_version()
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
            "submission": None if pk else submission_token(request),
            "page_title": _("Edit the promotion") if promotion.pk else _("New promotion"),
        },
    )


@portal_view
def promotion_uses(request, pk):
    """Uses of a promotion by day, week or month, with how many the provider has honoured."""
    promotion = object_or_404(managed_promotions(request.user), pk)
    period = request.GET.get("period", "day")
    if period not in PERIODS:
        period = "day"
    periods = count_uses_over_time(promotion, period=period)
    used, honoured = count_uses(promotion)
    largest = max((item.uses for item in periods), default=0)
    return render(
        request,
        "portal/promotions/uses.html",
        {
            "promotion": promotion,
            "period": period,
            "period_choices": PERIOD_CHOICES,
            "rows": [(item, round(100 * item.uses / largest) if largest else 0) for item in periods],
            "used": used,
            "honoured": honoured,
            "page_title": _("Uses of %(name)s") % {"name": promotion.name},
        },
    )


@portal_view
def redeem(request):
    """Look up a redemption code that a pupil shows, and confirm it once."""
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()[:40]
    use = None
    error = None
    if code:
        try:
            use = find_use_by_code(code, acting_user=request.user)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            if use is None:
                error = _("No use of your promotions has the code %(code)s. Check the code.") % {"code": code}
    if request.method == "POST" and use is not None:
        try:
            honour_use(use, acting_user=request.user)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(
                request, _("The code %(code)s is confirmed: give the pupil the benefit.") % {"code": use.code}
            )
            return redirect(f"{reverse('portal:promotion-redeem')}?code={use.code}")
    return render(
        request,
        "portal/promotions/redeem.html",
        {"code": code, "use": use, "error": error, "page_title": _("Confirm a redemption code")},
    )
