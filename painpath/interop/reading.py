"""Reading a FHIR R4 transaction Bundle in JSON or XML with ``fhir.resources.R4B``.

Every entry's resource is validated on its own, so one broken resource does not hide the problems
of the others: the sender gets every problem in one OperationOutcome. XML comments are removed
before parsing (HL7 Norway's examples carry comments after primitive values, which
``model_validate_xml`` otherwise mistakes for extensions; see
``tests/data/fhir/no-basis-examples/README.md``). The XML parser resolves no entities and
reads nothing from the network.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

import pydantic
from django.utils.translation import gettext as _
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from lxml import etree

from painpath.interop.outcome import Problems

FHIR_NS = "http://hl7.org/fhir"
_NS = f"{{{FHIR_NS}}}"

JSON_TYPES = frozenset({"application/fhir+json", "application/json", "application/json+fhir"})
XML_TYPES = frozenset(
    {"application/fhir+xml", "application/xml", "text/xml", "application/xml+fhir"}
)


@dataclass
class Entry:
    index: int
    full_url: str
    resource_type: str
    resource: Any  # an R4B resource, or None when it could not be read
    method: str = ""
    url: str = ""

    @property
    def where(self) -> str:
        return f"Bundle.entry[{self.index}].resource"


@dataclass
class ReadBundle:
    format: str  # "json" | "xml"
    bundle_type: str = ""
    entries: list[Entry] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    timestamp: Any | None = None


def detect_format(raw: bytes, content_type: str = "", filename: str = "") -> str:
    """``json`` or ``xml``: from the content type, else the file name, else the first character."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media in JSON_TYPES:
        return "json"
    if media in XML_TYPES:
        return "xml"
    lower = filename.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith(".xml"):
        return "xml"
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "xml" if start == b"<" else "json"


def xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        remove_comments=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )


def parse_xml(raw: bytes) -> etree._Element:
    """Parse FHIR XML without comments (the README's advice) and without entities or network."""
    return etree.fromstring(raw, parser=xml_parser())


def read_bundle(raw: bytes, content_type: str = "", filename: str = "") -> ReadBundle:
    fmt = detect_format(raw, content_type, filename)
    result = ReadBundle(format=fmt)
    if fmt == "json":
        _read_json(raw, result)
    else:
        _read_xml(raw, result)
    return result


def read_resource(raw: bytes, filename: str = "") -> tuple[Any | None, Problems]:
    """One stand-alone resource (e.g. HL7 Norway's example files), validated with R4B."""
    problems = Problems()
    fmt = detect_format(raw, "", filename)
    if fmt == "json":
        data = _load_json(raw, problems)
        if data is None:
            return None, problems
        return _validate_dict(data, "", problems), problems
    root = _load_xml(raw, problems)
    if root is None:
        return None, problems
    return _validate_element(root, "", problems), problems


# JSON ------------------------------------------------------------------------------------------


def _load_json(raw: bytes, problems: Problems) -> Any | None:
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        problems.error("structure", _("The document is not UTF-8 encoded text."))
    except RecursionError:
        problems.error("structure", _("The document is nested too deeply."))
    except json.JSONDecodeError as exc:
        problems.error(
            "structure",
            _("The document is not valid JSON (line %(line)s, column %(col)s: %(msg)s).")
            % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg},
        )
    return None


