"""Using promotions through the API, and the provider's redemption endpoints.

Every use goes through `use_promotion`: the device key from the X-Device-Key header, the
rate limits, then promotions.services.redeem_promotion. The provider endpoints look codes
up among the promotions the caller manages, so another provider's code is a 404 like an
unknown one.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from promotions import errors as promotion_errors
from promotions.devices import HEADER, clean_device_key
from promotions.errors import RateLimited
from promotions.ratelimit import Requester, check_use_rate, client_address
from promotions.redemptions import find_use_by_code, honour_use
from promotions.services import redeem_promotion

from ..serializers.common import raise_as_drf, run_service
from ..serializers.promotions import RedemptionSerializer, benefit_data
from . import schema
from .base import ApiViewSet

logger = logging.getLogger(__name__)


class TooManyRequests(exceptions.APIException):
    """429 with Retry-After: DRF's handler sends `wait` as that header."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "rate_limited"

    def __init__(self, error):
        super().__init__(error.message, code=error.code)
        self.wait = error.seconds


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def device_key_of(request, *, required):
    """Return the checked device key of the request, or None when it sends none.

    Raise a 400 keyed by the header's name when the key is invalid, or missing while
    `required`. Without a key and with keyless uses turned off, raise a 400 as well.
    """
    value = request.headers.get(HEADER)
    if value is None:
        if required:
            raise_as_drf(DjangoValidationError({HEADER: promotion_errors.message("device_key_missing")}))
        if not settings.PROMOTION_ACCEPT_KEYLESS_USES:
            raise_as_drf(DjangoValidationError({HEADER: promotion_errors.message("keyless_use_rejected")}))
        return None
    try:
        return clean_device_key(value)
    except DjangoValidationError as error:
        raise_as_drf(DjangoValidationError({HEADER: error}))


def api_client_of(request):
    """Return the rate-limit identity of the account or API token, or "" when anonymous."""
    token = request.auth
    if token is not None and hasattr(token, "key_hash"):
        return f"token:{token.pk}"
    if request.user and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return ""


def check_rate(request, device_key):
    requester = Requester(address=client_address(request), device_key=device_key or "", client=api_client_of(request))
    try:
        check_use_rate(requester)
    except RateLimited as error:
        raise TooManyRequests(error) from None


def use_promotion(promotion, device_key):
    """Record one use of `promotion`; return the 201 response with the redemption code."""
    use = run_service(redeem_promotion, promotion, device_key=device_key)
    return Response(benefit_data(use, show_code=True), status=status.HTTP_201_CREATED)


@schema.redemptions
class RedemptionViewSet(ApiViewSet):
    """A provider's view of one redemption code: look it up, and mark it honoured."""

    permission_classes = [IsAuthenticated]
    lookup_field = "code"
    lookup_value_regex = r"[A-Za-z0-9 -]{1,40}"

    def find(self):
        try:
            use = find_use_by_code(self.kwargs["code"], acting_user=self.request.user)
        except DjangoValidationError as error:
            raise_as_drf(DjangoValidationError({"code": error}))
        if use is None:
            raise Http404
        return use

    def retrieve(self, request, *args, **kwargs):
        use = self.find()
        return Response(RedemptionSerializer(use, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"])
    def honour(self, request, *args, **kwargs):
        use = self.find()
        try:
            honour_use(use, acting_user=request.user)
        except DjangoValidationError as error:
            raise Conflict(error.messages[0], code=error.code) from None
        return Response(RedemptionSerializer(use, context=self.get_serializer_context()).data)
