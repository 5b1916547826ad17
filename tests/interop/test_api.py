"""POST /api/fhir and GET /api/fhir/ServiceRequest/{id} (issue 3): status codes, OperationOutcome,
content types, access (404 outside your units), audit of exports, and the import → export →
import round trip."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from painpath.audit.models import AuditEvent
from painpath.intake.models import Decision
from painpath.interop import fhir
from painpath.interop.mapping import map_bundle
from painpath.interop.reading import read_bundle
from painpath.interop.samples import to_json
from painpath.referrals.models import Referral, ReferralStatus
from painpath.referrals.services import (
    AttachmentIn,
    receive_referral,
    resolve_patient,
    resolve_referrer,
)
from tests.conftest import synthetic
from tests.interop.conftest import diagnostics, read

pytestmark = pytest.mark.django_db

JSON = "application/fhir+json"
XML = "application/fhir+xml"


def post(client, body: bytes, content_type: str = JSON):
    return client.post("/api/fhir", data=body, content_type=content_type)


def test_import_json_answers_201_with_the_referral_id(api, units) -> None:
    response = post(api("intake_a"), read("referral-unit-a.json"))
    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/fhir+json")
    referral = Referral.objects.get()
    assert response["Location"] == f"/api/fhir/ServiceRequest/{referral.pk}"
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    [issue] = body["issue"]
    assert (issue["severity"], issue["code"]) == ("information", "informational")
    assert issue["details"]["coding"] == [{"system": fhir.NS_REFERRAL, "code": str(referral.pk)}]
    assert issue["diagnostics"].startswith("Henvisningen er mottatt av Smerteklinikken A")


def test_import_xml_and_then_the_duplicate_answers_200(api, units) -> None:
    client = api("integration")
    assert post(client, read("referral-unit-a-document.xml"), XML).status_code == 201
    again = post(client, read("referral-unit-a-document.xml"), XML)
    assert again.status_code == 200
    [issue] = again.json()["issue"]
    assert (issue["severity"], issue["code"]) == ("information", "duplicate")
    assert issue["diagnostics"].startswith(
        "Duplikat: denne henvisningen (identifikator H-2026-0002)"
    )
    assert Referral.objects.count() == 1


def test_refused_bundle_answers_422_with_every_problem_in_norwegian(api, units) -> None:
    response = post(api("integration"), read("refused-many-problems.json"))
    assert response.status_code == 422
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    found = diagnostics(body)
    assert len(found) == 4
    assert all(i["severity"] == "error" and i["expression"] for i in body["issue"])
    assert any("maskert" in d for d in found) and any("finnes ikke i painpath" in d for d in found)
    assert not Referral.objects.exists()


def test_unreadable_documents_answer_400(api, units) -> None:
    client = api("integration")
    response = post(client, b'{"resourceType": "Bundle", "entry": [', JSON)
    assert response.status_code == 400
    assert diagnostics(response.json())[0].startswith("Dokumentet er ikke gyldig JSON")
    assert post(client, b"<Bundle", XML).status_code == 400
    assert post(client, b"", JSON).status_code == 400
    refused = client.post("/api/fhir", data={"a": "b"})  # a form, not FHIR
    assert refused.status_code == 415


def test_staff_import_only_to_their_own_units_and_analysts_not_at_all(api, units) -> None:
    response = post(api("intake_b"), read("referral-unit-a.json"))
    assert response.status_code == 403
    assert diagnostics(response.json()) == [
        "Du kan bare importere henvisninger til egne enheter (ikke til Smerteklinikken A)."
    ]
    assert post(api("analyst"), read("referral-unit-a.json")).status_code == 403
    assert not Referral.objects.exists()


def test_a_referrer_imports_in_their_own_name_and_sees_the_referral(api, units, users) -> None:
    assert post(api("referrer"), read("referral-unit-a.json")).status_code == 201
    referral = Referral.objects.get()
    assert referral.referrer.user == users["referrer"]
    assert api("referrer").get(f"/api/fhir/ServiceRequest/{referral.pk}").status_code == 200


def test_sign_in_is_required(client, units) -> None:
    assert post(client, read("referral-unit-a.json")).status_code == 401


def _import(api) -> Referral:
    response = post(api("integration"), read("referral-unit-a-document.xml"), XML)
    assert response.status_code == 201, response.json()
    return Referral.objects.get()


def test_export_is_access_checked_and_audited(api, units, users) -> None:
    referral = _import(api)
    before = AuditEvent.objects.count()
    response = api("intake_a").get(f"/api/fhir/ServiceRequest/{referral.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    [event] = AuditEvent.objects.order_by("id")[before:]
    assert (event.action, event.username, event.patient_id) == (
        "export",
        "inntak.a",
        referral.patient_id,
    )
    assert event.object_type == "referrals.Referral" and event.object_id == str(referral.pk)
    assert event.detail == {"format": "fhir+json", "resource": "ServiceRequest"}

    other = api("intake_b").get(f"/api/fhir/ServiceRequest/{referral.pk}")
    missing = api("intake_b").get("/api/fhir/ServiceRequest/999999")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    assert diagnostics(other.json()) == ["Fant ikke."]
    assert AuditEvent.objects.count() == before + 1  # the refused export wrote nothing


def _stored(referral: Referral) -> dict:
    referral.refresh_from_db()
    patient, referrer = referral.patient, referral.referrer
    return {
        "national_id": patient.national_id,
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "phone": patient.phone,
        "gp_hpr_number": patient.gp_hpr_number,
        "gp_name": referral.gp_name,
        "clinic": referral.clinic_id,
        "received_on": referral.received_on,
        "serious": referral.serious_illness_suspected,
        "item_texts": referral.item_texts,
        "free_text": referral.free_text,
        "diagnosis_codes": referral.diagnosis_codes,
        "referrer": (
            referrer.name,
            referrer.role,
            referrer.hpr_number,
            referrer.organisation,
            referrer.her_id,
        ),
        "attachments": sorted(
            (a.name, a.content_type, a.file.open("rb").read()) for a in referral.attachments.all()
        ),
    }


def _mapped(bundle: dict, units) -> dict:
    data, problems = map_bundle(read_bundle(to_json(bundle)))
    assert data is not None and not problems.has_errors, problems.issues
    unit_ids = dict(data.units[0].identifiers)
    clinic = next(u for u in units.values() if u.resh_id == unit_ids.get(fhir.RESH))
    return {
        "national_id": data.patient.national_id,
        "given_name": data.patient.given_name,
        "family_name": data.patient.family_name,
        "phone": data.patient.phone,
        "gp_hpr_number": data.patient.gp_hpr_number,
        "gp_name": data.patient.gp_name,
        "clinic": clinic.pk,
        "received_on": data.received_on,
        "serious": data.serious_illness_suspected,
        "item_texts": data.item_texts,
        "free_text": data.free_text,
        "diagnosis_codes": data.diagnosis_codes,
        "referrer": (
            data.referrer.name,
            data.referrer.role,
            data.referrer.hpr_number,
            data.referrer.organisation,
            data.referrer.her_id,
        ),
        "attachments": sorted((a.name, a.content_type, a.data) for a in data.attachments),
    }


def test_import_export_import_round_trip(api, units) -> None:
    referral = _import(api)
    client = api("intake_a")
    exported = client.get(f"/api/fhir/ServiceRequest/{referral.pk}").json()
    assert exported["resourceType"] == "Bundle" and exported["type"] == "transaction"
    Bundle.model_validate(exported)  # valid R4
    types = [e["resource"]["resourceType"] for e in exported["entry"]]
    assert set(types) >= {"Patient", "Practitioner", "PractitionerRole", "Organization"}
    assert {"ServiceRequest", "DocumentReference", "Task"} <= set(types)
    # The exported data equals the stored data ...
    assert _mapped(exported, units) == _stored(referral)
    # ... and the second import is recognised as the same referral.
    again = post(client, json.dumps(exported).encode())
    assert again.status_code == 200
    assert again.json()["issue"][0]["code"] == "duplicate"
    assert again["Location"] == f"/api/fhir/ServiceRequest/{referral.pk}"
    assert Referral.objects.count() == 1


def test_exported_bundle_imported_as_a_new_referral_gives_the_same_values(api, units) -> None:
    referral = _import(api)
    exported = api("intake_a").get(f"/api/fhir/ServiceRequest/{referral.pk}").json()
    request = next(
        e for e in exported["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    )
    request["resource"]["identifier"][0]["value"] = "H-2026-0002-kopi"
    response = post(api("integration"), json.dumps(exported).encode())
    assert response.status_code == 201, response.json()
    copy = Referral.objects.exclude(pk=referral.pk).get()
    assert _stored(copy) == _stored(referral)
    assert copy.patient_id == referral.patient_id


def test_web_form_referral_round_trips_with_its_items_and_attachment(api, units) -> None:
    patient = resolve_patient(
        national_id=synthetic(date(1962, 8, 14), 40), given_name="Liv", family_name="Skjema"
    )
    referrer = resolve_referrer(name="Erik Lunde", role="gp", hpr_number="9100038")
    referral = receive_referral(
        patient=patient,
        clinic=units["b"],
        referrer=referrer,
        channel="web",
        received_on=timezone.localdate() - timedelta(days=3),
        item_texts={
            "pain_description": "Brennende smerter i føttene i to år.",
            "motivation": "Motivert.",
        },
        attachments=[AttachmentIn("bilde.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)],
    )
    exported = api("intake_b").get(f"/api/fhir/ServiceRequest/{referral.pk}").json()
    assert _mapped(exported, units) == _stored(referral)
    again = post(api("intake_b"), json.dumps(exported).encode())
    assert again.status_code == 200, again.json()
    assert Referral.objects.count() == 1


def test_export_as_xml_reads_back(api, units) -> None:
    referral = _import(api)
    response = api("intake_a").get(f"/api/fhir/ServiceRequest/{referral.pk}?_format=xml")
    assert response["Content-Type"].startswith("application/fhir+xml")
    again = post(api("integration"), response.content, XML)
    assert again.status_code == 200 and again.json()["issue"][0]["code"] == "duplicate"


def test_task_shows_the_handling_status(api, units, users) -> None:
    referral = _import(api)
    client = api("intake_a")
    task = client.get(f"/api/fhir/Task/{referral.pk}").json()
    assert task["resourceType"] == "Task"
    assert (task["status"], task["businessStatus"]["coding"][0]["code"]) == ("received", "received")
    assert task["focus"] == {"reference": f"ServiceRequest/{referral.pk}"}
    Decision.objects.create(
        referral=referral,
        outcome="no_right",
        decided_by=users["intake_a"],
        decided_on=timezone.localdate(),
        justification="Ikke indikasjon for tverrfaglig utredning nå.",
    )
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.DECIDED)
    task = client.get(f"/api/fhir/Task/{referral.pk}").json()
    assert task["status"] == "rejected"
    assert task["businessStatus"]["text"] == "ikke rett til nødvendig helsehjelp"
    reads = AuditEvent.objects.filter(action="read", object_type="referrals.Referral")
    assert list(reads.values_list("username", "detail")) == [
        ("inntak.a", {"format": "fhir", "resource": "Task"}),
        ("inntak.a", {"format": "fhir", "resource": "Task"}),
    ]
    assert api("intake_b").get(f"/api/fhir/Task/{referral.pk}").status_code == 404
    assert reads.count() == 2  # the refused read wrote nothing


def test_a_bundle_larger_than_djangos_form_limit_is_accepted(api, units) -> None:
    from painpath.interop.samples import SampleReferral, build_bundle

    pdf = b"%PDF-1.4\n" + b"0" * (4 * 1024 * 1024)
    bundle = build_bundle(
        SampleReferral(
            identifier="H-BIG",
            birth_date=date(1972, 5, 5),
            given_name="Stor",
            family_name="Fil",
            unit_identifiers=[(fhir.RESH, units["a"].resh_id)],
            attachments=[("epikrise.pdf", "application/pdf", pdf)],
        )
    )
    response = post(api("intake_a"), to_json(bundle))
    assert response.status_code == 201, response.content[:500]
    assert Referral.objects.get().attachments.get().size == len(pdf)
