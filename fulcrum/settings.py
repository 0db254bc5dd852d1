"""Fulcrum settings: one module, configured from environment variables.

Every deploy-specific value comes from the environment, with defaults that are
safe for development. `FULCRUM_ENV=production` turns on the production
checks: a real SECRET_KEY is required and HTTPS-only cookies, SSL redirect and
HSTS are on, so that `manage.py check --deploy` is clean.
"""

import hashlib
import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def _origin(url):
    """scheme://host[:port] of an absolute http(s) URL, else None."""
    parts = urlsplit(url or "")
    if parts.scheme in {"http", "https"} and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


# --- Mode -------------------------------------------------------------------
ENVIRONMENT = env("FULCRUM_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("FULCRUM_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = env("SECRET_KEY")
if PRODUCTION and (
    len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or DEBUG
):
    raise ImproperlyConfigured(
        "In production SECRET_KEY must be set to a random string of at least "
        "50 characters (python -c 'import secrets; print(secrets.token_urlsafe(64))'),"
        " and DEBUG must be off."
    )
if not SECRET_KEY:
    # Development only: a fixed key would let anyone forge sessions on a
    # server started without configuration, so this one is marked insecure.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
if PRODUCTION and not ALLOWED_HOSTS:
    # Otherwise the site starts and answers every request with 400.
    raise ImproperlyConfigured(
        "In production ALLOWED_HOSTS must name the site's hosts."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Applications -------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_countries",
    "django_prose_editor",
    "taggit",
    # History of every change, restorable, and recovery of deleted records.
    "reversion",
    # Login throttling for the admin (see "Security").
    "axes",
    # Fulcrum's own apps, lowest layer first: each imports only those above
    # it in this list (import-linter checks it; see pyproject.toml).
    "core",
    "images",
    "members",
    "articles",
    "transfer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise and the page cache, so every answer, cached or not,
    # carries the Content-Security-Policy header.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # 400 for a NUL in the address: PostgreSQL cannot compare it (a 500).
    "core.security.RejectNulMiddleware",
    # WhiteNoise must come straight after SecurityMiddleware so static files
    # skip the rest of the stack but still get the security headers.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole pages for anonymous readers (core.pagecache): outside the ETag
    # middleware so a stored page keeps its ETag and a hit can answer 304.
    "core.pagecache.PageCacheMiddleware",
    # ETag and 304 answers for every page; then the Cache-Control rule.
    "django.middleware.http.ConditionalGetMiddleware",
    "core.middleware.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After authentication: answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
    # Innermost, so it sees the view's 404 first and its 301 gets the
    # caching rule above.
    "core.middleware.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "fulcrum.urls"
WSGI_APPLICATION = "fulcrum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # {{ csp_nonce }}: only the admin uses it (see "Security").
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
VAR_DIR = Path(env("FULCRUM_VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(env("CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "fulcrum.sqlite3",
            # Kept between requests: opening one (PRAGMAs, Django's SQL
            # functions) cost more than the summary page's three queries.
            "CONN_MAX_AGE": int(env("CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers carry on while an import writes; IMMEDIATE
                # takes the write lock up front instead of failing mid-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

# --- Cache ------------------------------------------------------------------
# CACHE_URL (or REDIS_URL) points every app server at one Redis, for the page
# cache and sessions. Without it one server keeps its cache in files, shared
# by its worker processes (a per-process memory cache would miss invalidations
# made by the other workers).
CACHE_URL = env("CACHE_URL") or env("REDIS_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("CACHE_URL must be a redis:// or rediss:// URL.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # A dead cache must cost little: pages are then rendered uncached.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    # Sessions live in the database, read through the cache; core.sessions
    # carries on from the database when the cache is lost.
    SESSION_ENGINE = "core.sessions"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": Path(env("CACHE_DIR", str(VAR_DIR / "cache"))),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
# How long a session's cached copy may live (see core.sessions).
SESSION_CACHE_SECONDS = int(env("SESSION_CACHE_SECONDS", "300"))
# How long a page stays cached when nothing changes; 0 turns page caching off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))

# --- Passwords and auth -------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where a login lands when it names no page, or one it may not go to (an
# outside `?next=`): the admin, the only place staff sign in for.
LOGIN_REDIRECT_URL = "admin:index"
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = env("TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

# --- Static and media files ------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# backup_site signs each archive's manifest (HMAC-SHA256) with this key, and
# restore_site then refuses an archive that is unsigned or signed otherwise.
# Keep it outside the archive and the backups' storage (transfer/backup.py).
BACKUP_SIGNING_KEY = env("BACKUP_SIGNING_KEY")
# Media (uploaded images and their renditions) on S3-compatible object storage
# when a bucket is named, so several app servers share them; else MEDIA_ROOT.
# Credentials come from boto3's own chain: AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY in the environment, or the machine's role.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL")
AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN")
AWS_S3_URL_PROTOCOL = env("AWS_S3_URL_PROTOCOL", "https:")
SERVE_MEDIA = env_bool(
    "SERVE_MEDIA", default=not PRODUCTION and not AWS_STORAGE_BUCKET_NAME
)
if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            "url_protocol": AWS_S3_URL_PROTOCOL,
            "location": env("AWS_LOCATION").strip("/"),
            # Images are public: plain URLs that pages and caches can keep.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            # None leaves access to the bucket policy (ACLs are off by default
            # on new AWS buckets); "public-read" where the provider needs it.
            "default_acl": env("AWS_DEFAULT_ACL") or None,
            # Two uploads named photo.jpg must not overwrite each other.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGIN = f"{AWS_S3_URL_PROTOCOL}//{AWS_S3_CUSTOM_DOMAIN}"
    elif AWS_S3_ENDPOINT_URL:
        MEDIA_ORIGIN = AWS_S3_ENDPOINT_URL
    else:
        MEDIA_ORIGIN = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    MEDIA_ORIGIN = MEDIA_URL
# Where images come from when not from the site itself, as scheme://host[:port]
# (for the Content Security Policy's img-src), else "".
MEDIA_ORIGIN = _origin(MEDIA_ORIGIN) or ""
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        # Manifest storage refuses files that were never collected, so only
        # production (which runs collectstatic) uses it.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# The release being served, part of every page-cache key so that a deploy
# never serves pages built by the previous code: RELEASE if the deploy sets it
# (a commit id), else the fingerprint of the collected static files.
RELEASE = env("RELEASE")
if not RELEASE and (STATIC_ROOT / "staticfiles.json").is_file():
    RELEASE = hashlib.sha256(
        (STATIC_ROOT / "staticfiles.json").read_bytes()
    ).hexdigest()[:16]
# Outside production WhiteNoise serves straight from the app folders, so no
# collectstatic is needed to run the site or its tests.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
# Uploads: bytes and pixels an editor may upload (see images.validators).
IMAGE_MAX_BYTES = int(env("IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
IMAGE_MAX_PIXELS = int(env("IMAGE_MAX_PIXELS", str(40_000_000)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)


# Content Security Policy, enforced on every answer (Django's own middleware):
# no inline script or style anywhere. Public pages use no nonce, so the copy
# the page cache shares between visitors never carries one; the nonce is only
# generated where a template asks for it (the admin: Django's own templates,
# and the import map of django-prose-editor). Images may also come from the
# media host (MEDIA_ORIGIN, above) and from CSP_MEDIA_ORIGIN (a CDN).
def _media_origins():
    urls = [MEDIA_ORIGIN, env("CSP_MEDIA_ORIGIN")]
    region = env("AWS_S3_REGION_NAME")
    if AWS_STORAGE_BUCKET_NAME and not (AWS_S3_CUSTOM_DOMAIN or AWS_S3_ENDPOINT_URL):
        # Amazon answers under the regional name as well as the global one,
        # and a bucket name with dots gets path-style URLs (s3.amazonaws.com).
        if region:
            urls.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{region}.amazonaws.com")
        if "." in AWS_STORAGE_BUCKET_NAME:
            urls.append("https://s3.amazonaws.com")
            if region:
                urls.append(f"https://s3.{region}.amazonaws.com")
    return sorted({origin for origin in map(_origin, urls) if origin})


MEDIA_ORIGINS = _media_origins()
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for
# one username from one address, that pair is refused, even with the right
# password, for AXES_COOLOFF_MINUTES; a successful login clears the count.
# Editors can lift a lockout in the admin (Axes > Access attempts) or with
# `manage.py axes_reset`.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address (core.security.client_ip): X-Forwarded-For is read only
# when the connection comes from one of these proxies (addresses or networks;
# "*" trusts any peer), and then the right-most address in it that is not one
# of them is the client; anything further left may be forged. The same list,
# from the same variable, is gunicorn's forwarded_allow_ips (see
# fulcrum/gunicorn.conf.py), so Django and gunicorn trust the same proxies.
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
for _proxy in FORWARDED_ALLOW_IPS:
    if _proxy != "*":
        try:
            ipaddress.ip_network(_proxy, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"FORWARDED_ALLOW_IPS: {_proxy!r} is not an address or network."
            ) from None
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"

# --- Fetching outside URLs ------------------------------------------------------
# The address guard (core.fetching) refuses to connect to loopback, private,
# link-local and other internal addresses. Host names, addresses or networks
# listed here are let through whatever they resolve to (an intranet's servers;
# tests). Empty by default.
FETCH_ALLOWED_HOSTS = env_list("FETCH_ALLOWED_HOSTS")

# --- Email ----------------------------------------------------------------------
# Password-reset mail for staff, through Django's mailers (MAILERS, which
# replaces the EMAIL_* settings from Django 6.1). EMAIL_URL names the server
# in one value:
#   smtp://user:password@host:25       plain SMTP
#   smtp+tls://user:password@host:587  SMTP with STARTTLS
#   smtp+ssl://user:password@host:465  SMTP over TLS (also smtps://)
#   console://                         printed on stdout (development)
# (user and password percent-encoded). Without it the usual variables are
# read: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS, EMAIL_USE_SSL. With none of those, development prints mail
# on the console and production hands it to the local mail server
# (localhost:25).
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_SCHEMES = {
    # scheme: (default port, STARTTLS, TLS from the start)
    "smtp": (25, False, False),
    "smtp+tls": (587, True, False),
    "smtp+ssl": (465, False, True),
    "smtps": (465, False, True),
}
# A dead mail server must not hold a worker until gunicorn kills it.
EMAIL_TIMEOUT_SECONDS = int(env("EMAIL_TIMEOUT", "10"))


def smtp_mailer(host, port, username="", password="", use_tls=False, use_ssl=False):
    if use_tls and use_ssl:
        raise ImproperlyConfigured("Email: choose STARTTLS or TLS, not both.")
    return {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {
            "host": host,
            "port": port,
            "username": username,
            "password": password,
            "use_tls": use_tls,
            "use_ssl": use_ssl,
            "timeout": EMAIL_TIMEOUT_SECONDS,
        },
    }


def email_mailer(url):
    """The default mailer (a MAILERS entry) that an EMAIL_URL names."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"BACKEND": CONSOLE_BACKEND}
    if scheme not in EMAIL_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with console:// or one of "
            f"{', '.join(EMAIL_SCHEMES)}:// (not {scheme or url!r})."
        )
    default_port, use_tls, use_ssl = EMAIL_SCHEMES[scheme]
    try:
        port = parts.port or default_port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a bad port.") from None
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL must name the mail server's host.")
    return smtp_mailer(
        parts.hostname,
        port,
        unquote(parts.username or ""),
        unquote(parts.password or ""),
        use_tls,
        use_ssl,
    )


EMAIL_URL = env("EMAIL_URL")
if EMAIL_URL:
    DEFAULT_MAILER = email_mailer(EMAIL_URL)
elif PRODUCTION or env("EMAIL_HOST"):
    DEFAULT_MAILER = smtp_mailer(
        env("EMAIL_HOST", "localhost"),
        int(env("EMAIL_PORT", "25")),
        env("EMAIL_HOST_USER"),
        env("EMAIL_HOST_PASSWORD"),
        env_bool("EMAIL_USE_TLS"),
        env_bool("EMAIL_USE_SSL"),
    )
else:
    DEFAULT_MAILER = {"BACKEND": CONSOLE_BACKEND}
MAILERS = {"default": DEFAULT_MAILER}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Tags -------------------------------------------------------------------
TAGGIT_CASE_INSENSITIVE = True

# --- Site -------------------------------------------------------------------
SITE_NAME = env("SITE_NAME", "Asia-Pacific Leadership Network")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logging.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", "json" if PRODUCTION else "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
