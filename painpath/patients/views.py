from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from painpath.audit.services import record_list_read
from painpath.patients import services
from painpath.patients.access import get_patient_or_404, visible_patients
from painpath.patients.forms import PatientForm
from painpath.patients.models import Patient
from painpath.patients.sections import render_context

PAGE_SIZE = 50


@login_required
def patient_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    patients = visible_patients(request.user).select_related("registered_by")  # type: ignore[arg-type]
    if query:
        patients = patients.filter(
            Q(family_name__icontains=query) | Q(given_name__icontains=query) | Q(national_id=query)
        )
    shown = list(patients[:PAGE_SIZE])
    record_list_read(Patient, [p.pk for p in shown], query=bool(query))
    return render(request, "patients/patient_list.html", {"patients": shown, "q": query})


@login_required
def patient_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_patient_or_404(request.user, pk)  # type: ignore[arg-type]
    sections = render_context(request, patient)
    return render(
        request, "patients/patient_detail.html", {"patient": patient, "sections": sections}
    )


@login_required
def patient_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    unit = services.registering_unit(user, user.active_unit(request))  # type: ignore[arg-type,union-attr]
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        patient = services.save_new_patient(form, unit)
        messages.success(request, _("The patient was registered."))
        return redirect("patients:detail", pk=patient.pk)
    return render(request, "patients/patient_form.html", {"form": form})
