"""v1 views of organizers (providers) and locations.

As in v1, an authenticated caller's lists show only the records it may use or change,
because the web UI fills its drop-downs from them. Anonymous callers see every record.
"""

from django.db.models import Q
from django.http import Http404
from rest_framework import mixins, status
from rest_framework.response import Response

from accounts.access import editable_q, manageable_providers_q, roles_of, usable_providers_q
from places.models import Location
from places.services import delete_location
from providers.models import Provider
from providers.services import delete_provider

from ..serializers.places import LocationSerializer, OrganizerSerializer
from . import schema
from .base import ApiViewSet, WritableMixin


@schema.organizers
class OrganizerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WritableMixin, ApiViewSet):
    serializer_class = OrganizerSerializer
    delete_service = delete_provider

    def visible_queryset(self):
        queryset = Provider.objects.order_by("name_fi", "id")
        if roles_of(self.request.user).is_authenticated:
            queryset = queryset.filter(usable_providers_q(self.request.user))
        return queryset

    def writable_queryset(self):
        return Provider.objects.filter(manageable_providers_q(self.request.user))

    def list(self, request, *args, **kwargs):
        providers = list(self.visible_queryset())
        self.remember_last_modified(providers)
        return Response(self.get_serializer(providers, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        provider = self.get_object()
        self.remember_last_modified([provider])
        return Response(self.get_serializer(provider).data)


@schema.locations
class LocationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WritableMixin, ApiViewSet):
    serializer_class = LocationSerializer
    delete_service = delete_location

    def visible_queryset(self):
        queryset = Location.objects.order_by("name_fi", "id")
        if roles_of(self.request.user).is_authenticated:
            queryset = queryset.filter(self._editable())
        return queryset

    def _editable(self):
        return editable_q(self.request.user) if roles_of(self.request.user).is_authenticated else Q(pk__in=[])

    def writable_queryset(self):
        return Location.objects.filter(self._editable())

    def list(self, request, *args, **kwargs):
        queryset = self.visible_queryset()
        updated_since = self.params.moment("updated_since")
        if updated_since is not None:
            queryset = queryset.filter(updated_at__gte=updated_since)
        locations = list(queryset)
        self.remember_last_modified(locations)
        return Response(self.get_serializer(locations, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        location = self.get_object()
        self.remember_last_modified([location])
        return Response(self.get_serializer(location).data)

    def destroy(self, request, *args, **kwargs):
        location = self.get_object()
        try:
            delete_location(location, acting_user=request.user)
        except Location.DoesNotExist:
            # Another request deleted the location after get_object read it.
            raise Http404 from None
        return Response(status=status.HTTP_204_NO_CONTENT)
