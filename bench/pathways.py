"""Benchmark the unit's pathway list over HTTP (issue 5, "Speed").

    .venv/bin/python bench/pathways.py [--database-url URL] [--pathways 20000] [--events 300000]
                                       [--requests 200]

Generates the data if missing (``painpath generate-pathways``, bulk_create; the network and users
from ``painpath demo``), starts a real server (gunicorn, else ``manage.py runserver --noreload``)
on a free local port, signs in as the demo clinician of the unit and times the pathway list page
and its API (>= 200 requests each, session cookie / bearer token), plus a deep page and the
at-risk filter. Prints p50/p95 and the queries per request, counted in-process with
CaptureQueriesContext on a separate call (the server carries no debug header). Goal: p95 <= 150 ms
with 20,000 pathways and 300,000 events at one unit, and a query count that does not depend on
the data.
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
USERNAME = "kliniker.ahus"


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
    print(f"{name:<30} n={len(times):<4} p50={p50:7.1f} ms  p95={p95:7.1f} ms  queries={queries}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench_pathways.sqlite3'}"
    )
    parser.add_argument("--pathways", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    env = {
        **os.environ,
        "PAINPATH_DATABASE_URL": args.database_url,
        "PAINPATH_DEMO_MODE": "1",
        "PAINPATH_DEBUG": "0",
        "PAINPATH_SECRET_KEY": os.environ.get("PAINPATH_SECRET_KEY", "bench-only-not-secret"),
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

    from painpath.accounts.models import ACTIVE_UNIT_SESSION_KEY, ApiToken, User
    from painpath.organisation.models import Clinic
    from painpath.pathways.management.commands.generate_pathways import SYSTEM as GENERATED
    from painpath.pathways.models import Pathway, PathwayEvent
    from painpath.referrals.models import Referral

    if not User.objects.filter(username=USERNAME).exists():
        run(env, "demo")
    unit = Clinic.objects.get(name=UNIT)
    at_unit = Pathway.objects.filter(clinic=unit).count()
    generated = Referral.objects.filter(external_system=GENERATED).count()
    if at_unit < args.pathways:
        print(f"generating pathways ({at_unit} of {args.pathways} at the unit) …")
        run(
            env, "generate_pathways", "--unit", UNIT,
            "--pathways", str(args.pathways - (at_unit - generated)),
            "--events", str(args.events),
        )  # fmt: skip
    print(
        f"at {UNIT}: {Pathway.objects.filter(clinic=unit).count()} pathways, "
        f"{PathwayEvent.objects.filter(pathway__clinic=unit).count()} events"
    )
    if connection.vendor == "sqlite":
        # Write-ahead logging (a property of the database file): the per-request audit commit
        # is one append to the log instead of rewriting a journal.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            print(f"sqlite journal_mode: {cursor.fetchone()[0]}")

    user = User.objects.get(username=USERNAME)
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[ACTIVE_UNIT_SESSION_KEY] = unit.pk
    store.create()
    _, token = ApiToken.issue(user, name="bench")

    pages = Pathway.objects.filter(clinic=unit).count() // 50
    paths = {
        "list": "/pathways/",
        "api": f"/api/pathways?unit_id={unit.pk}",
        "deep": f"/pathways/?page={max(1, pages // 2)}",
        "at_risk": "/pathways/?at_risk=1",
    }
    # Queries per request, counted in-process on a separate call.
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[ACTIVE_UNIT_SESSION_KEY] = unit.pk
    session.save()
    counts = {}
    for name, path in paths.items():
        headers = {"Authorization": f"Bearer {token}"} if name == "api" else {}
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(ctx.captured_queries)
    connection.close()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn:
        command = [
            gunicorn, "painpath.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--log-level", "warning",
        ]  # fmt: skip
    else:
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_for(f"{base}/")
        cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}"}
        bearer = {"Authorization": f"Bearer {token}"}
        timed(f"{base}{paths['list']}", cookie, 10)  # warm up both workers
        timed(f"{base}{paths['api']}", bearer, 10)
        print(f"server: {'gunicorn' if gunicorn else 'runserver'} on {base}")
        n = args.requests
        report(
            "pathway list /pathways/", timed(f"{base}{paths['list']}", cookie, n), counts["list"]
        )
        report("pathway list API", timed(f"{base}{paths['api']}", bearer, n), counts["api"])
        report(
            f"pathway list page {max(1, pages // 2)}",
            timed(f"{base}{paths['deep']}", cookie, max(n // 4, 20)),
            counts["deep"],
        )
        report(
            "pathway list at risk only",
            timed(f"{base}{paths['at_risk']}", cookie, max(n // 4, 20)),
            counts["at_risk"],
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
