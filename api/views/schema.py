"""OpenAPI descriptions of the v1 views: every query parameter with an example.

drf-spectacular reads the serializers for the bodies; the parameters below are parsed by
hand in the views (api.filters), so they are declared here.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)

from ..pagination import MAX_PAGE_SIZE
from ..serializers.promotions import RedemptionSerializer


def query(name, type_, description, example=None, *, many=False, enum=None):
    return OpenApiParameter(
        name,
        type_,
        OpenApiParameter.QUERY,
        description=description,
        many=many,
        enum=enum,
        examples=[OpenApiExample(name, value=example)] if example is not None else None,
        explode=True if many else None,
    )


LANG = query("lang", OpenApiTypes.STR, "Language of `name` fields and of error messages.", "sv", enum=["fi", "sv", "en"])
PAGE = query("page", OpenApiTypes.INT, "Page number, from 1. A page past the end gives 404.", 2)
PAGE_SIZE = query("page_size", OpenApiTypes.INT, f"Rows per page, 1 to {MAX_PAGE_SIZE} (default and maximum {MAX_PAGE_SIZE}).", 20)
NEAR_LATITUDE = query("near_latitude", OpenApiTypes.DOUBLE, "With ordering=nearest (required): latitude, -90 to 90.", 60.17)
NEAR_LONGITUDE = query("near_longitude", OpenApiTypes.DOUBLE, "With ordering=nearest (required): longitude, -180 to 180.", 24.94)
MAX_DISTANCE = query(
    "max_distance", OpenApiTypes.DOUBLE, "With ordering=nearest only: drop rows farther than this many kilometres.", 10
)
SEARCH = query(
    "search",
    OpenApiTypes.STR,
    "Words to find in names, descriptions and category names (fi, sv, en); inflected forms and compounds "
    "match their base words. Every word must match; the best matches come first unless ordering is given.",
    "jalkapalloa",
)
CATEGORY = query("category", OpenApiTypes.INT, "Category id, with all its subcategories. Repeatable. Unknown ids give 400.", 54, many=True)
PRICE_TYPE = query(
    "price_type", OpenApiTypes.STR, "Only this price type. Repeatable.", "free",
    many=True, enum=["free", "paid", "annual", "seasonal", "one_time"],
)
EDITABLE_ONLY = query("editable_only", OpenApiTypes.BOOL, "Only rows the caller may change; none for anonymous callers.", True)
AGE = query(
    "age",
    OpenApiTypes.INT,
    "Extension: the pupil's age. Keeps hobbies whose age range contains it; a missing bound is open, so "
    "hobbies without age data are kept and have age_unspecified true.",
    12,
)
LANGUAGE = query("language", OpenApiTypes.STR, "Extension: language of instruction (ISO 639-1). Repeatable.", "sv", many=True)
MUNICIPALITY = query("municipality", OpenApiTypes.INT, "Extension: municipality id of the hobby. Repeatable.", 91, many=True)
ORGANIZER = query("organizer", OpenApiTypes.INT, "Extension: organizer id. Repeatable.", 7, many=True)
UPDATED_SINCE = query(
    "updated_since",
    OpenApiTypes.DATETIME,
    "Extension: only rows changed at or after this moment (ISO 8601; a bare date means its midnight in "
    "Helsinki). For incremental sync; deletions are not reported.",
    "2026-09-01T00:00:00+03:00",
)
INCLUDE_HOBBY_DETAILS = query(
    "include", OpenApiTypes.STR, "Nest objects. Repeatable.", "location_detail",
    many=True, enum=["location_detail", "organizer_detail"],
)
INCLUDE_EVENT = query(
    "include", OpenApiTypes.STR, "hobby_detail nests the whole hobby, with its location and organizer. Repeatable.",
    "hobby_detail", many=True, enum=["hobby_detail", "location_detail", "organizer_detail"],
)
EXCLUDE_PAST = query(
    "exclude_past_events", OpenApiTypes.BOOL,
    "Drop rows that have ended (judged by the current moment, so the server's time zone does not matter).", True,
)
DEVICE_KEY_REQUIRED = OpenApiParameter(
    "X-Device-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The device's anonymous random key (22-128 characters of A-Z, a-z, 0-9, - and _).",
)
DEVICE_KEY_OPTIONAL = OpenApiParameter(
    "X-Device-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Extension: the device's anonymous random key, for the per-device limit.",
)
BENEFIT_WITH_CODE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "promotion": {"type": "integer"},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
        "code": {"type": "string", "example": "K7QM-2XPA"},
    },
}
HOBBY_FILTERS = [CATEGORY, PRICE_TYPE, EDITABLE_ONLY, SEARCH, AGE, LANGUAGE, MUNICIPALITY, ORGANIZER, UPDATED_SINCE]
NEAREST = [NEAR_LATITUDE, NEAR_LONGITUDE, MAX_DISTANCE]

categories = extend_schema_view(
    list=extend_schema(
        summary="Hobby categories",
        description="A plain array in depth-first order of the tree.",
        parameters=[
            query("parent", OpenApiTypes.STR, "`null` for roots, or an id for its direct children. Unknown ids give 400.", "null"),
            query("include", OpenApiTypes.STR, "child_categories nests the subtree.", "child_categories", enum=["child_categories"]),
            LANG,
        ],
    ),
    retrieve=extend_schema(summary="One hobby category", parameters=[LANG]),
)

hobbies = extend_schema_view(
    list=extend_schema(
        summary="Hobbies (paginated)",
        parameters=[
            INCLUDE_HOBBY_DETAILS,
            *HOBBY_FILTERS,
            query("ordering", OpenApiTypes.STR, "nearest: nearest first, ties by id; rows without coordinates last.", "nearest", enum=["nearest"]),
            *NEAREST,
            PAGE,
            PAGE_SIZE,
            LANG,
        ],
    ),
    retrieve=extend_schema(summary="One hobby", parameters=[INCLUDE_HOBBY_DETAILS, LANG]),
    create=extend_schema(summary="Create a hobby"),
    update=extend_schema(summary="Replace a hobby"),
    partial_update=extend_schema(summary="Change a hobby"),
    destroy=extend_schema(summary="Delete a hobby and its sessions"),
)

events = extend_schema_view(
    list=extend_schema(
        summary="Hobby events (paginated)",
        description=(
            "Without `hobby`, one session per hobby: the hobby's earliest session that has not ended, is not "
            "cancelled and matches the session filters. With `hobby`, every session of that hobby except "
            "cancelled ones (see include_cancelled)."
        ),
        parameters=[
            INCLUDE_EVENT,
            query("hobby", OpenApiTypes.INT, "Every session of this hobby. Unknown ids give 400.", 123),
            query(
                "include_cancelled", OpenApiTypes.BOOL,
                "Extension, with hobby only: also list cancelled sessions (is_cancelled true). Without it they "
                "are left out, because v1 apps cannot show them as cancelled.", True,
            ),
            *HOBBY_FILTERS,
            query("start_weekday", OpenApiTypes.INT, "ISO weekday 1 (Monday) to 7. Repeatable.", 2, many=True),
            query("start_date_from", OpenApiTypes.DATE, "Sessions starting on or after this date (Helsinki).", "2026-09-01"),
            query("start_date_to", OpenApiTypes.DATE, "Sessions starting on or before this date (Helsinki).", "2026-12-20"),
            query("start_time_from", OpenApiTypes.STR, "Sessions starting at or after this time (HH:MM, Helsinki).", "17:00"),
            query("start_time_to", OpenApiTypes.STR, "Sessions starting at or before this time (HH:MM, Helsinki).", "20:00"),
            EXCLUDE_PAST,
            query(
                "ordering", OpenApiTypes.STR,
                "nearest: by distance from near_latitude/near_longitude, ties by hobby id. start_date: by start. "
                "Default: by start, best search matches first when searching.",
                "nearest", enum=["nearest", "start_date"],
            ),
            *NEAREST,
            PAGE,
            PAGE_SIZE,
            LANG,
        ],
    ),
    retrieve=extend_schema(summary="One hobby event", parameters=[INCLUDE_EVENT, LANG]),
    create=extend_schema(summary="Create a session (and weekly copies)"),
    update=extend_schema(summary="Replace a session"),
    partial_update=extend_schema(summary="Change a session"),
    destroy=extend_schema(summary="Delete a session"),
)

organizers = extend_schema_view(
    list=extend_schema(summary="Organizers", description="Authenticated callers see only the organizers they may use."),
    retrieve=extend_schema(summary="One organizer"),
    create=extend_schema(summary="Create an organizer; the caller becomes its admin"),
)

locations = extend_schema_view(
    list=extend_schema(
        summary="Locations",
        description="Authenticated callers see only the locations they may change.",
        parameters=[UPDATED_SINCE],
    ),
    retrieve=extend_schema(summary="One location"),
)

promotions = extend_schema_view(
    list=extend_schema(
        summary="Promotions",
        description="A plain array.",
        parameters=[
            query("include", OpenApiTypes.STR, "Nest objects. Repeatable.", "location_detail", many=True, enum=["location_detail", "organizer_detail"]),
            EXCLUDE_PAST,
            query("usable_only", OpenApiTypes.BOOL, "Only promotions with uses left.", True),
            EDITABLE_ONLY,
            query("search", OpenApiTypes.STR, "Words that the name or description must contain.", "kokeilu"),
            UPDATED_SINCE,
            query("ordering", OpenApiTypes.STR, "nearest: nearest first, ties by id.", "nearest", enum=["nearest"]),
            *NEAREST,
            LANG,
        ],
    ),
    retrieve=extend_schema(summary="One promotion"),
    use=extend_schema(
        summary="Use a promotion (extension)",
        description=(
            "Records one use for the device whose anonymous key is in `X-Device-Key` and returns the "
            "redemption code (201). No account is needed. 400 with a code in `error_codes` when the "
            "promotion has not started (`promotion_not_started`), has ended (`promotion_ended`), is used "
            "up (`promotion_used_up`), or this device has used its share (`device_limit_reached`); 429 "
            "(`rate_limited`, with Retry-After) after too many attempts. Nothing is stored on a refusal."
        ),
        request=None,
        parameters=[DEVICE_KEY_REQUIRED, LANG],
        responses={201: BENEFIT_WITH_CODE},
    ),
    uses=extend_schema(
        summary="Uses of a promotion over time (extension)",
        description=(
            "For the promotion's provider, its municipality's moderators and national administrators; "
            "others get 404. One row per period of the validity so far, in Helsinki time."
        ),
        parameters=[
            query("period", OpenApiTypes.STR, "Length of each period (default day).", "week", enum=["day", "week", "month"]),
            LANG,
        ],
    ),
)

benefits = extend_schema_view(
    list=extend_schema(summary="Uses of promotions"),
    create=extend_schema(
        summary="Use a promotion",
        description=(
            "Raises the promotion's used_count by one, or gives 400 when none is left. With `X-Device-Key` "
            "the per-device limit applies as for promotions/{id}/use/; without it (the old apps' shared "
            "token) the use counts only against the total."
        ),
        parameters=[DEVICE_KEY_OPTIONAL, LANG],
    ),
)

redemptions = extend_schema_view(
    retrieve=extend_schema(
        summary="Look up a redemption code (extension)",
        description=(
            "For the promotion's provider, its municipality's moderators and national administrators. "
            "The code may be in lower case, without the hyphen. A code of someone else's promotion is "
            "404, as an unknown one is; a malformed code is 400 (`redemption_code_invalid`)."
        ),
        parameters=[LANG],
        responses=RedemptionSerializer,
    ),
    honour=extend_schema(
        summary="Mark a redemption code honoured (extension)",
        description="Once per code: a second call gives 409 (`use_already_honoured`) saying when it was honoured.",
        request=None,
        parameters=[LANG],
        responses=RedemptionSerializer,
    ),
)
