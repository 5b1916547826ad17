"""Benchmark the unit's pathway list over HTTP (issue 5, "Speed").

    .venv/bin/python bench/pathways.py [--database-url URL] [--pathways 20000] [--events 300000]
                                       [--requests 200]

Generates the data if missing (``painpath generate-pathways``, bulk_create; the network and users
from ``painpath demo``), starts a real server on a free local port, signs in as the demo clinician
of the unit and times the pathway list page and its API (>= 200 requests each, session cookie /
bearer token), plus a deep page and the at-risk filter. Prints p50/p95 and the queries per request.
Goal: p95 <= 150 ms with 20,000 pathways and 300,000 events at one unit, and a query count that
does not depend on the data.
"""

from __future__ import annotations

import argparse

from http_bench import ROOT, Case, credentials, manage, measure, report_journal_mode, server, setup

UNIT = "Smerteklinikken, Ahus"
USERNAME = "kliniker.ahus"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench_pathways.sqlite3'}"
    )
    parser.add_argument("--pathways", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    env = setup(args.database_url)

    from painpath.accounts.models import User
    from painpath.organisation.models import Clinic
    from painpath.pathways.management.commands.generate_pathways import SYSTEM as GENERATED
    from painpath.pathways.models import Pathway, PathwayEvent
    from painpath.referrals.models import Referral

    if not User.objects.filter(username=USERNAME).exists():
        manage(env, "demo")
    unit = Clinic.objects.get(name=UNIT)
    at_unit = Pathway.objects.filter(clinic=unit).count()
    generated = Referral.objects.filter(external_system=GENERATED).count()
    if at_unit < args.pathways:
        print(f"generating pathways ({at_unit} of {args.pathways} at the unit) …")
        manage(
            env, "generate_pathways", "--unit", UNIT,
            "--pathways", str(args.pathways - (at_unit - generated)),
            "--events", str(args.events),
        )  # fmt: skip
    print(
        f"at {UNIT}: {Pathway.objects.filter(clinic=unit).count()} pathways, "
        f"{PathwayEvent.objects.filter(pathway__clinic=unit).count()} events"
    )
    report_journal_mode()

    cookie, bearer = credentials(User.objects.get(username=USERNAME), unit.pk)
    deep = max(1, Pathway.objects.filter(clinic=unit).count() // 50 // 2)
    cases = [
        Case("pathway list /pathways/", "/pathways/"),
        Case("pathway list API", f"/api/pathways?unit_id={unit.pk}", api=True),
        Case(f"pathway list page {deep}", f"/pathways/?page={deep}", share=4),
        Case("pathway list at risk only", "/pathways/?at_risk=1", share=4),
    ]
    with server(env, workers=2) as base:
        measure(base, cases, cookie, bearer, args.requests)


if __name__ == "__main__":
    main()