def _read_json(raw: bytes, result: ReadBundle) -> None:
    problems = result.problems
    data = _load_json(raw, problems)
    if data is None:
        return
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        found = data.get("resourceType") if isinstance(data, dict) else type(data).__name__
        problems.error(
            "structure",
            _("The document must be a FHIR Bundle of type transaction (found: %(found)s).")
            % {"found": found or "?"},
        )
        return
    raw_entries = data.get("entry") or []
    if not isinstance(raw_entries, list):
        problems.error("structure", _("Bundle.entry must be a list."), "Bundle.entry")
        raw_entries = []
    shell = dict(data)
    shell_entries: list[Any] = []
    for index, raw_entry in enumerate(raw_entries):
        where = f"Bundle.entry[{index}]"
        if not isinstance(raw_entry, dict):
            problems.error("structure", _("The entry is not a JSON object."), where)
            shell_entries.append({})
            continue
        shell_entries.append({k: v for k, v in raw_entry.items() if k != "resource"})
        request = raw_entry.get("request") if isinstance(raw_entry.get("request"), dict) else {}
        request = request or {}
        resource_data: Any = raw_entry.get("resource")
        entry = Entry(
            index=index,
            full_url=str(raw_entry.get("fullUrl") or ""),
            resource_type=str(resource_data.get("resourceType") or "")
            if isinstance(resource_data, dict)
            else "",
            resource=None,
            method=str(request.get("method") or ""),
            url=str(request.get("url") or ""),
        )
        if not isinstance(resource_data, dict):
            problems.error("required", _("The entry has no resource."), where)
        else:
            entry.resource = _validate_dict(resource_data, f"{where}.resource", problems)
        result.entries.append(entry)
    shell["entry"] = shell_entries or None
    _validate_shell(lambda: Bundle.model_validate(_drop_none(shell)), result)


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def _validate_dict(data: dict[str, Any], where: str, problems: Problems) -> Any | None:
    resource_type = data.get("resourceType")
    cls = _model_class(resource_type, where, problems)
    if cls is None:
        return None
    try:
        return cls.model_validate(data)
    except pydantic.ValidationError as exc:
        _report_validation(exc, str(resource_type), where, problems)
    except (ValueError, TypeError, KeyError, RecursionError) as exc:
        _report_unreadable(exc, str(resource_type), where, problems)
    return None


# XML -------------------------------------------------------------------------------------------


def _load_xml(raw: bytes, problems: Problems) -> etree._Element | None:
    try:
        return parse_xml(raw)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno is not None else "?"
        problems.error(
            "structure",
            _("The document is not well-formed XML (line %(line)s: %(msg)s).")
            % {"line": line, "msg": exc.msg},
        )
    return None


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _read_xml(raw: bytes, result: ReadBundle) -> None:
    problems = result.problems
    root = _load_xml(raw, problems)
    if root is None:
        return
    if root.tag != f"{_NS}Bundle":
        problems.error(
            "structure",
            _("The document must be a FHIR Bundle of type transaction (found: %(found)s).")
            % {"found": _local(root) if isinstance(root.tag, str) else "?"},
        )
        return
    shell = copy.deepcopy(root)
    for index, (entry_el, shell_el) in enumerate(
        zip(root.findall(f"{_NS}entry"), shell.findall(f"{_NS}entry"), strict=True)
    ):
        where = f"Bundle.entry[{index}]"
        for resource_wrapper in shell_el.findall(f"{_NS}resource"):
            shell_el.remove(resource_wrapper)
        wrapper = entry_el.find(f"{_NS}resource")
        children = [c for c in wrapper if isinstance(c.tag, str)] if wrapper is not None else []
        entry = Entry(
            index=index,
            full_url=_value(entry_el, "fullUrl"),
            resource_type=_local(children[0]) if children else "",
            resource=None,
            method=_value(entry_el.find(f"{_NS}request"), "method"),
            url=_value(entry_el.find(f"{_NS}request"), "url"),
        )
        if len(children) != 1:
            problems.error("required", _("The entry has no resource."), where)
        else:
            entry.resource = _validate_element(children[0], f"{where}.resource", problems)
        result.entries.append(entry)
    _validate_shell(
        lambda: Bundle.model_validate_xml(etree.tostring(shell), xmlparser=xml_parser()), result
    )


def _value(element: etree._Element | None, name: str) -> str:
    if element is None:
        return ""
    child = element.find(f"{_NS}{name}")
    return str(child.get("value") or "") if child is not None else ""


