"""Read models for the network register: the public overview and a unit's leader page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from painpath.organisation.models import (
    Clinic,
    CollaborationAgreement,
    CollaborationPartner,
    HealthRegion,
    StaffMember,
)
from painpath.rules.competence import CompetenceFollowup
from painpath.rules.staffing import StaffingAssessment


@dataclass
class RegionOverview:
    region: HealthRegion
    centres: list[Clinic] = field(default_factory=list)
    clinics: list[Clinic] = field(default_factory=list)


def public_overview() -> list[RegionOverview]:
    """Every active unit grouped by health region, centres first (D2, D11). No patient data."""
    regions = {r.pk: RegionOverview(r) for r in HealthRegion.objects.all()}
    units = Clinic.objects.filter(active=True).select_related("trust__region").order_by("name")
    for unit in units:
        overview = regions[unit.trust.region_id]
        (overview.centres if unit.kind == "centre" else overview.clinics).append(unit)
    return [o for o in regions.values() if o.centres or o.clinics]


@dataclass
class StaffRow:
    member: StaffMember
    followup: CompetenceFollowup


@dataclass
class UnitDashboard:
    unit: Clinic
    staffing: StaffingAssessment
    staff_by_profession: dict[str, list[StaffRow]]
    followups_needing_attention: int
    partners: list[CollaborationPartner]


def unit_queryset() -> QuerySet[Clinic]:
    return Clinic.objects.select_related("trust__region").prefetch_related(
        "staff",
        Prefetch(
            "partners",
            queryset=CollaborationPartner.objects.prefetch_related(
                Prefetch("agreements", queryset=CollaborationAgreement.objects.order_by("title"))
            ),
        ),
    )


def unit_dashboard(unit: Clinic, today: date) -> UnitDashboard:
    by_profession: dict[str, list[StaffRow]] = defaultdict(list)
    attention = 0
    for member in unit.staff.all():
        row = StaffRow(member, member.competence_followup(today))
        attention += row.followup.needs_attention
        by_profession[member.get_profession_display()].append(row)
    return UnitDashboard(
        unit=unit,
        staffing=unit.staffing(),
        staff_by_profession=dict(sorted(by_profession.items())),
        followups_needing_attention=attention,
        partners=list(unit.partners.all()),
    )
