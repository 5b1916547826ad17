"""Take a full-page screenshot of a painpath page in Debian's headless Chromium (for reviewing UI).

.venv/bin/python scripts/screenshot.py URL OUT.png [--user USERNAME] [--password PW]
"""

from __future__ import annotations

import argparse
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--user")
    parser.add_argument("--password", default="demo-painpath")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    base = "{0.scheme}://{0.netloc}".format(urlsplit(args.url))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(locale="nb-NO", viewport={"width": args.width, "height": 900})
        if args.user:
            page.goto(f"{base}/accounts/login/")
            page.fill("#id_username", args.user)
            page.fill("#id_password", args.password)
            page.click("button[type=submit]")
            page.wait_for_load_state()
        page.goto(args.url)
        page.screenshot(path=args.out, full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
