"""Importing referral Bundles (issue 3): JSON and XML, real HL7 Norway resources, all-or-nothing,
duplicates, every problem at once, and the referral landing in the receiving unit's list."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from painpath.interop import fhir
from painpath.interop.reading import parse_xml
from painpath.interop.samples import SampleReferral, build_bundle, to_json
from painpath.interop.services import CREATED, DUPLICATE, REFUSED, import_bundle
from painpath.patients.models import Patient
from painpath.referrals.models import Referral, ReferralAttachment, Referrer
from painpath.referrals.services import visible_referrals
from tests.data.fhir.generate import UNIT_A_RESH
from tests.interop.conftest import EXAMPLES, TRUST_A_ORG_NUMBER, load, read

pytestmark = pytest.mark.django_db


def errors(result) -> list[str]:
    return [i.diagnostics for i in result.issues if i.is_error]


def test_json_bundle_lands_in_the_receiving_units_referrals(units, users) -> None:
    result = import_bundle(read("referral-unit-a.json"), filename="referral-unit-a.json")
    assert result.outcome == CREATED, errors(result)
    referral = result.referral
    assert referral.clinic == units["a"] and referral.received_by == units["a"]
    assert referral.channel == "fhir"
    assert (referral.external_system, referral.external_id) == (
        "urn:oid:2.16.578.1.12.4.1.2.999001",
        "H-2026-0001",
    )
    # D3: received_on is the day the specialist service received it, not authoredOn (2.11.2026).
    assert referral.received_on == timezone.localdate()
    assert not referral.serious_illness_suspected
    assert referral.diagnosis_codes == "L03"
    assert referral.free_text.startswith("Henvisning til tverrfaglig smerteklinikk.")
    assert referral.completeness["missing"] == ["trauma"]
    assert (referral.patient.given_name, referral.patient.family_name) == ("Kari", "Testesen")
    assert referral.patient.birth_date == date(1975, 4, 12)
    assert referral.patient.phone == "+4791234567"
    assert referral.gp_name == "Hilde Solberg"
    referrer = referral.referrer
    assert (referrer.name, referrer.role, referrer.hpr_number) == ("Hilde Solberg", "gp", "9144889")
    assert (referrer.organisation, referrer.her_id) == ("Storgata legesenter", "9990101")
    assert list(visible_referrals(users["intake_a"])) == [referral]
    assert not visible_referrals(users["intake_b"]).exists()
    [information] = result.issues
    assert information.severity == "information"
    assert information.diagnostics.startswith(
        f"Henvisningen er mottatt av Smerteklinikken A som henvisning {referral.pk}"
    )


def test_the_referral_shows_in_the_units_incoming_list(client: Client, units, users) -> None:
    import_bundle(read("referral-unit-a.json"))
    client.force_login(users["intake_a"])
    assert "Testesen" in client.get("/referrals/incoming/").content.decode()
    client.force_login(users["intake_b"])
    assert "Testesen" not in client.get("/referrals/incoming/").content.decode()


def test_xml_bundle_with_text_document_attachment_and_urgent_priority(units) -> None:
    result = import_bundle(read("referral-unit-a-document.xml"))
    assert result.outcome == CREATED, errors(result)
    referral = result.referral
    assert referral.clinic == units["a"]  # by HER-id
    assert referral.serious_illness_suspected  # priority urgent
    assert referral.free_text.startswith("Henvisning til tverrfaglig smerteklinikk.")
    assert referral.diagnosis_codes == "M54.5, L03"
    [attachment] = referral.attachments.all()
    assert (attachment.name, attachment.content_type) == ("MR-beskrivelse.pdf", "application/pdf")
    assert attachment.file.read().startswith(b"%PDF-")


def test_importing_the_same_service_request_twice_is_a_duplicate(units) -> None:
    first = import_bundle(read("referral-unit-a.json"))
    counts = (Referral.objects.count(), Patient.objects.count(), Referrer.objects.count())
    second = import_bundle(read("referral-unit-a.json"))
    assert second.outcome == DUPLICATE
    assert second.referral == first.referral
    assert counts == (Referral.objects.count(), Patient.objects.count(), Referrer.objects.count())
    [issue] = second.issues
    assert (issue.severity, issue.code) == ("information", "duplicate")
    assert "Duplikat" in issue.diagnostics and "Ingenting nytt ble lagret" in issue.diagnostics


def test_every_problem_is_reported_at_once_and_nothing_is_stored(units) -> None:
    result = import_bundle(read("refused-many-problems.json"))
    assert result.outcome == REFUSED
    assert result.http_status == 422
    found = errors(result)
    assert any("«210377xxxxx» er maskert" in d for d in found), found
    assert any("ServiceRequest.requester mangler" in d for d in found), found
    assert any("«high» er ikke routine, urgent, asap eller stat" in d for d in found), found
    assert any("Mottakende enhet (RESH-id 1234567) finnes ikke i painpath" in d for d in found)
    assert len(found) == 4
    assert not Referral.objects.exists() and not Patient.objects.exists()
    assert not Referrer.objects.exists()


def test_one_bad_resource_stores_nothing(units) -> None:
    result = import_bundle(read("refused-one-bad-resource.json"))
    assert result.outcome == REFUSED
    assert result.http_status == 400
    assert errors(result) == [
        "Organization er ikke gyldig FHIR R4: id har ugyldig format: «Storgata legesenter»."
    ]
    assert [i.expression for i in result.issues] == ["Bundle.entry[2].resource.id"]
    assert not Referral.objects.exists() and not Patient.objects.exists()
    assert not Referrer.objects.exists()


def test_a_failure_while_storing_rolls_back_patient_and_referrer(units) -> None:
    # Everything reads well, but the attachment is no PDF/PNG/JPEG: refused, nothing stored.
    bundle = build_bundle(
        SampleReferral(
            identifier="H-ROLLBACK",
            birth_date=date(1970, 1, 1),
            given_name="Rolf",
            family_name="Tilbake",
            unit_identifiers=[(fhir.RESH, UNIT_A_RESH)],
            attachments=[("program.exe", "application/pdf", b"MZ\x90\x00")],
        )
    )
    result = import_bundle(to_json(bundle))
    assert result.outcome == REFUSED
    assert any("ikke en PDF-, PNG- eller JPEG-fil" in d for d in errors(result)), errors(result)
    assert not Patient.objects.exists() and not Referrer.objects.exists()
    assert not ReferralAttachment.objects.exists()


def _real_example_bundle(patient_file: str, unit_resh: str) -> bytes:
    """HL7 Norway's Patient, Practitioner and Organization examples, unchanged, in a transaction
    Bundle with a ServiceRequest and a PractitionerRole."""
    ns = "{http://hl7.org/fhir}"
    bundle = etree.Element(f"{ns}Bundle", nsmap={None: "http://hl7.org/fhir"})
    etree.SubElement(bundle, f"{ns}type").set("value", "transaction")

    def add(full_url: str, element) -> None:
        entry = etree.SubElement(bundle, f"{ns}entry")
        etree.SubElement(entry, f"{ns}fullUrl").set("value", full_url)
        etree.SubElement(entry, f"{ns}resource").append(element)

    for url, name in (
        ("urn:uuid:00000000-0000-4000-8000-000000000001", patient_file),
        ("urn:uuid:00000000-0000-4000-8000-000000000002", "no-basis-Practitioner-example.xml"),
        ("urn:uuid:00000000-0000-4000-8000-000000000003", "no-basis-Organization-example.xml"),
    ):
        add(url, parse_xml((EXAMPLES / name).read_bytes()))
    extra = f"""<root xmlns="http://hl7.org/fhir">
      <PractitionerRole>
        <practitioner><reference value="urn:uuid:00000000-0000-4000-8000-000000000002"/></practitioner>
        <organization><reference value="urn:uuid:00000000-0000-4000-8000-000000000003"/></organization>
      </PractitionerRole>
      <ServiceRequest>
        <identifier><system value="urn:oid:2.16.578.1.12.4.1.2.999002"/><value value="{patient_file}"/></identifier>
        <status value="active"/><intent value="order"/><priority value="routine"/>
        <subject><reference value="urn:uuid:00000000-0000-4000-8000-000000000001"/></subject>
        <requester><reference value="urn:uuid:00000000-0000-4000-8000-000000000004"/></requester>
        <performer><identifier><system value="{fhir.RESH}"/><value value="{unit_resh}"/></identifier></performer>
        <note><text value="Langvarige smerter i nakke og skuldre i tre år. Ønsker hjelp."/></note>
      </ServiceRequest></root>"""
    role, request = parse_xml(extra.encode())
    add("urn:uuid:00000000-0000-4000-8000-000000000004", role)
    add("urn:uuid:00000000-0000-4000-8000-000000000005", request)
    return etree.tostring(bundle, xml_declaration=True, encoding="utf-8")


def test_real_hl7_norway_resources_import(units) -> None:
    result = import_bundle(_real_example_bundle("no-basis-Patient-Jannice-Søreng.xml", UNIT_A_RESH))
    assert result.outcome == CREATED, errors(result)
    referral = result.referral
    assert referral.clinic == units["a"]  # a logical performer reference by RESH-id
    patient = referral.patient
    assert (patient.given_name, patient.family_name, patient.national_id) == (
        "Jannice",
        "Søreng",
        "21030550231",
    )
    assert patient.gp_name == "SIDSEL AASE JAVERY"
    referrer = referral.referrer
    assert (referrer.name, referrer.hpr_number, referrer.role) == ("Magnar Koman", "9144889", "gp")
    assert referrer.organisation == "Direktoratet for e-Helse"


def test_the_masked_number_of_espen_eksempel_is_refused_clearly(units) -> None:
    result = import_bundle(_real_example_bundle("no-basis-Patient-Espen-Eksempel.xml", UNIT_A_RESH))
    assert result.outcome == REFUSED
    assert errors(result) == [
        "Pasientens identitetsnummer «210377xxxxx» er maskert (sifre erstattet med x); en "
        "henvisning kan bare registreres med fullt fødselsnummer eller D-nummer."
    ]
    assert not Patient.objects.exists()


def test_invalid_identity_number_and_unknown_unit_are_reported(units) -> None:
    bundle = load("referral-unit-a.json")
    patient = bundle["entry"][0]["resource"]
    patient["identifier"][0]["value"] = "01018012345"
    bundle["entry"][4]["resource"]["identifier"] = [{"system": fhir.HER, "value": "424242"}]
    result = import_bundle(json.dumps(bundle).encode())
    identity, unit = errors(result)
    assert identity.startswith("Pasientens identitetsnummer «01018012345»: ")
    assert "kontrollsifrene" in identity
    assert unit == (
        "Mottakende enhet (HER-id 424242) finnes ikke i painpath: henvisningen kan ikke leveres. "
        "Kontroller RESH-id, HER-id eller organisasjonsnummer."
    )


def test_a_child_is_accepted_and_flagged_outside_the_guidelines_scope(units) -> None:
    """Issue 3: a patient under 18 is accepted but flagged, on the FHIR channel as on the others."""
    from tests.conftest import synthetic

    child = load("referral-unit-a.json")
    child["entry"][0]["resource"]["identifier"][0]["value"] = synthetic(
        timezone.localdate() - timedelta(days=365 * 12), seed=500
    )  # individual numbers 500-999: born in the 2000s
    result = import_bundle(to_json(child))
    assert result.outcome == CREATED, errors(result)
    assert result.referral is not None
    assert result.referral.flags.filter(code="out_of_scope").exists()


def test_received_on_comes_from_the_bundle_when_it_carries_an_earlier_receipt(units) -> None:
    bundle = load("referral-unit-a.json")
    request = bundle["entry"][-1]["resource"]
    received = timezone.localdate() - timedelta(days=9)
    request["authoredOn"] = (received - timedelta(days=1)).isoformat()
    request["extension"] = [{"url": fhir.EXT_RECEIVED_ON, "valueDate": received.isoformat()}]
    result = import_bundle(to_json(bundle))
    assert result.referral.received_on == received

    future = copy.deepcopy(bundle)
    future["entry"][-1]["resource"]["identifier"][0]["value"] = "H-FUTURE"
    tomorrow = timezone.localdate() + timedelta(days=1)
    future["entry"][-1]["resource"]["extension"][0]["valueDate"] = tomorrow.isoformat()
    assert any("fram i tid" in d for d in errors(import_bundle(to_json(future))))


def test_unit_found_by_the_trusts_organisation_number_when_it_has_one_unit(units) -> None:
    bundle = load("referral-unit-a.json")
    bundle["entry"][4]["resource"]["identifier"] = [
        {"system": fhir.ORGNR, "value": TRUST_A_ORG_NUMBER}
    ]
    result = import_bundle(to_json(bundle))
    assert result.outcome == CREATED and result.referral.clinic == units["a"]


def test_no_service_request_and_no_patient_are_reported(units) -> None:
    bundle = load("referral-unit-a.json")
    bundle["entry"] = [
        e for e in bundle["entry"] if e["resource"]["resourceType"] == "Practitioner"
    ]
    assert errors(import_bundle(to_json(bundle))) == [
        "Bunten har ingen ServiceRequest (selve henvisningen).",
        "Bunten har ingen Patient.",
    ]


def test_a_service_request_with_contained_resources(units) -> None:
    bundle = load("referral-unit-a.json")
    entries = {e["resource"]["resourceType"]: e for e in bundle["entry"]}
    request = bundle["entry"][-1]["resource"]
    patient = dict(entries["Patient"]["resource"], id="pas")
    del patient["generalPractitioner"]
    request["contained"] = [patient]
    request["subject"] = {"reference": "#pas"}
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Patient"]
    result = import_bundle(to_json(bundle))
    assert result.outcome == CREATED, errors(result)
    assert result.referral.patient.family_name == "Testesen"


def test_deeply_nested_json_is_refused_not_crashed(units) -> None:
    document = b'{"resourceType": "Bundle", "entry": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    result = import_bundle(document)
    assert result.outcome == REFUSED and result.http_status == 400


def test_a_broken_patient_is_reported_once_not_again_as_a_dangling_reference(units) -> None:
    bundle = load("referral-unit-a.json")
    bundle["entry"][0]["resource"]["birthDate"] = "1975-13-45"
    bundle["entry"][1]["resource"]["gender"] = ["not", "a", "code"]  # the Practitioner
    result = import_bundle(to_json(bundle))
    assert [i.expression for i in result.issues] == [
        "Bundle.entry[0].resource.birthDate",
        "Bundle.entry[1].resource.gender",
    ]


def test_an_unknown_unit_is_reported_beside_a_dangling_subject(units) -> None:
    """Every problem at once: a 'not found' elsewhere in the Bundle does not hide the unit's."""
    bundle = load("referral-unit-a.json")
    bundle["entry"][-1]["resource"]["subject"] = {"reference": "urn:uuid:nobody"}
    bundle["entry"][4]["resource"]["identifier"] = [{"system": fhir.HER, "value": "424242"}]
    found = errors(import_bundle(to_json(bundle)))
    assert "ServiceRequest.subject peker ikke på en Patient i bunten." in found
    assert any(d.startswith("Mottakende enhet (HER-id 424242) finnes ikke") for d in found), found


def test_an_inactive_unit_is_refused_with_one_reason(units) -> None:
    units["a"].active = False
    units["a"].save()
    found = errors(import_bundle(read("referral-unit-a.json")))
    assert found == [f"{units['a'].name} tar ikke imot henvisninger."]
