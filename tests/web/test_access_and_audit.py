"""The access rule and the audit log (issue 2): 404 outside your units, one audit record per read."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from painpath.accounts.models import ApiToken, Role
from painpath.audit.models import AuditEvent, AuditLogImmutable


@pytest.fixture
def setup(network, make_user, make_patient):
    a, b = network["a"], network["b"]
    return {
        "user_a": make_user("kliniker.a", Role.CLINICIAN, [a]),
        "user_b": make_user("kliniker.b", Role.CLINICIAN, [b]),
        "referrer": make_user("fastlege", Role.REFERRER),
        "patient_a": make_patient(a, "Nora", "Testesen"),
        "patient_b": make_patient(b, "Emil", "Prøvesen"),
    }


def test_patient_page_of_own_unit_is_shown(client: Client, setup) -> None:
    client.force_login(setup["user_a"])
    response = client.get(f"/patients/{setup['patient_a'].pk}/")
    assert response.status_code == 200
    assert "Nora Testesen" in response.content.decode()


def test_patient_of_another_unit_answers_404_in_the_ui(client: Client, setup) -> None:
    client.force_login(setup["user_a"])
    assert client.get(f"/patients/{setup['patient_b'].pk}/").status_code == 404
    assert client.get("/patients/999999/").status_code == 404


def test_patient_of_another_unit_answers_404_in_the_api(client: Client, setup) -> None:
    _, token = ApiToken.issue(setup["user_a"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get(f"/api/patients/{setup['patient_a'].pk}", **auth).status_code == 200
    response = client.get(f"/api/patients/{setup['patient_b'].pk}", **auth)
    assert response.status_code == 404
    assert response.json() == {"detail": "Fant ikke."}


def test_list_shows_only_own_units_patients(client: Client, setup) -> None:
    client.force_login(setup["user_a"])
    body = client.get("/patients/").content.decode()
    assert "Nora Testesen" in body
    assert "Emil Prøvesen" not in body


def test_a_referrer_sees_no_patients_of_units(client: Client, setup) -> None:
    client.force_login(setup["referrer"])
    assert client.get(f"/patients/{setup['patient_a'].pk}/").status_code == 404


def test_each_patient_page_view_writes_exactly_one_audit_record(client: Client, setup) -> None:
    client.force_login(setup["user_a"])
    patient = setup["patient_a"]
    before = AuditEvent.objects.count()
    client.get(f"/patients/{patient.pk}/")
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert len(events) == 1
    event = events[0]
    assert (event.username, event.role, event.action) == ("kliniker.a", "clinician", "read")
    assert event.patient_id == patient.pk
    assert event.unit_id == setup["user_a"].units.get().pk
    assert event.object_type == "patients.Patient"
    assert event.request_id
    client.get(f"/patients/{patient.pk}/")
    assert AuditEvent.objects.count() == before + 2


def test_a_refused_view_reads_nothing_and_logs_no_patient_read(client: Client, setup) -> None:
    client.force_login(setup["user_a"])
    client.get(f"/patients/{setup['patient_b'].pk}/")
    assert not AuditEvent.objects.filter(patient_id=setup["patient_b"].pk, action="read").exists()


def test_request_id_from_the_caller_is_kept(client: Client, setup) -> None:
    client.force_login(setup["user_a"])
    response = client.get(f"/patients/{setup['patient_a'].pk}/", HTTP_X_REQUEST_ID="trace-12345678")
    assert response["X-Request-ID"] == "trace-12345678"
    assert AuditEvent.objects.filter(request_id="trace-12345678", action="read").count() == 1


def test_api_read_is_audited_with_the_token_user(client: Client, setup) -> None:
    _, token = ApiToken.issue(setup["user_a"])
    client.get(f"/api/patients/{setup['patient_a'].pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    event = AuditEvent.objects.get(action="read", patient_id=setup["patient_a"].pk)
    assert event.username == "kliniker.a"


def test_writes_of_patient_data_are_audited(setup) -> None:
    patient = setup["patient_a"]
    assert AuditEvent.objects.filter(patient_id=patient.pk, action="create").count() == 1
    patient.phone = "99999999"
    patient.save()
    assert AuditEvent.objects.filter(patient_id=patient.pk, action="update").count() == 1


def test_audit_records_cannot_be_changed_or_deleted_through_the_app(setup) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.username = "someone else"
    with pytest.raises(AuditLogImmutable):
        event.save()
    with pytest.raises(AuditLogImmutable):
        event.delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
def test_postgresql_table_refuses_update_and_delete(setup) -> None:
    for sql in ("UPDATE audit_auditevent SET username = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.exclude(username="x").count() == AuditEvent.objects.count()


def test_admin_searches_the_audit_log_by_patient_and_by_user(
    client: Client, setup, make_user
) -> None:
    admin = make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(setup["user_a"])
    client.get(f"/patients/{setup['patient_a'].pk}/")
    client.force_login(admin)
    by_patient = client.get("/admin/audit/auditevent/", {"q": setup["patient_a"].national_id})
    assert by_patient.status_code == 200
    assert (
        by_patient.context["cl"].result_count
        == AuditEvent.objects.filter(patient_id=setup["patient_a"].pk).count()
    )
    by_user = client.get("/admin/audit/auditevent/", {"q": "kliniker.a"})
    assert (
        by_user.context["cl"].result_count
        == AuditEvent.objects.filter(username="kliniker.a").count()
    )
    assert (
        client.get(f"/admin/audit/auditevent/{AuditEvent.objects.first().pk}/delete/").status_code
        == 403
    )
