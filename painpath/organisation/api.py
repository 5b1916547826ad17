from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from painpath.core.api_auth import api_user
from painpath.organisation import services
from painpath.organisation.models import Clinic

router = Router(tags=["units"])


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    trust: str
    region: str
    offer: str
    phone: str
    email: str
    waiting_time_weeks: int | None


class StaffingOut(Schema):
    unit_id: int
    compliant: bool
    required: list[str]
    missing: list[str]


def _unit_out(unit: Clinic) -> UnitOut:
    return UnitOut(
        id=unit.pk,
        name=unit.name,
        kind=unit.kind,
        trust=unit.trust.name,
        region=unit.trust.region.name,
        offer=unit.offer,
        phone=unit.phone,
        email=unit.email,
        waiting_time_weeks=unit.waiting_time_weeks,
    )


@router.get("", response=list[UnitOut], auth=None, summary="Public list of units (no patient data)")
def list_units(request: HttpRequest) -> list[UnitOut]:
    return [_unit_out(u) for o in services.public_overview() for u in o.centres + o.clinics]


@router.get(
    "/{unit_id}/staffing", response=StaffingOut, summary="Staffing rule for one of your units"
)
def unit_staffing(request: HttpRequest, unit_id: int) -> StaffingOut:
    if unit_id not in api_user(request).unit_ids():
        raise Http404
    unit = services.unit_queryset().get(pk=unit_id)
    staffing = unit.staffing()
    return StaffingOut(
        unit_id=unit.pk,
        compliant=staffing.compliant,
        required=[p.value for p in staffing.required],
        missing=[p.value for p in staffing.missing],
    )
