"""Benchmark the intake worklist over HTTP (issue 4, "Speed").

    .venv/bin/python bench/worklist.py [--database-url URL] [--total 200000] [--open 5000]
                                       [--requests 200]

Generates the data if missing (``painpath generate-referrals``; the network and users from
``painpath demo``), starts a real server on a free local port, signs in as the demo intake member
of the unit, and times the worklist page and its API (>= 200 requests each, session cookie /
bearer token). Prints p50/p95 and the number of queries per request. Goal: p95 <= 150 ms with
200,000 referrals / 5,000 open at one unit, on SQLite and PostgreSQL, and a query count that does
not depend on the data.
"""

from __future__ import annotations

import argparse

from http_bench import ROOT, Case, credentials, manage, measure, report_journal_mode, server, setup

UNIT = "Smerteklinikken, Ahus"
USERNAME = "inntak.ahus"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench_worklist.sqlite3'}"
    )
    parser.add_argument("--total", type=int, default=200_000)
    parser.add_argument("--open", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    env = setup(args.database_url)

    from painpath.accounts.models import User
    from painpath.organisation.models import Clinic
    from painpath.referrals.models import Referral

    if not User.objects.filter(username=USERNAME).exists():
        manage(env, "demo")
    generated = Referral.objects.filter(external_system="urn:painpath:generated").count()
    if generated < args.total:
        print(f"generating referrals ({generated} of {args.total} there) …")
        manage(
            env, "generate_referrals", "--total", str(args.total),
            "--open-at-unit", UNIT, str(args.open),
        )  # fmt: skip
    print(f"referrals in the database: {Referral.objects.count()}")
    report_journal_mode()

    unit = Clinic.objects.get(name=UNIT)
    cookie, bearer = credentials(User.objects.get(username=USERNAME), unit.pk)
    cases = [
        Case("worklist page /intake/", "/intake/"),
        Case("worklist API", "/api/intake/worklist", api=True),
        Case("worklist page 20", "/intake/?page=20", share=4),
        Case("worklist overdue only", "/intake/?overdue=1", share=4),
    ]
    # One worker: the requests are sequential, and the client shares the machine's cores.
    with server(env, workers=1) as base:
        measure(base, cases, cookie, bearer, args.requests)


if __name__ == "__main__":
    main()
