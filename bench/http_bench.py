"""What the HTTP benchmarks share: a database ready for painpath, a signed-in session and an API
token, queries per request counted in-process, a real server on a free local port, and p50/p95.

Speed is measured here, never by timed assertions in the tests.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Case:
    """One page or API call to time: label, path, whether it uses the API token, requests."""

    label: str
    path: str
    api: bool = False
    share: int = 1  # time requests // share of them (deep pages and filters need fewer)


def bench_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "PAINPATH_DATABASE_URL": database_url,
        "PAINPATH_DEMO_MODE": "1",
        "PAINPATH_DEBUG": "0",
        "PAINPATH_SECRET_KEY": os.environ.get("PAINPATH_SECRET_KEY", "bench-only-not-secret"),
        "PAINPATH_HTTPS": "0",
        "PAINPATH_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "painpath.settings",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)


def setup(database_url: str) -> dict[str, str]:
    """Migrate the bench database and set Django up in this process against it."""
    env = bench_env(database_url)
    (ROOT / "var").mkdir(exist_ok=True)
    print(f"database: {database_url}")
    manage(env, "migrate", "--noinput", "-v", "0")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return env


def report_journal_mode() -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            print(f"sqlite journal_mode: {cursor.fetchone()[0]}")


def credentials(user: Any, unit_id: int) -> tuple[dict[str, str], dict[str, str]]:
    """A session cookie and a bearer token for ``user`` working at ``unit_id``."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from painpath.accounts.models import ACTIVE_UNIT_SESSION_KEY, ApiToken

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[ACTIVE_UNIT_SESSION_KEY] = unit_id
    store.create()
    _, token = ApiToken.issue(user, name="bench")
    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}"}
    return cookie, {"Authorization": f"Bearer {token}"}


def count_queries(
    cases: list[Case], cookie: dict[str, str], bearer: dict[str, str]
) -> dict[str, int]:
    """Queries per request, counted in-process on a separate call (no debug header in the server)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies.load(cookie["Cookie"])
    counts = {}
    for case in cases:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(case.path, headers=bearer if case.api else {})
        if response.status_code != 200:
            raise SystemExit(f"{case.path} answered {response.status_code}")
        counts[case.label] = len(ctx.captured_queries)
    connection.close()
    return counts


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - local server
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


@contextlib.contextmanager
def server(env: dict[str, str], workers: int) -> Iterator[str]:
    """gunicorn (else Django's runserver) on a free loopback port; yields the base URL."""
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn:
        command = [
            gunicorn, "painpath.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--log-level", "warning",
        ]  # fmt: skip
    else:
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/")
        print(f"server: {'gunicorn' if gunicorn else 'runserver'} on {base}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def timed(url: str, headers: dict[str, str], count: int) -> list[float]:
    times = []
    for _ in range(count):
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - local server
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
            if response.status != 200:
                raise SystemExit(f"{url} answered {response.status}")
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(
    base: str, cases: list[Case], cookie: dict[str, str], bearer: dict[str, str], requests: int
) -> None:
    """Warm up, then time each case over HTTP and print p50/p95/max with its query count."""
    counts = count_queries(cases, cookie, bearer)
    for case in cases[:2]:
        timed(base + case.path, bearer if case.api else cookie, 20)
    for case in cases:
        times = timed(
            base + case.path, bearer if case.api else cookie, max(requests // case.share, 20)
        )
        p50 = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[18]
        print(
            f"{case.label:<30} n={len(times):<4} p50={p50:6.1f} ms  p95={p95:6.1f} ms  "
            f"max={max(times):6.1f} ms  queries={counts[case.label]}"
        )
