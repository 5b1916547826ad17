from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from painpath.accounts.models import ACTIVE_UNIT_SESSION_KEY


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts where its work is."""
    return render(request, "core/home.html")


@login_required
@require_POST
def switch_unit(request: HttpRequest) -> HttpResponse:
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError:
        unit_id = 0
    if unit_id in request.user.unit_ids():  # type: ignore[union-attr]
        request.session[ACTIVE_UNIT_SESSION_KEY] = unit_id
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "core:home"
    return redirect(target)
