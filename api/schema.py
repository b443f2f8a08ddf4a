"""OpenAPI schema generation: only the /api/v1/ paths, since the other prefixes serve the
same views."""

SCHEMA_PREFIX = "/api/v1/"
AUTH_PREFIX = "/auth/"


def only_v1(endpoints, **kwargs):
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith(SCHEMA_PREFIX) or endpoint[0].startswith(AUTH_PREFIX)
    ]


DESCRIPTION = """
The open API of Harrastuspassi, compatible with the original Harrastuspassi API v1 as its
Android app, iOS app and provider web UI use it. The same views respond under `/api/v1/`,
`/mobile-api/v1/` and `/api/`; a GET without the trailing slash is redirected (301) to the
slashed URL with the query string kept.

Reading needs no authentication. Writing needs `Authorization: Bearer <access>` (a JWT from
`/auth/token/`) or `Authorization: Token <key>` (an API token issued by an administrator).

Errors keep the v1 shape and add `error_codes`, stable machine codes under the same keys.
Messages follow `lang` or `Accept-Language` (fi, sv, en). See docs/api.md for the guide.
"""
