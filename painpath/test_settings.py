"""Settings for the test suite: SQLite in memory, or PostgreSQL when PAINPATH_TEST_DATABASE_URL is set."""

import os

os.environ.setdefault("PAINPATH_DEMO_MODE", "1")

from painpath.settings import *  # noqa: E402,F403

_url = os.environ.get("PAINPATH_TEST_DATABASE_URL")
if _url:
    DATABASES = {"default": dj_database_url.parse(_url)}  # noqa: F405
    # A distinct name lets several suites share one server (e.g. two checkouts).
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("PAINPATH_TEST_DB_NAME", "test_painpath"),
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

DEMO_MODE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only in tests
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
SILENCED_SYSTEM_CHECKS = ["staticfiles.W004"]
