from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from painpath.organisation import services
from painpath.organisation.models import ProfessionChoices


def public_overview(request: HttpRequest) -> HttpResponse:
    """ "Smerteklinikker i Norge": open to anyone, no sign-in (issue 2, D11)."""
    return render(
        request, "organisation/public_overview.html", {"regions": services.public_overview()}
    )


@login_required
def my_unit(request: HttpRequest) -> HttpResponse:
    unit = request.user.active_unit(request)  # type: ignore[union-attr]
    if unit is None:
        raise Http404
    return redirect("organisation:unit_detail", pk=unit.pk)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader's view of a unit: staffing rule, competence overview, partners (D2, D9)."""
    if pk not in request.user.unit_ids():  # type: ignore[union-attr]
        raise Http404
    unit = services.unit_queryset().get(pk=pk)
    dashboard = services.unit_dashboard(unit, timezone.localdate())
    labels = dict(ProfessionChoices.choices)
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "d": dashboard,
            "missing_labels": [labels[p.value] for p in dashboard.staffing.missing],
            "required_labels": [labels[p.value] for p in dashboard.staffing.required],
        },
    )
