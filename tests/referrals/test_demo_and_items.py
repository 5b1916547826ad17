"""Demo referrals (every channel, varied completeness and deadlines, idempotent); item wording and
evidence marking."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from painpath.referrals import items
from painpath.referrals.demo import SYSTEM
from painpath.referrals.models import Channel, Referral
from painpath.referrals.templatetags.referrals_tags import highlight
from painpath.rules import completeness


def test_the_fourteen_items_match_the_completeness_rules() -> None:
    assert tuple(item.code for item in items.ITEMS) == tuple(completeness.ITEM_CODES)


def test_highlight_escapes_everything_and_marks_evidence() -> None:
    text = "<b>Hei</b> Brennende smerter\ni nakken. <script>x</script>"
    html = highlight(text, [("pain_description", "Brennende smerter i nakken.")])
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<mark class="evidence-mark" data-items="pain_description"' in html
    assert ">Brennende smerter\ni nakken.</mark>" in html


def test_flag_reasons_read_as_sentences() -> None:
    assert items.flag_reason_text("age_under_18") == "Under 18 år ved henvisning."
    assert items.flag_reason_text("text_cue: sykmeldt") == "Henvisningen sier «sykmeldt»."


@pytest.mark.django_db
def test_the_demo_shows_every_channel_and_varied_deadlines() -> None:
    call_command("demo", stdout=StringIO())
    demo = Referral.objects.filter(external_system=SYSTEM)
    count = demo.count()
    assert count >= 12
    assert set(demo.values_list("channel", flat=True)) == set(Channel.values)
    assert {r.clinic.name for r in demo} == {
        "Smerteklinikken, Ahus",
        "Regionalt senter for smertebehandling, OUS",
        "Smerteklinikken, Helse Førde",
    }
    today = timezone.localdate()
    assert demo.filter(assessment_due_on__lt=today).exists()
    assert demo.filter(assessment_due_on__gte=today).exists()
    assert demo.filter(serious_illness_suspected=True).exists()
    assert demo.filter(missing_count=0).exists() and demo.filter(missing_count__gte=8).exists()
    codes = set(demo.values_list("flags__code", flat=True))
    assert {"out_of_scope", "young_adult", "older"} <= codes
    assert demo.filter(referrer__user__username="fastlege").count() >= 4
    call_command("demo", stdout=StringIO())
    assert Referral.objects.filter(external_system=SYSTEM).count() == count
