"""Django settings for painpath, read from the environment (one typed place).

Every setting a deployment may change is a ``PAINPATH_*`` environment variable; see the README's
"Configuration" section for the list.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("PAINPATH_DEBUG", False)
SECRET_KEY = os.environ.get("PAINPATH_SECRET_KEY", "")
# Without a configured key, management commands (migrate, makemigrations, …) still run, on a key
# that lives as long as the process; serving is refused by painpath/wsgi.py unless in debug or
# demo mode, where a fixed development key keeps sessions across restarts.
SECRET_KEY_MISSING = not SECRET_KEY
if SECRET_KEY_MISSING:
    if DEBUG or env_bool("PAINPATH_DEMO_MODE"):
        SECRET_KEY = "painpath-insecure-development-key-do-not-use-in-production"  # noqa: S105
    else:
        SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list("PAINPATH_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("PAINPATH_CSRF_TRUSTED_ORIGINS")

# Demo/test mode: accepts synthetic identity numbers (DOMAIN.md D3) and allows demo data.
DEMO_MODE = env_bool("PAINPATH_DEMO_MODE", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "mozilla_django_oidc",
    "painpath.core",
    "painpath.audit",
    "painpath.organisation",
    "painpath.accounts",
    "painpath.patients",
    "painpath.referrals",
    "painpath.intake",
    "painpath.letters",
    "painpath.pathways",
    "painpath.interop",
    "painpath.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "painpath.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "painpath.urls"
WSGI_APPLICATION = "painpath.wsgi.application"
ASGI_APPLICATION = "painpath.asgi.application"

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
                "django.template.context_processors.i18n",
                "painpath.core.context_processors.painpath",
            ],
        },
    },
]

_DEFAULT_SQLITE = PROJECT_DIR / "var" / "painpath.sqlite3"
if "PAINPATH_DATABASE_URL" not in os.environ:
    _DEFAULT_SQLITE.parent.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("PAINPATH_DATABASE_URL", f"sqlite:///{_DEFAULT_SQLITE}"),
        conn_max_age=int(os.environ.get("PAINPATH_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the writer work side by side; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Intake (D4): how far a care deadline may differ from the priority rule's suggestion before a
# written justification is required.
INTAKE_DEVIATION_MARGIN_DAYS = int(os.environ.get("PAINPATH_DEVIATION_MARGIN_DAYS", "7"))

AUTH_USER_MODEL = "accounts.User"
# Argon2 first: new and re-hashed passwords use it (issue 2, sign-in).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "organisation:public_overview"

# Lock-out after repeated failures (django-axes), per username and address.
AXES_FAILURE_LIMIT = int(os.environ.get("PAINPATH_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PAINPATH_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Sign-in through OpenID Connect (HelseID is OIDC); off unless configured.
OIDC_ENABLED = env_bool("PAINPATH_OIDC_ENABLED", False)
OIDC_RP_CLIENT_ID = os.environ.get("PAINPATH_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("PAINPATH_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("PAINPATH_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get(
    "PAINPATH_OIDC_SCOPES", "openid profile helseid://scopes/identity/pid"
)
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("PAINPATH_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("PAINPATH_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("PAINPATH_OIDC_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("PAINPATH_OIDC_JWKS_ENDPOINT", "")
OIDC_HPR_CLAIM = os.environ.get("PAINPATH_OIDC_HPR_CLAIM", "helseid://claims/hpr/hpr_number")
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("painpath.accounts.oidc.HelseIDBackend")

SESSION_COOKIE_AGE = int(os.environ.get("PAINPATH_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("PAINPATH_HTTPS", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("PAINPATH_STATIC_ROOT", str(PROJECT_DIR / "var" / "static")))
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("PAINPATH_MEDIA_ROOT", str(PROJECT_DIR / "var" / "media")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PAINPATH_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
