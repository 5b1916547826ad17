"""Production configuration: debug off unless asked, and no serving without a secret key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PAINPATH_")}
    clean.update(
        {
            "DJANGO_SETTINGS_MODULE": "painpath.settings",
            "PAINPATH_DATABASE_URL": "sqlite://:memory:",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_is_off_unless_asked() -> None:
    result = _python(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    )
    assert result.stdout.strip() == "False", result.stderr


def test_serving_without_a_secret_key_is_refused_in_production() -> None:
    result = _python("import painpath.wsgi")
    assert result.returncode != 0
    assert "PAINPATH_SECRET_KEY must be set" in result.stderr


def test_serving_with_a_secret_key_starts() -> None:
    result = _python("import painpath.wsgi; print('ok')", PAINPATH_SECRET_KEY="x" * 50)
    assert result.stdout.strip() == "ok", result.stderr


def test_management_commands_run_without_a_secret_key() -> None:
    result = _python(
        "import django; django.setup(); from django.core.management import call_command; call_command('check')"
    )
    assert result.returncode == 0, result.stderr
