"""Django settings for Harrastuspassi.

Every value that differs between machines comes from an environment variable declared in
the ENVIRONMENT block below, with its type and default. The defaults are safe for
production: DEBUG is off, and a missing SECRET_KEY raises ImproperlyConfigured unless
DEBUG is on (as `make run` sets it).
"""

import datetime as dt
import os
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# --- ENVIRONMENT -------------------------------------------------------------------------
env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    DATABASE_URL=(str, f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
    # Seconds a database connection is kept between requests; a `conn_max_age` in
    # DATABASE_URL wins. Opening a PostgreSQL connection costs more than most requests.
    DB_CONN_MAX_AGE=(int, 60),
    # PostgreSQL's max_parallel_workers_per_gather for the project's connections. On a
    # 2-core server, 2 parallel workers more than doubled the time of the API's session list
    # query (EXPLAIN ANALYZE), because each one built the same hash table as the leader.
    PG_PARALLEL_WORKERS_PER_GATHER=(int, 0),
    ALLOWED_HOSTS=(list, []),
    CSRF_TRUSTED_ORIGINS=(list, []),
    MEDIA_ROOT=(str, str(VAR_DIR / "media")),
    MEDIA_URL=(str, "/media/"),
    STATIC_ROOT=(str, str(BASE_DIR / "staticfiles")),
    STATIC_URL=(str, "/static/"),
    LOG_LEVEL=(str, "INFO"),
    CACHE_URL=(str, "locmemcache://"),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "Harrastuspassi <no-reply@harrastuspassi.fi>"),
    SECURE_SSL_REDIRECT=(bool, False),
    SECURE_HSTS_SECONDS=(int, 0),
    USE_X_FORWARDED_PROTO=(bool, False),
    # Folder with the real open data (see README); the demo data set is used when it is missing.
    SHARED_DATA_DIR=(str, str(BASE_DIR.parent / "shared" / "data")),
    # Age range of the audience. Importers skip records whose age range does not overlap it.
    AUDIENCE_MIN_AGE=(int, 12),
    AUDIENCE_MAX_AGE=(int, 16),
    # Tile server for the youth app's and portal's maps. {s}, {z}, {x}, {y} are Leaflet placeholders.
    # The default, OpenStreetMap's own server, labels places by their signposted names, which
    # are Finnish and Swedish in bilingual municipalities. Its tile usage policy forbids heavy
    # use, so production sets a tile service of its own. Pages work without tiles.
    MAP_TILE_URL=(str, "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    MAP_TILE_ATTRIBUTION=(str, "© OpenStreetMap contributors"),
    # Origins that may read the API from a browser ("*": every origin), and origins (such as
    # the provider web UI's) that may also write and sign in with credentials. See api/cors.py.
    CORS_READ_ORIGINS=(list, ["*"]),
    CORS_WRITE_ORIGINS=(list, []),
    # Optional OpenID Connect sign-in for the provider portal; off while the client id is empty.
    OIDC_RP_CLIENT_ID=(str, ""),
    OIDC_RP_CLIENT_SECRET=(str, ""),
    OIDC_OP_AUTHORIZATION_ENDPOINT=(str, ""),
    OIDC_OP_TOKEN_ENDPOINT=(str, ""),
    OIDC_OP_USER_ENDPOINT=(str, ""),
    OIDC_OP_JWKS_ENDPOINT=(str, ""),
    OIDC_RP_SIGN_ALGO=(str, "RS256"),
    # HTTP geocoder for the portal's address search; the offline postal-code geocoder is used when empty.
    GEOCODER_URL=(str, ""),
    # Months that raw analytics events are kept; `purge_analytics_events` deletes older ones.
    ANALYTICS_RETENTION_MONTHS=(int, 13),
    # Days that `rollup_analytics` rolls up at once on PostgreSQL, each on its own connection and core.
    ANALYTICS_ROLLUP_WORKERS=(int, 1),
    # Analytics event batches accepted per client address per minute; 0 turns the limit off.
    ANALYTICS_RATE_LIMIT_PER_MINUTE=(int, 600),
    # Attempts to use promotions per minute, per device key, per client address and per API
    # client (account or token; the old apps share one token). 0 turns a limit off.
    PROMOTION_USE_RATE_PER_DEVICE=(int, 10),
    PROMOTION_USE_RATE_PER_ADDRESS=(int, 60),
    PROMOTION_USE_RATE_PER_CLIENT=(int, 600),
    # Whether signed-in API clients (the old apps' shared token) may use promotions without a
    # device key; such uses count only against the promotion's total quantity.
    PROMOTION_ACCEPT_KEYLESS_USES=(bool, True),
)
# An optional .env file (or the file named by ENV_FILE); real environment variables win.
env.read_env(os.environ.get("ENV_FILE", BASE_DIR / ".env"))

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")


def env_list(name):
    """Return a comma-separated setting as a list, without the spaces around its items."""
    return [item.strip() for item in env(name) if item.strip()]


# -----------------------------------------------------------------------------------------

