"""Verkstad's one settings module.

Every value comes from the environment through the small typed helpers below. The
defaults give the embedded site: SQLite in ``var/``, no Redis, the console e-mail
backend. ``VERKSTAD_ENV=production`` turns on the secure defaults that
``verkstad check --deploy`` asks for and refuses to start without a real
``SECRET_KEY`` and ``ALLOWED_HOSTS``. Every variable is documented in
``docs/operations.md`` (a test keeps that true).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


# --- environment helpers ---------------------------------------------------------

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- where we run ------------------------------------------------------------------

VERKSTAD_ENV = env_str("VERKSTAD_ENV", "development")
if VERKSTAD_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"VERKSTAD_ENV must be development or production, not {VERKSTAD_ENV!r}."
    )
PRODUCTION = VERKSTAD_ENV == "production"

VAR_DIR = Path(env_str("VERKSTAD_VAR_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when VERKSTAD_ENV=production.")


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when VERKSTAD_ENV=production.")
    # Development: one random key per var/ directory, kept across restarts
    # so sessions survive, never committed.
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when VERKSTAD_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- applications ----------------------------------------------------------------

INSTALLED_APPS = [
    "verkstad.accounts",
    "verkstad.core",
    "verkstad.knowledge",
    "verkstad.search",
    "verkstad.insight",
    "verkstad.dialogue",
    "verkstad.briefs",
    "verkstad.workshops",
    "verkstad.impact",
    "verkstad.core.admin_config.VerkstadAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "verkstad.impact.middleware.PageCountMiddleware",  # page views per day; no cookie, no IP
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into our own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "verkstad.urls"
WSGI_APPLICATION = "verkstad.wsgi.application"
ASGI_APPLICATION = "verkstad.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "verkstad.core.context_processors.language_switch",
                "verkstad.core.context_processors.site",
            ],
        },
    },
]

# --- database ----------------------------------------------------------------------

SQLITE_PATH = VAR_DIR / "verkstad.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
try:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc

if _database["ENGINE"] == "django.db.backends.sqlite3":
    if _database["NAME"] != ":memory:":
        Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _database["OPTIONS"] = {
        # Writers wait for each other (up to 20 s) instead of failing with
        # "database is locked"; WAL lets readers go on while one writes.
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
    }
else:
    _database["CONN_MAX_AGE"] = env_int("VERKSTAD_DB_CONN_MAX_AGE", 60)
    _database["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache -------------------------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "verkstad",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- background tasks ---------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- accounts and authentication ------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Admin permissions from roles (accounts.permissions.CAPABILITY_ADMIN_PERMISSIONS).
    "verkstad.accounts.backends.CapabilityBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:my_data"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed-login rate limiting (django-axes): after N failures for one e-mail address
# from one client, that pair is locked out for the cool-off period.
AXES_FAILURE_LIMIT = env_int("VERKSTAD_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("VERKSTAD_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True  # we keep no log of successful logins or their IPs
AXES_IPWARE_PROXY_COUNT = env_int("VERKSTAD_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# The version of the privacy notice a consent refers to. Raise it when the notice
# changes in substance; older consents then show as given to an earlier version.
VERKSTAD_PRIVACY_VERSION = "2026-11"

# --- dialogue ----------------------------------------------------------------------------
# (each setting documented in docs/operations.md, "Verkstad's own")

# Seconds the opinion map waits after a vote before it is recomputed (votes in between
# share the run), and the most opinion groups it may show (Pol.is caps k at 5).
VERKSTAD_DIALOGUE_MAP_DEBOUNCE = env_int("VERKSTAD_DIALOGUE_MAP_DEBOUNCE", 5)
VERKSTAD_DIALOGUE_K_MAX = env_int("VERKSTAD_DIALOGUE_K_MAX", 5)
if VERKSTAD_DIALOGUE_MAP_DEBOUNCE < 0:
    raise ImproperlyConfigured("VERKSTAD_DIALOGUE_MAP_DEBOUNCE must be 0 or more seconds.")
if not 2 <= VERKSTAD_DIALOGUE_K_MAX <= 9:
    raise ImproperlyConfigured("VERKSTAD_DIALOGUE_K_MAX must be between 2 and 9.")

# Taking part: how many votes and statements one person (a user or an anonymous
# participant's cookie) and one client address may send; 0 turns a limit off.
VERKSTAD_DIALOGUE_VOTES_PER_MINUTE = env_int("VERKSTAD_DIALOGUE_VOTES_PER_MINUTE", 30)
VERKSTAD_DIALOGUE_STATEMENTS_PER_HOUR = env_int("VERKSTAD_DIALOGUE_STATEMENTS_PER_HOUR", 10)
VERKSTAD_DIALOGUE_IP_VOTES_PER_MINUTE = env_int("VERKSTAD_DIALOGUE_IP_VOTES_PER_MINUTE", 600)
VERKSTAD_DIALOGUE_IP_STATEMENTS_PER_HOUR = env_int("VERKSTAD_DIALOGUE_IP_STATEMENTS_PER_HOUR", 200)

# --- live sessions (docs/live-sessions.md) ---------------------------------------------
# Answers one phone may send per minute (flood control); 0 = no limit.
VERKSTAD_LIVE_ANSWERS_PER_MINUTE = env_int("VERKSTAD_LIVE_ANSWERS_PER_MINUTE", 60)
# Joins per minute from one address: a whole room shares one, so this is generous.
VERKSTAD_LIVE_JOINS_PER_IP_PER_MINUTE = env_int("VERKSTAD_LIVE_JOINS_PER_IP_PER_MINUTE", 3000)
# The version of the text that asks participants for an actor type and municipality.
VERKSTAD_DIALOGUE_ROLE_CONSENT_VERSION = "2026-11"

# --- e-mail --------------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Verkstad <verkstad@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people report accessibility problems and ask about their personal data;
# shown in the accessibility statement and the privacy notice.
VERKSTAD_CONTACT_EMAIL = env_str("VERKSTAD_CONTACT_EMAIL", "verkstad@localhost")

# --- languages -------------------------------------------------------------------------

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

# --- static files -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("VERKSTAD_STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files after `verkstad collectstatic`; plain files while
        # developing with DEBUG on (and in tests, which override this).
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("VERKSTAD_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# Development serves static files straight from the apps' folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- security ---------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "verkstad.core.views.csrf_failure"
# Flash messages live in the session: no extra cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SESSION_COOKIE_SECURE = env_bool("VERKSTAD_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("VERKSTAD_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("VERKSTAD_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("VERKSTAD_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("VERKSTAD_HSTS_PRELOAD", PRODUCTION)
if env_bool("VERKSTAD_BEHIND_PROXY", False):
    # The reverse proxy terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# /healthz and /readyz answer over plain HTTP on the private network for probes.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# No inline script or style anywhere: every script and stylesheet is a file we serve.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("VERKSTAD_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
ADMINS = [("Verkstad", a) for a in env_list("VERKSTAD_ADMIN_EMAILS", [])]
