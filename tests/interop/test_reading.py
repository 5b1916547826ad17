"""HL7 Norway's own no-basis example resources, read with the R4B classes (D12)."""

from __future__ import annotations

import pytest

from painpath.interop import fhir
from painpath.interop.reading import read_bundle, read_resource
from tests.interop.conftest import EXAMPLES

EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.xml"))


def test_the_six_examples_are_copied_unchanged() -> None:
    assert len(EXAMPLE_FILES) == 6
    assert "<!--" in (EXAMPLES / "no-basis-Patient-Espen-Eksempel.xml").read_text()


@pytest.mark.parametrize("name", [n for n in EXAMPLE_FILES if "HealthcareService" not in n])
def test_examples_parse_with_r4b_after_removing_comments(name: str) -> None:
    resource, problems = read_resource((EXAMPLES / name).read_bytes(), name)
    assert not problems.issues
    assert resource is not None
    assert type(resource).__module__.startswith("fhir.resources.R4B.")


def test_patient_espen_eksempel_parses_with_his_masked_number() -> None:
    patient, _ = read_resource((EXAMPLES / "no-basis-Patient-Espen-Eksempel.xml").read_bytes())
    assert fhir.human_name(patient)[1:] == ("Espen", "Eksempel")
    assert fhir.identifiers(patient) == [(fhir.FNR, "210377xxxxx")]
    assert patient.generalPractitioner[0].display == "SIDSEL AASE JAVERY"


def test_organization_example_keeps_r4_address_and_org_number() -> None:
    org, _ = read_resource((EXAMPLES / "no-basis-Organization-example.xml").read_bytes())
    assert fhir.identifier_value(org, [fhir.ORGNR]) == "915933149"
    assert org.address[0].city == "OSLO"


def test_healthcare_service_example_with_a_bad_id_is_refused_in_norwegian() -> None:
    resource, problems = read_resource(
        (EXAMPLES / "no-basis-HealthcareService-example.xml").read_bytes()
    )
    assert resource is None
    [issue] = problems.issues
    assert issue.diagnostics == (
        "HealthcareService er ikke gyldig FHIR R4: id har ugyldig format: "
        "«no-basis-HealthcareService example»."
    )
    assert issue.expression == "id"


def test_a_bundle_reports_every_broken_resource_not_just_the_first() -> None:
    document = b"""<Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/>
      <entry><resource><Patient><id value="a b"/></Patient></resource></entry>
      <entry><resource><ServiceRequest><status value="active"/><!-- note -->
        <intent value="order"/></ServiceRequest></resource></entry>
      <entry><resource><Bogus/></resource></entry>
    </Bundle>"""
    problems = read_bundle(document).problems
    where = [i.expression for i in problems.issues]
    assert where == [
        "Bundle.entry[0].resource.id",
        "Bundle.entry[1].resource.subject",
        "Bundle.entry[2].resource",
    ]
    assert "Bogus er ikke en ressurstype i FHIR R4." in [i.diagnostics for i in problems.issues]


def test_broken_json_and_xml_are_refused_with_the_place() -> None:
    [json_issue] = read_bundle(
        b'{"resourceType": "Bundle",', "application/fhir+json"
    ).problems.issues
    assert json_issue.diagnostics.startswith("Dokumentet er ikke gyldig JSON (linje 1")
    [xml_issue] = read_bundle(b"<Bundle xmlns='http://hl7.org/fhir'>", "").problems.issues
    assert xml_issue.diagnostics.startswith("Dokumentet er ikke velformet XML (linje 1")


def test_xml_entities_are_not_expanded() -> None:
    document = b"""<?xml version="1.0"?>
    <!DOCTYPE Bundle [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
    <Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/><entry><resource>
    <Patient><name><family value="&secret;"/></name></Patient></resource></entry></Bundle>"""
    read = read_bundle(document)
    text = repr([e.resource for e in read.entries]) + repr(read.problems.issues)
    assert "root:" not in text


def test_only_transaction_bundles_are_accepted() -> None:
    problems = read_bundle(b'{"resourceType": "Bundle", "type": "collection"}').problems
    assert [i.diagnostics for i in problems.issues] == [
        "Bunten må være av typen transaction (fant: collection)."
    ]
