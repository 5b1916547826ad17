"""Seed the priority guideline rows (DOMAIN.md D4) from painpath.rules.priority.

The rows are kept as they were when this migration was written, so a later change to the rules
module does not rewrite history; an administrator reviews and edits them in the admin, which
saves new versions.
"""

from django.db import migrations

ROWS = [
    (
        "subacute_chronification_risk",
        "Subakutte smerter (inntil 6 måneder) med fare for kronifisering, f.eks. CRPS i progresjon",
        True,
        2,
    ),
    (
        "chronic_complex_substance_psychiatric",
        "Kroniske komplekse smertetilstander med rusmisbruk og/eller psykiatrisk sykdom",
        True,
        16,
    ),
    (
        "chronic_complex_known_cause",
        "Kroniske komplekse smertetilstander med kjent utløsende årsak, f.eks. postherpetisk nevralgi",
        True,
        16,
    ),
    (
        "long_lasting_manageable_elsewhere",
        "Langvarige smertetilstander som kan eller bør håndteres andre steder i helsetjenesten",
        False,
        None,
    ),
]

FACTORS = "Tidligere smertehistorie; Alder under 23 år; Omsorg for barn; Redusert livskvalitet"


def seed(apps, schema_editor):
    PriorityRule = apps.get_model("intake", "PriorityRule")
    for code, group, right, weeks in ROWS:
        if PriorityRule.objects.filter(code=code).exists():
            continue
        PriorityRule.objects.create(
            code=code,
            version=1,
            condition_group=group,
            right_granted=right,
            max_weeks=weeks,
            factors=FACTORS,
            active=True,
        )


def unseed(apps, schema_editor):
    PriorityRule = apps.get_model("intake", "PriorityRule")
    PriorityRule.objects.filter(
        code__in=[r[0] for r in ROWS], version=1, decisions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_forwarding_rounds_deadline_tracking")]

    operations = [migrations.RunPython(seed, unseed)]
