"""v1 views of hobby categories, hobbies and hobby events (sessions)."""

from django.db.models import Prefetch
from django.http import Http404
from rest_framework import mixins
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.response import Response

from accounts.access import editable_q
from hobbies.models import Hobby, HobbyCategory, HobbyEvent
from hobbies.queries import (
    Ordering,
    hobby_page,
    hobby_sessions,
    is_visible,
    session_page,
    visible_hobbies,
)
from hobbies.services import delete_hobby, delete_session

from .. import errors
from ..filters import parse_hobby_filters, parse_near, parse_ordering, parse_session_filters
from ..pagination import PageRequest
from ..serializers.catalogue import (
    INCLUDE_CHILDREN,
    INCLUDE_HOBBY,
    INCLUDE_LOCATION,
    INCLUDE_ORGANIZER,
    CategorySerializer,
    EventSerializer,
    HobbySerializer,
)
from . import schema
from .base import ApiViewSet, WritableMixin

CATEGORY_FIELDS = ("id", "sort_key")


def hobby_prefetches(prefix=""):
    """Return the select_related and Prefetch objects that serializing a hobby needs."""
    related = [f"{prefix}location", f"{prefix}provider", f"{prefix}municipality"]
    prefetches = [
        Prefetch(f"{prefix}categories", queryset=HobbyCategory.objects.only(*CATEGORY_FIELDS)),
        f"{prefix}languages",
    ]
    return related, prefetches


def hobby_modification_times(hobby):
    """Return the change times of the hobby and of the location and organizer nested in it."""
    times = [hobby.updated_at]
    if hobby.location_id:
        times.append(hobby.location.updated_at)
    if hobby.provider_id:
        times.append(hobby.provider.updated_at)
    return times


def in_order(objects, ids):
    by_id = {obj.pk: obj for obj in objects}
    return [by_id[pk] for pk in ids if pk in by_id]


@schema.categories
class CategoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = CategorySerializer
    include_choices = (INCLUDE_CHILDREN,)

    def visible_queryset(self):
        return HobbyCategory.objects.order_by("sort_key", "id")

    writable_queryset = visible_queryset

    def _children(self):
        if INCLUDE_CHILDREN not in self.representation_options().includes:
            return None
        children = {}
        for category in self.visible_queryset():
            children.setdefault(category.parent_id, []).append(category)
        return children

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "content_language", None):
            context["children"] = self._children()
        return context

    def list(self, request, *args, **kwargs):
        queryset = self.visible_queryset()
        parent = request.query_params.get("parent")
        if parent is not None:
            if parent.strip().lower() in ("null", "none", ""):
                queryset = queryset.filter(parent__isnull=True)
            else:
                parent_id = self.params.identifier("parent")
                if not HobbyCategory.objects.filter(pk=parent_id).exists():
                    raise ValidationError(
                        {"parent": [ErrorDetail(errors.message("unknown_category", value=parent_id).messages[0], code="unknown_category")]}
                    )
                queryset = queryset.filter(parent_id=parent_id)
        return Response(self.get_serializer(queryset, many=True).data)


@schema.hobbies
class HobbyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WritableMixin, ApiViewSet):
    serializer_class = HobbySerializer
    include_choices = (INCLUDE_LOCATION, INCLUDE_ORGANIZER)
    delete_service = delete_hobby

    @staticmethod
    def with_related(queryset):
        related, prefetches = hobby_prefetches()
        return queryset.select_related(*related).prefetch_related(*prefetches)

    def visible_queryset(self):
        return self.with_related(visible_hobbies(self.request.user))

    def writable_queryset(self):
        return Hobby.objects.filter(editable_q(self.request.user))

    def modification_times(self, hobby):
        return hobby_modification_times(hobby)

    def list(self, request, *args, **kwargs):
        page_request = PageRequest(request)
        ordering = parse_ordering(self.params, [Ordering.DEFAULT, Ordering.NEAREST])
        near, max_distance_m = parse_near(self.params, ordering)
        filters = parse_hobby_filters(self.params, request.user)
        page = hobby_page(
            visible_hobbies(request.user),
            filters,
            offset=page_request.offset,
            limit=page_request.size,
            ordering=ordering,
            near=near,
            max_distance_m=max_distance_m,
        )
        # hobby_page returned visible ids only, so they are read by primary key alone.
        hobbies = in_order(self.with_related(Hobby.objects.filter(pk__in=page.ids)), page.ids) if page.ids else []
        self.remember_last_modified(hobbies)
        options = self.representation_options(distances=page.distances)
        data = HobbySerializer(hobbies, many=True, context={"options": options, "request": request}).data
        return page_request.response(data, page.count)

    def retrieve(self, request, *args, **kwargs):
        hobby = self.get_object()
        self.remember_last_modified([hobby])
        return Response(self.get_serializer(hobby).data)


