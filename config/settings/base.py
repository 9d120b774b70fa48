"""Settings shared by every environment.

The environment is read here and nowhere else: the other settings modules only
tighten (production) or speed up (test) what this module sets.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from wagtail.embeds.oembed_providers import vimeo, youtube

from core.db_timeouts import database_options

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Values taken from the environment ---------------------------------------------------------
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Old keys still accepted for signatures and API tokens while a new SECRET_KEY rolls out.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
# The public base URL (scheme and host, no trailing slash): used for absolute links in the admin,
# e-mails, feeds and the APIs.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SmåKom <webbplats@smakom.se>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
# "json" (one object per line) or "text" (LEVEL logger: message), in production.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
# One access line per request (core/request_log.py); off where the proxy or CDN logs them (a
# line costs a cached answer about a fifth of its time).
ACCESS_LOG = env_bool("ACCESS_LOG", True)
# The header a load balancer or proxy puts a request id in; empty: always make a new one.
REQUEST_ID_HEADER = os.environ.get("REQUEST_ID_HEADER", "X-Request-ID")
# Behind a reverse proxy: the request.META key of the header in which the proxies put the
# client's address (HTTP_X_FORWARDED_FOR; "X-Forwarded-For" is accepted too), and how many
# proxies append to it. Unset, the client is REMOTE_ADDR (core/security/client_ip.py).
TRUSTED_PROXY_IP_HEADER = os.environ.get("TRUSTED_PROXY_IP_HEADER", "").strip().upper()
TRUSTED_PROXY_IP_HEADER = TRUSTED_PROXY_IP_HEADER.replace("-", "_")
if TRUSTED_PROXY_IP_HEADER and not TRUSTED_PROXY_IP_HEADER.startswith("HTTP_"):
    TRUSTED_PROXY_IP_HEADER = f"HTTP_{TRUSTED_PROXY_IP_HEADER}"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
# The secretariat and superusers must use a second factor in the admin (always in production).
ADMIN_2FA_REQUIRED = env_bool("ADMIN_2FA_REQUIRED", False)
# Development (DEBUG) only: Django's technical 404 page (the URL patterns) and 500 page (the
# traceback) instead of the site's own 404.html and 500.html (core/error_pages.py).
DEBUG_404 = env_bool("DEBUG_404", False)
DEBUG_500 = env_bool("DEBUG_500", False)

# --- Applications --------------------------------------------------------------------------------
INSTALLED_APPS = [
    "core",
    "home",
    "articles",
    "consultation_responses",
    "events",
    "members",
    "demo",
    "wordpress_import",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "django_tasks",
    "django_tasks_db",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# The concrete models the platform (core) works with, defined by the home app (core/swappable.py).
ORGANISATION_SETTINGS_MODEL = "home.OrganisationSettings"
HEADLESS_PREVIEW_MODEL = "home.HeadlessPreview"

MIDDLEWARE = [
    # The request's id (X-Request-ID, on its log records) and its access line (core/request_log.py).
    "core.request_log.RequestLogMiddleware",
    # /healthz/ and /readyz/ for load balancers, before the host check, the redirect to HTTPS
    # and anything that reads the database (core/health.py).
    "core.health.HealthCheckMiddleware",
    # Work done once per request, also for code that has no request at hand (core/request_cache.py).
    "core.request_cache.RequestMemoMiddleware",
    # Whole answers for anonymous readers from the shared cache, with every header the layers
    # below gave them (security headers, ETag), and their Cache-Control; a hit goes no further
    # (core/caching/middleware.py).
    "core.caching.middleware.AnonymousResponseCacheMiddleware",
    # The request's Wagtail site from the content version's cache, not a query (core/sites.py).
    "core.sites.KnownSiteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy; before XFrameOptionsMiddleware, whose
    # header decides frame-ancestors (core/security/headers.py).
    "core.security.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag on every GET answer that may be stored, and 304 Not Modified to a conditional GET
    # (If-None-Match, or If-Modified-Since where the view sends Last-Modified: sitemap, feeds).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL: /en/… is English, everything else Swedish (Django's
    # LocaleMiddleware, without the Vary: Accept-Language it needlessly adds).
    "core.language_middleware.PathLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.api.middleware.APIInputValidationMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session passed the second factor, and the admin asking for it.
    "django_otp.middleware.OTPMiddleware",
    "core.security.two_factor.middleware.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old WordPress addresses by ID (/?p=123) lead to the imported page; Wagtail's own redirects
    # answer only a 404, and / is the home page (wordpress_import/middleware.py).
    "wordpress_import.middleware.WordPressIdRedirectMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # With DEBUG only: the site's 404 and 500 pages rather than Django's technical ones, unless
    # DEBUG_404 or DEBUG_500 is set (core/error_pages.py).
    "core.error_pages.DevelopmentErrorPagesMiddleware",
    # Answers a locked-out login (django-axes); it must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------------
# SQLite is the zero-set-up default; DATABASE_URL (postgres://…) switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# Time limits (core/db_timeouts.py): for a new connection, and for each statement and the wait
# for it (DATABASE_TIMEOUT seconds; config/wsgi.py sets 5 for the site, commands have none).
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
DATABASE_TIMEOUT = float(os.environ.get("DATABASE_TIMEOUT", "0"))
if USING_POSTGRES:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        database_options(DATABASE_CONNECT_TIMEOUT, DATABASE_TIMEOUT)
    )

# --- Health and outages (core/health.py, core/outages.py) ---------------------------------------
# Seconds a reader or API client is asked to wait (Retry-After) while the database is away.
OUTAGE_RETRY_AFTER = int(os.environ.get("OUTAGE_RETRY_AFTER", "30"))
# /readyz/ fails when a task has waited this many seconds for a worker.
READINESS_TASK_DELAY_LIMIT = int(os.environ.get("READINESS_TASK_DELAY_LIMIT", "900"))

# --- Backups (core/backups.py) ------------------------------------------------------------------
# What a restore is checked to have brought back, counted (manage.py backup / restore).
BACKUP_COUNTED_MODELS = {
    "pages": "wagtailcore.Page",
    "revisions": "wagtailcore.Revision",
    "images": "wagtailimages.Image",
    "documents": "wagtaildocs.Document",
    "membership_applications": "members.MembershipApplication",
    "users": "auth.User",
}

# --- Cache ---------------------------------------------------------------------------------------
# The default cache is Redis when REDIS_URL is set (shared by every process: the whole-answer
# cache, throttling), else each process's memory. Wagtail keeps image renditions in their own
# "renditions" cache, always in the process's memory: Wagtail writes an entry every time a page
# shows an image, a round trip to Redis per image, and an entry can never go stale (its key holds
# the image's file hash and the filter, and a rendition row never changes).
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, sharing its Redis client objects (core/caching/redis.py).
            "BACKEND": "core.caching.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "default",
            # A Redis that is down or frozen costs a request at most this long per operation;
            # the site then goes on without the cache (core/caching/redis.py).
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "default",
        }
    }
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 10000},
}

# --- Caching of what anonymous readers get (core/caching/, docs/performance.md) -----------------
# Whole answers (HTML and both APIs) are kept in the default cache, keyed by one content version
# that every change of public content retires. Every process must see the same version, so the
# cache is on where the cache is shared (REDIS_URL) unless RESPONSE_CACHE says otherwise; with
# locmem a second process (the worker, another gunicorn worker) would not see the change.
RESPONSE_CACHE_ENABLED = env_bool("RESPONSE_CACHE", bool(REDIS_URL))
# How long an answer stays in the app cache at most (a change retires it at once anyway).
RESPONSE_CACHE_SECONDS = int(os.environ.get("RESPONSE_CACHE_SECONDS", "3600"))
# Cache-Control of an anonymous answer: browsers keep it max-age seconds, a CDN s-maxage seconds
# (set FRONTEND_CACHE below, so that it is purged on a change, before raising it).
CACHE_CONTROL_MAX_AGE = int(os.environ.get("CACHE_CONTROL_MAX_AGE", "60"))
CACHE_CONTROL_S_MAXAGE = int(os.environ.get("CACHE_CONTROL_S_MAXAGE", "300"))
# Never cached: the admin, previews, downloads and renditions (checked per request or streamed).
RESPONSE_CACHE_EXCLUDED_PATHS = [
    "/healthz/",
    "/readyz/",
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/media/",
    "/api/v3/previews/",
    "/static/",
]

# A CDN or caching proxy in front of the site, purged when content changes
# (core/caching/frontend.py): "http" (Varnish or another proxy taking BAN requests at
# FRONTEND_CACHE_LOCATION), "cloudflare" (CLOUDFLARE_ZONE_ID, CLOUDFLARE_BEARER_TOKEN) or
# "cloudfront" (CLOUDFRONT_DISTRIBUTION_ID, with the AWS credentials of the environment).
FRONTEND_CACHE = os.environ.get("FRONTEND_CACHE", "")
if FRONTEND_CACHE == "http":
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "core.caching.frontend.HTTPBanBackend",
            "LOCATION": os.environ.get("FRONTEND_CACHE_LOCATION", ""),
        }
    }
elif FRONTEND_CACHE == "cloudflare":
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "core.caching.frontend.CloudflareBackend",
            "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
        }
    }
elif FRONTEND_CACHE == "cloudfront":
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "core.caching.frontend.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", ""),
        }
    }
elif FRONTEND_CACHE:
    raise ImproperlyConfigured(
        f"FRONTEND_CACHE={FRONTEND_CACHE!r}: use http, cloudflare or cloudfront, or leave it unset."
    )
else:
    WAGTAILFRONTENDCACHE = {}

# --- Passwords -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -----------------------------------------------------------------------------------
# Swedish is the site's language; English is a maintained translation.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates read "12 januari 2012" in Swedish and "12 January 2012" in English (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Documents and original images under unguessable names, never served from /media/ (documents
# through Wagtail's view, which checks privacy); image renditions at /media/images/, served by
# core.files.renditions, which checks the image's collection (core/files/storage.py).
STORAGES = {
    "default": {"BACKEND": "core.files.storage.UnguessableFileSystemStorage"},
    "renditions": {"BACKEND": "core.files.storage.RenditionFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# With AWS_STORAGE_BUCKET_NAME, uploads live in S3-compatible object storage instead, shared by
# every app server (core/files/s3.py); the bucket stays private.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    from botocore.config import Config as BotocoreConfig

    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
    # A document's download is a redirect to a signed URL valid this many seconds.
    AWS_QUERYSTRING_EXPIRE = int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "60"))
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    # An object store that is down or unreachable costs a request seconds, not minutes (and
    # /readyz/ says so): botocore's defaults are a minute per attempt, with retries.
    AWS_S3_CLIENT_CONFIG = BotocoreConfig(
        connect_timeout=float(os.environ.get("AWS_S3_TIMEOUT", "3")),
        read_timeout=float(os.environ.get("AWS_S3_TIMEOUT", "3")) * 5,
        retries={"max_attempts": 2, "mode": "standard"},
    )
    STORAGES["default"] = {"BACKEND": "core.files.s3.MediaStorage"}
    STORAGES["renditions"] = {"BACKEND": "core.files.s3.RenditionStorage"}
WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
# Behind nginx: the internal location that serves the renditions' folder (docs/deploy.md); Django
# then decides who may see a rendition and nginx sends it.
MEDIA_X_ACCEL_REDIRECT = os.environ.get("MEDIA_X_ACCEL_REDIRECT", "")
# Documents are always sent through Wagtail's view, which checks the collection's privacy: the
# file itself from a disk, or a redirect to a short-lived signed URL from object storage.
WAGTAILDOCS_SERVE_METHOD = "redirect" if AWS_STORAGE_BUCKET_NAME else "serve_view"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail -------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "SmåKom"
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # Full text with each page stemmed in its own language and each query in every one:
        # PostgreSQL's text search (core/search/postgres.py), or on SQLite Snowball stems in
        # its FTS5 table (core/search/sqlite.py). Run `manage.py update_index` after changing
        # the languages.
        "BACKEND": "core.search.postgres" if USING_POSTGRES else "core.search.sqlite",
        # Objects without a locale (images, documents, the member register).
        "SEARCH_CONFIG": "swedish",
        # Each locale's stemming: PostgreSQL text search configurations, which are also the
        # names of the Snowball stemmers SQLite uses ("simple" for none).
        "SEARCH_CONFIGS": {"sv": "swedish", "en": "english"},
    }
}
# Days of search hits kept for promoted results and Reports → Search terms; older ones, and the
# queries left without hits, go when `manage.py searchpromotions_garbage_collect` runs (daily
# from cron, docs/deploy.md).
WAGTAILSEARCH_HITS_MAX_AGE = 30
# The site search ranks at most this many pages, the newest that match a query (ranking every
# match of a common word takes a second at 100,000 pages; core/search/results.py).
SEARCH_MAX_RESULTS = 200
# Documents: office files, films (the film page) and sound (podcasts, and the [audio] of an old
# WordPress site, docs/import.md).
WAGTAILDOCS_EXTENSIONS = [
    *("csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"),
    *("mp4", "webm"),
    *("m4a", "mp3", "ogg", "wav"),
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Page ids per part of the sitemap, /sitemap-<n>.xml (core/seo/sitemaps.py): at most this many
# URLs a part, well below the protocol's 50,000, so that a part stays quick to build.
SITEMAP_PAGE_SIZE = 10_000

# --- APIs ----------------------------------------------------------------------------------------
# Absolute URLs in API output use the public base URL, never the host a request came in on.
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL or None
# Rich text leaves the API as HTML with internal links resolved (?rich_text_format= overrides).
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_SEARCH_ENABLED = True
# Headless previews (core/previews.py): how long a preview token works, and the app that shows
# previews (the token is added as ?token=…); without one the admin shows the API address.
HEADLESS_PREVIEW_MAX_AGE = int(os.environ.get("HEADLESS_PREVIEW_MAX_AGE", str(60 * 60)))
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "")
# v3's write endpoints (create, update, publish…) answer 405 unless this is on.
API_WRITE_ENABLED = env_bool("API_WRITE_ENABLED", False)

# --- Background work -----------------------------------------------------------------------------
# Scheduled publishing (core/editorial/tasks.py) and Wagtail's reference-index updates and file
# deletions are django-tasks, queued in the database and run by `manage.py worker` (make worker;
# make run starts one beside the server). docs/deploy.md says how to run it in production.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Webhooks -------------------------------------------------------------------------------------
# The worker POSTs each change of the change log to the endpoints the secretariat configures
# (core/webhooks/, docs/api.md "Webhooks"). Only https addresses on public IP addresses, unless
# these allow http (development) or private, loopback and link-local addresses (an intranet).
WEBHOOKS_ALLOW_HTTP = env_bool("WEBHOOKS_ALLOW_HTTP", False)
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)

# --- Throttling of public forms ------------------------------------------------------------------
# django-ratelimit's rates ("count/period": s, m, h, d) for "Bli medlem" (members/throttling.py),
# counted in the default cache: with several web processes it must be shared (REDIS_URL).
MEMBERSHIP_FORM_RATE_PER_IP = "5/10m"
MEMBERSHIP_FORM_RATE_PER_EMAIL = "3/h"

# --- Signing in to the admin ---------------------------------------------------------------------
# Wrong passwords (core/security/login_throttling.py): after AXES_FAILURE_LIMIT failures a user
# name, and separately a client address, is locked out of Wagtail's and Django's admin login for
# AXES_COOLOFF_TIME; a success resets the count. Counted in the database, shared by every web
# process; the client address comes from core.security.client_ip (TRUSTED_PROXY_IP_HEADER).
AUTHENTICATION_BACKENDS = [
    "core.security.login_throttling.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "core.security.login_throttling.axes_lockout"
# The log names the client address; what was typed as a user name may be a password.
AXES_SENSITIVE_PARAMETERS = ["username"]
# Password reset requests mail a user: throttled per client address and per e-mail address.
PASSWORD_RESET_RATE_PER_IP = "5/h"  # noqa: S105 - a rate, not a password
PASSWORD_RESET_RATE_PER_EMAIL = "3/h"  # noqa: S105 - a rate, not a password
# Two-factor authentication (core/security/two_factor/): the name authenticator apps show.
OTP_TOTP_ISSUER = "SmåKom"

# --- Content-Security-Policy and Permissions-Policy ----------------------------------------------
# core.security.headers sends django-csp's policies: a strict one on public pages (scripts only
# from the site or carrying the request's nonce; frames only from the video services), a looser
# one in the admin, whose own templates run inline scripts and styles, and the public one with
# one more image source on the API docs. frame-ancestors follows each response's X-Frame-Options.
# CSP_REPORT_ONLY=true sends them all as Content-Security-Policy-Report-Only instead: browsers
# report violations and block nothing (try a change that way first: docs/deploy.md).
# CSP_REPORT_URI is where browsers send their reports (report-uri, and report-to through the
# Reporting-Endpoints header).
_csp_report_only = env_bool("CSP_REPORT_ONLY", False)
_csp_report_uri = os.environ.get("CSP_REPORT_URI", "").strip()
# The services whose players editors may embed; Wagtail's embed finders know only these, so an
# embed from elsewhere is refused in the editor rather than blocked in readers' browsers.
VIDEO_EMBED_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo]}]
_csp_public = {
    "default-src": [SELF],
    # No inline script runs: the pages' only inline <script> is their JSON-LD, a data block
    # that browsers do not run and CSP does not govern. No nonce, so a cached page is the same
    # for every reader.
    "script-src": [SELF],
    "style-src": [SELF],
    # Images are the site's own renditions (/media/images/); data: for inline SVG icons.
    "img-src": [SELF, "data:"],
    "frame-src": VIDEO_EMBED_ORIGINS,
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    # Replaced on each response to match its X-Frame-Options.
    "frame-ancestors": [NONE],
}
if _csp_report_uri:
    _csp_public |= {"report-uri": [_csp_report_uri], "report-to": ["csp"]}
REPORTING_ENDPOINTS = {"csp": _csp_report_uri} if _csp_report_uri else {}
# Wagtail's admin: inline scripts (date pickers, inline panels) and style attributes; upload
# previews (blob:), Gravatar avatars, the dashboard's check for a new Wagtail release, and
# previews and block previews in same-origin frames.
_csp_admin = _csp_public | {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "www.gravatar.com"],
    "connect-src": [SELF, "https://releases.wagtail.org"],
    "frame-src": [SELF, *VIDEO_EMBED_ORIGINS],
}
# Swagger UI at /api/v3/docs/ (django-ninja's own copy, served from /static/) works under the
# public policy; only its "valid" badge is an image from Swagger's online validator.
_csp_api_docs = _csp_public | {"img-src": [SELF, "data:", "https://validator.swagger.io"]}
CONTENT_SECURITY_POLICY_BY_PATH = {
    "/admin/": _csp_admin,
    "/django-admin/": _csp_admin,
    "/api/v3/docs/": _csp_api_docs,
}
if _csp_report_only:
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _csp_public}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _csp_public}
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None
# Browser features no page of the site uses are denied to every origin; the video players may
# go full screen, play and show picture-in-picture.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": ["self", *VIDEO_EMBED_ORIGINS],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": ["self", *VIDEO_EMBED_ORIGINS],
    "fullscreen": ["self", *VIDEO_EMBED_ORIGINS],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": ["self", *VIDEO_EMBED_ORIGINS],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
