"""Benchmark the intake worklist over HTTP (issue 4, "Speed").

    .venv/bin/python bench/worklist.py [--database-url URL] [--total 200000] [--open 5000]
                                       [--requests 200]

Generates the data if missing (``painpath generate-referrals``; the network and users from
``painpath demo``), starts a real server (gunicorn, else ``manage.py runserver --noreload``) on a
free local port, signs in as the demo intake member of the unit, and times the worklist page and
its API (>= 200 requests each, session cookie / bearer token). Prints p50/p95 and the number of
queries per request, counted in-process with CaptureQueriesContext on a separate call (no debug
header in the server). Goal: p95 <= 150 ms with 200,000 referrals / 5,000 open at one unit, on
SQLite and PostgreSQL, and a query count that does not depend on the data.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNIT = "Smerteklinikken, Ahus"
USERNAME = "inntak.ahus"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)


def wait_for(url: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - local server
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")


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


def report(name: str, times: list[float], queries: int) -> None:
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[18]
    print(
        f"{name:<24} n={len(times):<4} p50={p50:6.1f} ms  p95={p95:6.1f} ms  "
        f"max={max(times):6.1f} ms  queries={queries}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench_worklist.sqlite3'}"
    )
    parser.add_argument("--total", type=int, default=200_000)
    parser.add_argument("--open", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    env = {
        **os.environ,
        "PAINPATH_DATABASE_URL": args.database_url,
        "PAINPATH_DEMO_MODE": "1",
        "PAINPATH_DEBUG": "0",
        "PAINPATH_HTTPS": "0",
        "PAINPATH_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "painpath.settings",
    }
    (ROOT / "var").mkdir(exist_ok=True)
    print(f"database: {args.database_url}")
    run(env, "migrate", "--noinput", "-v", "0")

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils.module_loading import import_string

    from painpath.accounts.models import ApiToken, User
    from painpath.referrals.models import Referral

    if not User.objects.filter(username=USERNAME).exists():
        run(env, "demo")
    generated = Referral.objects.filter(external_system="urn:painpath:generated").count()
    if generated < args.total:
        print(f"generating referrals ({generated} of {args.total} there) …")
        run(
            env, "generate_referrals", "--total", str(args.total),
            "--open-at-unit", UNIT, str(args.open),
        )  # fmt: skip
    print(f"referrals in the database: {Referral.objects.count()}")
    if connection.vendor == "sqlite":
        # Write-ahead logging (a property of the database file): a commit is one append to the
        # log instead of rewriting a journal, so the per-request audit commit stays cheap.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            print(f"sqlite journal_mode: {cursor.fetchone()[0]}")

    user = User.objects.get(username=USERNAME)
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    _, token = ApiToken.issue(user, name="bench")

    # Queries per request, counted in-process on a separate call.
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    counts = {}
    for path in ("/intake/", "/api/intake/worklist", "/intake/?page=20", "/intake/?overdue=1"):
        headers = {"Authorization": f"Bearer {token}"} if path.startswith("/api") else {}
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)
        counts[path] = len(ctx.captured_queries)
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn:
        command = [
            gunicorn, "painpath.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "1", "--log-level", "warning",
        ]  # fmt: skip
    else:
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_for(f"{base}/")
        session = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}"}
        bearer = {"Authorization": f"Bearer {token}"}
        # One worker: the requests are sequential, and the client shares the machine's cores.
        timed(f"{base}/intake/", session, 30)  # warm up
        timed(f"{base}/api/intake/worklist", bearer, 30)
        print(f"server: {'gunicorn' if gunicorn else 'runserver'} on {base}")
        report(
            "worklist page /intake/",
            timed(f"{base}/intake/", session, args.requests),
            counts["/intake/"],
        )
        report(
            "worklist API",
            timed(f"{base}/api/intake/worklist", bearer, args.requests),
            counts["/api/intake/worklist"],
        )
        report(
            "worklist page 20",
            timed(f"{base}/intake/?page=20", session, max(args.requests // 4, 20)),
            counts["/intake/?page=20"],
        )
        report(
            "worklist overdue only",
            timed(f"{base}/intake/?overdue=1", session, max(args.requests // 4, 20)),
            counts["/intake/?overdue=1"],
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
