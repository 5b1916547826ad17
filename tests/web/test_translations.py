"""Every catalog is complete in bokmål and compiled: what users read is never an English msgid by
accident, and a .po edit that was not compiled is caught here rather than on screen."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

CATALOGS = sorted(
    Path(__file__).resolve().parents[2].glob("painpath/**/locale/nb/LC_MESSAGES/django.po")
)


def test_every_app_with_screens_has_a_catalog() -> None:
    apps = {p.parts[-5] for p in CATALOGS}
    assert {"painpath", "referrals", "intake", "letters", "pathways", "interop"} <= apps


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: p.parts[-5])
def test_catalog_is_translated_and_compiled(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(po_path.with_suffix(".mo")))
    }
    stale = [
        e.msgid
        for e in po.translated_entries()
        if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr, e.msgstr_plural)
    ]
    assert stale == [], "compile the catalog: django-admin compilemessages"
