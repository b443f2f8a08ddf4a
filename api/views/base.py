"""Base classes of the v1 views: language, include=, representation options, error format,
conditional GET and the lookup rule that returns 404 for "not yours" as for "not found"."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from rest_framework import mixins, routers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework_simplejwt.authentication import JWTAuthentication

from ..authentication import ApiTokenAuthentication
from ..conditional import finish_conditional
from ..exceptions import exception_handler
from ..language import LanguageMixin
from ..params import MAX_DATABASE_INTEGER, QueryParams
from ..parsers import FormParser, JSONParser, MultiPartParser
from ..serializers.common import Options

AUTHENTICATION_CLASSES = [JWTAuthentication, ApiTokenAuthentication, SessionAuthentication]
PARSER_CLASSES = [JSONParser, FormParser, MultiPartParser]


class JsonOnlyNegotiation(DefaultContentNegotiation):
    """Render JSON whatever the Accept header requests, so a browser asking for HTML gets the
    same JSON as an app, not the browsable API or a 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return JSONRenderer(), JSONRenderer.media_type


class JsonApiMixin(LanguageMixin):
    """Language, JSON-only rendering, the API's parsers and error format, and the rejection
    of NUL characters in query parameters, for every view of the API."""

    renderer_classes = [JSONRenderer]
    parser_classes = PARSER_CLASSES
    content_negotiation_class = JsonOnlyNegotiation

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        QueryParams(request.query_params).reject_nul_characters()


class ApiViewSet(JsonApiMixin, viewsets.GenericViewSet):
    """Base of the v1 view sets.

    Subclasses build their querysets from the request (`visible_queryset` for reads,
    `writable_queryset` for changes). An object outside the writable set gets a 404, as an
    id that does not exist does.
    """

    authentication_classes = AUTHENTICATION_CLASSES
    include_choices = ()
    lookup_value_regex = r"[0-9]+"

    @property
    def params(self):
        return QueryParams(self.request.query_params)

    def representation_options(self, **extra):
        includes = frozenset(self.params.choices("include", self.include_choices)) if self.include_choices else frozenset()
        return Options(request=self.request, language=self.content_language, includes=includes, **extra)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "content_language", None):
            context["options"] = self.representation_options()
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return finish_conditional(
            request,
            response,
            getattr(self, "last_modified", None),
            honour_if_modified_since=self.action == "retrieve",
        )

    # --- lookups -------------------------------------------------------------------------

    def visible_queryset(self):
        raise NotImplementedError

    def writable_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return self.visible_queryset()
        return self.writable_queryset()

    def get_object(self):
        try:
            pk = int(self.kwargs[self.lookup_field])
        except (TypeError, ValueError):
            raise Http404 from None
        if pk > MAX_DATABASE_INTEGER:
            raise Http404
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:
            raise Http404
        self.check_object_permissions(self.request, obj)
        return obj

    def remember_last_modified(self, objects):
        moments = [moment for obj in objects for moment in self.modification_times(obj) if moment]
        self.last_modified = max(moments) if moments else None

    def modification_times(self, obj):
        return [getattr(obj, "updated_at", None)]


class WritableMixin(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin):
    """Create, update and delete through the serializer and a delete service."""

    delete_service = None

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        return Response(self.read_serializer(instance).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            instance = serializer.save()
        except ObjectDoesNotExist:
            # Another request deleted the object after get_object read it.
            raise Http404 from None
        return Response(self.read_serializer(instance).data)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        try:
            type(self).delete_service(instance, acting_user=request.user)
        except ObjectDoesNotExist:
            raise Http404 from None
        return Response(status=status.HTTP_204_NO_CONTENT)

    def read_serializer(self, instance):
        """Serialize a saved object again from the database, with the read prefetches."""
        fresh = self.visible_queryset().filter(pk=instance.pk).first() or instance
        return self.get_serializer(fresh)


class ApiRootView(JsonApiMixin, routers.APIRootView):
    """The links of a prefix's root, with the same ETag, Vary and error format as the rest."""

    authentication_classes = AUTHENTICATION_CLASSES

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return finish_conditional(request, response)


class ApiRouter(routers.DefaultRouter):
    APIRootView = ApiRootView
