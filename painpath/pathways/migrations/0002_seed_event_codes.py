"""Seed the pathway event codes (D6). The values are configuration: an administrator edits them
to match the health region's code scheme; the meanings are what the pathway rules need."""

from django.db import migrations

# code, label, meaning, outcome
CODES = [
    ("SM-A", "Start pasientforløp", "start", ""),
    ("SM-U", "Start tverrfaglig utredning", "assessment_start", ""),
    ("SM-O", "Oppsummerende samhandlingskonsultasjon gjennomført", "summary_meeting", ""),
    ("SM-F", "Oppfølgende samhandlingskonsultasjon gjennomført", "followup_meeting", ""),
    (
        "SM-X1",
        "Forløp avsluttet: oppfølgende samhandlingskonsultasjon gjennomført",
        "closed",
        "followup_completed",
    ),
    (
        "SM-X2",
        "Forløp avsluttet: overført til annet helseforetak eller privat tilbyder",
        "closed",
        "transferred",
    ),
    ("SM-X3", "Forløp avsluttet: annen årsak", "closed", "other"),
]


def seed(apps, schema_editor):
    code_model = apps.get_model("pathways", "PathwayEventCode")
    for order, (code, label, meaning, outcome) in enumerate(CODES):
        if code_model.objects.filter(meaning=meaning, outcome=outcome, active=True).exists():
            continue
        code_model.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "meaning": meaning,
                "outcome": outcome,
                "active": True,
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("pathways", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