if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for local development."
        )
    # Development only: keep one generated key per checkout so that sessions survive restarts.
    VAR_DIR.mkdir(exist_ok=True)
    secret_file = VAR_DIR / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(50))
        secret_file.chmod(0o600)
    SECRET_KEY = secret_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or (["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A translated page in the site's layout in place of Django's technical one.
CSRF_FAILURE_VIEW = "youth.error_views.csrf_failure"

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "core",
    "accounts",
    "places",
    "providers",
    "hobbies",
    "promotions",
    "imports",
    "api",
    "youth",
    "analytics",
    "audit",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.cors.CorsMiddleware",
    # Before CommonMiddleware, whose APPEND_SLASH would redirect a write without its slash.
    "api.middleware.ApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware: redirects a first visit to the browser's preferred language.
    "youth.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "audit.context.AuditChannelMiddleware",
    "portal.middleware.DeletedMeanwhileMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # axes must be the last middleware, after authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "harrastuspassi.urls"
WSGI_APPLICATION = "harrastuspassi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if "CONN_MAX_AGE" not in DATABASES["default"]:
    DATABASES["default"]["CONN_MAX_AGE"] = env("DB_CONN_MAX_AGE")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = (
        f"{_pg_options.get('options', '')} -c max_parallel_workers_per_gather={env('PG_PARALLEL_WORKERS_PER_GATHER')}"
    ).strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE takes the write lock at BEGIN,
    # so that concurrent writers wait (up to the timeout) instead of failing with "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # A 64 MiB page cache per connection (the default is 2 MiB) keeps the hot parts of
            # the session and search tables in memory, because list queries touch thousands
            # of rows.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;",
        }
    )
    VAR_DIR.mkdir(exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# hobbies.Hobby has an index with INCLUDE columns, which only PostgreSQL uses; SQLite builds the
# same index without them, as intended.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Signs in with the e-mail address (or the user name, which API clients still send).
    "accounts.backends.EmailBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

CACHES = {"default": env.cache("CACHE_URL")}

# --- Languages and time ------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = []  # each app keeps its own locale/ folder
USE_I18N = True
# Fixed, not configurable: sessions, validity windows and monthly reports are Helsinki wall time.
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True

# Content in fi/sv/en falls back in this one order everywhere: the requested language first,
# then Finnish (the language nearly every record has), then Swedish (the other national
# language), then English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_LANGUAGES = ("fi", "sv", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi", "sv", "en")
MODELTRANSLATION_AUTO_POPULATE = False

# --- Static and media --------------------------------------------------------------------
STATIC_URL = env("STATIC_URL")
STATIC_ROOT = env("STATIC_ROOT")
STATICFILES_DIRS = []  # each app keeps its own static/ folder
MEDIA_URL = env("MEDIA_URL")
MEDIA_ROOT = env("MEDIA_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads above this size are rejected before they reach an image decoder.
MAX_UPLOAD_IMAGE_BYTES = 8 * 1024 * 1024
MAX_UPLOAD_IMAGE_PIXELS = 40_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Security ----------------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
X_FRAME_OPTIONS = "DENY"
if env("USE_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-axes: lock an account and address pair after repeated failed sign-ins.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Count failures per account: any spelling of its e-mail address or user name is one key.
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# A translated response that states how long the lockout lasts: JSON for the API, the sign-in page elsewhere.
AXES_LOCKOUT_CALLABLE = "api.lockout.lockout_response"

# --- E-mail ------------------------------------------------------------------------------
# EMAIL_URL such as smtp+tls://user:password@smtp.example.org:587 or consolemail:// becomes
# Django's MAILERS setting (Django 6.1 replaced the separate EMAIL_* settings with it).
_email = env.email_url("EMAIL_URL")
_email_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
    "timeout": 20,
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {key: value for key, value in _email_options.items() if value not in (None, "")}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")

# --- REST framework ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
# The lifetimes and claims that the original provider web UI expects (HS256 with SECRET_KEY).
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": dt.timedelta(hours=5),
    "REFRESH_TOKEN_LIFETIME": dt.timedelta(days=1),
    "ALGORITHM": "HS256",
}
# URL names, so that each language gets its own sign-in page (/accounts/login/ is Finnish).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "login"
# Password reset links and provider invitations stop working after these many seconds.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_LIFETIME = dt.timedelta(days=14)
SPECTACULAR_SETTINGS = {
    "TITLE": "Harrastuspassi API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

CORS_READ_ORIGINS = env_list("CORS_READ_ORIGINS")
CORS_WRITE_ORIGINS = env_list("CORS_WRITE_ORIGINS")

# --- Product settings --------------------------------------------------------------------
SHARED_DATA_DIR = env("SHARED_DATA_DIR")
AUDIENCE_MIN_AGE = env("AUDIENCE_MIN_AGE")
AUDIENCE_MAX_AGE = env("AUDIENCE_MAX_AGE")
MAP_TILE_URL = env("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")
GEOCODER_URL = env("GEOCODER_URL")
ANALYTICS_RETENTION_MONTHS = env("ANALYTICS_RETENTION_MONTHS")
ANALYTICS_ROLLUP_WORKERS = env("ANALYTICS_ROLLUP_WORKERS")
ANALYTICS_RATE_LIMIT_PER_MINUTE = env("ANALYTICS_RATE_LIMIT_PER_MINUTE")
PROMOTION_USE_RATE_PER_DEVICE = env("PROMOTION_USE_RATE_PER_DEVICE")
PROMOTION_USE_RATE_PER_ADDRESS = env("PROMOTION_USE_RATE_PER_ADDRESS")
PROMOTION_USE_RATE_PER_CLIENT = env("PROMOTION_USE_RATE_PER_CLIENT")
PROMOTION_ACCEPT_KEYLESS_USES = env("PROMOTION_ACCEPT_KEYLESS_USES")
# Weekly schedules create sessions this many days ahead, and never in the past.
SCHEDULE_HORIZON_DAYS = 366

OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO")
OIDC_RP_SCOPES = "openid email profile"
# A sign-in that the identity provider or the claims reject returns to the sign-in page,
# which then shows a message.
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?oidc=failed"
# Sign-in through OpenID Connect is offered only when a client id is configured.
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("accounts.oidc.PortalOIDCBackend")

# --- Logging -----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
