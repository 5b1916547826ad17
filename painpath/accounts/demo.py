"""Demo users for every role (issue 2), attached to demo units."""

from __future__ import annotations

from painpath.accounts.models import Role, User
from painpath.demo.registry import DEMO_PASSWORD, DemoContext
from painpath.organisation.models import Clinic, StaffMember

ORDER = 20

AHUS = "Smerteklinikken, Ahus"
OUS = "Regionalt senter for smertebehandling, OUS"
FORDE = "Smerteklinikken, Helse Førde"

# username, first, last, role, profession, units
USERS = [
    ("leder.ahus", "Kari", "Nordmann", Role.LEADER, "doctor", [AHUS]),
    ("inntak.ahus", "Lars", "Strand", Role.INTAKE, "doctor", [AHUS]),
    ("psykolog.ahus", "Ingrid", "Lien", Role.INTAKE, "psychologist", [AHUS]),
    ("kliniker.ahus", "Marte", "Haugen", Role.CLINICIAN, "physiotherapist", [AHUS]),
    ("leder.forde", "Per", "Moen", Role.LEADER, "doctor", [FORDE]),
    ("inntak.ous", "Silje", "Dahl", Role.INTAKE, "nurse", [OUS]),
    ("kliniker.ous", "Jonas", "Berg", Role.CLINICIAN, "doctor", [OUS, AHUS]),
    ("fastlege", "Hilde", "Solberg", Role.REFERRER, "doctor", []),
    ("analytiker", "Anders", "Eide", Role.ANALYST, "", []),
    ("admin", "Ragnhild", "Vik", Role.ADMIN, "", []),
]


def load(ctx: DemoContext) -> None:
    units = {u.name: u for u in Clinic.objects.filter(name__in={AHUS, OUS, FORDE})}
    for username, first, last, role, profession, unit_names in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "profession": profession,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.role = role
        user.profession = profession
        user.is_staff = user.is_superuser = role == Role.ADMIN
        if role == Role.REFERRER:
            user.hpr_number = "9144889"
            user.organisation = "Storgata legesenter"
        user.save()
        user.units.set([units[n] for n in unit_names])
        if unit_names and role != Role.REFERRER:
            StaffMember.objects.update_or_create(
                clinic=units[unit_names[0]],
                name=f"{first} {last}",
                defaults={
                    "user": user,
                    "profession": profession or "other",
                    "fixed_attachment": True,
                    "competence_plan": "Kurs i smertemedisin.",
                    "last_appraisal_on": ctx.today,
                },
            )
        ctx.sign_ins.append((username, str(role.label), ", ".join(unit_names) or "–"))
