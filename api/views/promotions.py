"""v1 views of promotions and benefits (promotion uses)."""

from django.db.models import F
from django.http import Http404
from django.utils import timezone
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts.access import editable_q
from hobbies.queries import Ordering
from places.queries import nearest_page
from promotions.models import Promotion, PromotionUse
from promotions.queries import search_promotions
from promotions.redemptions import count_uses, count_uses_over_time, managed_promotions
from promotions.services import delete_promotion

from ..filters import parse_near, parse_ordering
from ..serializers.promotions import BenefitSerializer, PromotionSerializer, UsesOverTimeSerializer
from . import schema
from .base import ApiViewSet, WritableMixin
from .catalogue import in_order
from .promotion_uses import check_rate, device_key_of, use_promotion


@schema.promotions
class PromotionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WritableMixin, ApiViewSet):
    serializer_class = PromotionSerializer
    include_choices = ("location_detail", "organizer_detail")
    delete_service = delete_promotion

    def visible_queryset(self):
        return Promotion.objects.select_related("location", "provider").order_by("id")

    def writable_queryset(self):
        return Promotion.objects.filter(editable_q(self.request.user)).select_related("location", "provider")

    def modification_times(self, promotion):
        includes = self.representation_options().includes
        times = [promotion.updated_at]
        if promotion.location_id and "location_detail" in includes:
            times.append(promotion.location.updated_at)
        if "organizer_detail" in includes:
            times.append(promotion.provider.updated_at)
        return times

    def list(self, request, *args, **kwargs):
        params = self.params
        ordering = parse_ordering(params, [Ordering.DEFAULT, Ordering.NEAREST])
        near, max_distance_m = parse_near(params, ordering)
        queryset = self.visible_queryset()
        if params.boolean("exclude_past_events"):
            queryset = queryset.filter(valid_until__gt=timezone.now())
        if params.boolean("usable_only"):
            queryset = queryset.filter(used_count__lt=F("total_quantity"))
        if params.boolean("editable_only"):
            queryset = queryset.filter(editable_q(request.user))
        updated_since = params.moment("updated_since")
        if updated_since is not None:
            queryset = queryset.filter(updated_at__gte=updated_since)
        search = (params.query_params.get("search") or "").strip()
        if search:
            queryset = search_promotions(queryset, search)

        distances = {}
        if ordering == Ordering.NEAREST:
            total = queryset.count()
            page = nearest_page(
                queryset,
                near,
                offset=0,
                limit=max(total, 1),
                max_distance_m=max_distance_m,
                latitude_field="location__latitude",
                longitude_field="location__longitude",
            )
            promotions = in_order(queryset.filter(pk__in=page.ids), page.ids)
            distances = page.distances
        else:
            promotions = list(queryset)
        self.remember_last_modified(promotions)
        options = self.representation_options(distances=distances)
        context = {"options": options, "request": request}
        return Response(PromotionSerializer(promotions, many=True, context=context).data)

    def retrieve(self, request, *args, **kwargs):
        promotion = self.get_object()
        self.remember_last_modified([promotion])
        return Response(self.get_serializer(promotion).data)

    @action(detail=True, methods=["post"], permission_classes=[AllowAny])
    def use(self, request, *args, **kwargs):
        """Use the promotion once for the device in X-Device-Key; no account is needed."""
        device_key = device_key_of(request, required=True)
        check_rate(request, device_key)
        promotion = self.visible_queryset().filter(pk=self.kwargs["pk"]).first()
        if promotion is None:
            raise Http404
        try:
            return use_promotion(promotion, device_key)
        except Promotion.DoesNotExist:
            # Another request deleted the promotion after it was read.
            raise Http404 from None

    @action(detail=True, methods=["get"], permission_classes=[IsAuthenticated])
    def uses(self, request, *args, **kwargs):
        """Uses per day, week or month, for the promotion's provider, moderators and administrators."""
        promotion = managed_promotions(request.user).filter(pk=self.kwargs["pk"]).first()
        if promotion is None:
            raise Http404
        period = self.params.choice("period", ["day", "week", "month"]) or "day"
        used, honoured = count_uses(promotion)
        data = {
            "promotion": promotion.pk,
            "period": period,
            "used_count": used,
            "honoured_count": honoured,
            "remaining_count": promotion.remaining_count,
            "periods": count_uses_over_time(promotion, period=period),
        }
        return Response(UsesOverTimeSerializer(data).data)


@schema.benefits
class BenefitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet):
    """Uses of promotions. A use cannot be changed or deleted: the count it raised stays."""

    serializer_class = BenefitSerializer

    def visible_queryset(self):
        return PromotionUse.objects.order_by("id")

    writable_queryset = visible_queryset

    def list(self, request, *args, **kwargs):
        uses = list(self.visible_queryset())
        self.remember_last_modified(uses)
        return Response(self.get_serializer(uses, many=True).data)

    def create(self, request, *args, **kwargs):
        """Use a promotion as v1 does. X-Device-Key is optional here (see docs/promotions.md)."""
        device_key = device_key_of(request, required=False)
        check_rate(request, device_key)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        promotion = serializer.validated_data["promotion"]
        try:
            return use_promotion(promotion, device_key)
        except Promotion.DoesNotExist:
            unknown = serializer.fields["promotion"].unknown(promotion.pk)
            raise ValidationError({"promotion": unknown.detail}) from None