def _validate_element(element: etree._Element, where: str, problems: Problems) -> Any | None:
    if etree.QName(element).namespace != FHIR_NS:
        problems.error(
            "structure",
            _("The element %(name)s is not in the FHIR namespace (http://hl7.org/fhir).")
            % {"name": _local(element)},
            where,
        )
        return None
    resource_type = _local(element)
    cls = _model_class(resource_type, where, problems)
    if cls is None:
        return None
    try:
        return cls.model_validate_xml(etree.tostring(element), xmlparser=xml_parser())
    except pydantic.ValidationError as exc:
        _report_validation(exc, resource_type, where, problems)
    except (
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        RecursionError,
        etree.LxmlError,
    ) as exc:
        _report_unreadable(exc, resource_type, where, problems)
    return None


# Shared ----------------------------------------------------------------------------------------


def _model_class(resource_type: Any, where: str, problems: Problems) -> Any | None:
    if not resource_type or not isinstance(resource_type, str):
        problems.error("structure", _("The resource has no resourceType."), where)
        return None
    try:
        return get_fhir_model_class(resource_type)
    except (KeyError, ValueError):
        problems.error(
            "not-supported",
            _("%(type)s is not a FHIR R4 resource type.") % {"type": resource_type},
            where,
        )
        return None


def _validate_shell(validate: Any, result: ReadBundle) -> None:
    """The Bundle itself (type, fullUrl, request), with the resources taken out."""
    try:
        bundle = validate()
    except pydantic.ValidationError as exc:
        _report_validation(exc, "Bundle", "Bundle", result.problems)
        return
    except (
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        RecursionError,
        etree.LxmlError,
    ) as exc:
        _report_unreadable(exc, "Bundle", "Bundle", result.problems)
        return
    result.bundle_type = bundle.type or ""
    result.timestamp = bundle.timestamp
    if result.bundle_type != "transaction":
        result.problems.error(
            "invalid",
            _("The Bundle must be of type transaction (found: %(found)s).")
            % {"found": result.bundle_type or "?"},
            "Bundle.type",
        )


_PROBLEM_TEXT = {
    "missing": lambda: _("required, but missing"),
    "extra_forbidden": lambda: _("not a known element of this resource"),
    "string_pattern_mismatch": lambda: _("has an invalid format"),
    "string_too_short": lambda: _("is empty"),
    "literal_error": lambda: _("has a value that is not allowed"),
    "enum": lambda: _("has a value that is not allowed"),
}


def _location(loc: tuple[Any, ...], resource_type: str) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item != resource_type:
            parts.append(f".{item}")
    return "".join(parts).lstrip(".")


def _report_validation(
    exc: pydantic.ValidationError,
    resource_type: str,
    where: str,
    problems: Problems,
) -> None:
    for error in exc.errors():
        path = _location(tuple(error.get("loc") or ()), resource_type)
        kind = str(error.get("type") or "")
        text = _PROBLEM_TEXT.get(kind)
        if text is not None:
            problem = text()
        else:
            problem = _("invalid value (%(detail)s)") % {"detail": error.get("msg", "")}
        value = error.get("input")
        if kind != "missing" and isinstance(value, str | int | float) and len(str(value)) <= 60:
            problem = _("%(problem)s: «%(value)s»") % {"problem": problem, "value": value}
        expression = ".".join(p for p in (where, path) if p)
        problems.error(
            "structure",
            _("%(type)s is not valid FHIR R4: %(field)s %(problem)s.")
            % {"type": resource_type, "field": path or resource_type, "problem": problem},
            expression,
        )


def _report_unreadable(exc: Exception, resource_type: str, where: str, problems: Problems) -> None:
    if isinstance(exc, KeyError):
        detail = _("unknown element %(name)s") % {"name": exc.args[0] if exc.args else "?"}
    else:
        detail = str(exc)[:300]
    problems.error(
        "structure",
        _("%(type)s could not be read as FHIR R4: %(detail)s.")
        % {"type": resource_type, "detail": detail},
        where,
    )