@schema.events
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WritableMixin, ApiViewSet):
    serializer_class = EventSerializer
    include_choices = (INCLUDE_HOBBY, INCLUDE_LOCATION, INCLUDE_ORGANIZER)
    delete_service = delete_session

    def _with_related(self, queryset):
        if INCLUDE_HOBBY not in self.representation_options().includes:
            return queryset
        related, prefetches = hobby_prefetches("hobby__")
        return queryset.select_related("hobby", *related).prefetch_related(*prefetches)

    def visible_queryset(self):
        # Visibility follows the hobby: lists get ids that session_page already checked, and
        # get_object checks the one session's hobby. A "hobby is published" condition in this
        # query made SQLite scan every published hobby instead of reading 20 sessions by id.
        return self._with_related(HobbyEvent.objects.all())

    def modification_times(self, event):
        times = [event.updated_at]
        if INCLUDE_HOBBY in self.representation_options().includes:
            times += hobby_modification_times(event.hobby)
        return times

    def get_object(self):
        event = super().get_object()
        if self.request.method in ("GET", "HEAD", "OPTIONS") and not is_visible(self.request.user, event.hobby):
            raise Http404
        return event

    def writable_queryset(self):
        return HobbyEvent.objects.filter(
            editable_q(
                self.request.user,
                provider="hobby__provider",
                municipality="hobby__municipality",
                creator="hobby__created_by",
            )
        ).select_related("hobby")

    def list(self, request, *args, **kwargs):
        page_request = PageRequest(request)
        ordering = parse_ordering(self.params, [Ordering.DEFAULT, Ordering.NEAREST, Ordering.START])
        near, max_distance_m = parse_near(self.params, ordering)
        hobby_id = self.params.identifier("hobby")
        visible = visible_hobbies(request.user)

        if hobby_id is not None:
            hobby = visible.filter(pk=hobby_id).first()
            if hobby is None:
                raise ValidationError(
                    {"hobby": [ErrorDetail(errors.message("unknown_hobby", value=hobby_id).messages[0], code="unknown_hobby")]}
                )
            sessions = hobby_sessions(
                hobby, parse_session_filters(self.params), exclude_past=self.params.boolean("exclude_past_events")
            )
            # v1 apps have no field for cancellation, so they would show a cancelled session as
            # an ordinary one; clients that read is_cancelled ask for them.
            if not self.params.boolean("include_cancelled"):
                sessions = sessions.filter(is_cancelled=False)
            count = sessions.count()
            ids = list(sessions.values_list("pk", flat=True)[page_request.offset : page_request.offset + page_request.size])
            distances = {}
        else:
            filters = parse_hobby_filters(self.params, request.user, sessions=True)
            page = session_page(
                visible,
                filters,
                offset=page_request.offset,
                limit=page_request.size,
                ordering=ordering,
                near=near,
                max_distance_m=max_distance_m,
            )
            ids, count, distances = page.ids, page.count, page.distances

        events = in_order(self.visible_queryset().filter(pk__in=ids), ids) if ids else []
        self.remember_last_modified(events)
        options = self.representation_options(distances=distances)
        data = EventSerializer(events, many=True, context={"options": options, "request": request}).data
        return page_request.response(data, count)

    def retrieve(self, request, *args, **kwargs):
        event = self.get_object()
        self.remember_last_modified([event])
        return Response(self.get_serializer(event).data)
