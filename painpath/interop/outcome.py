"""Problems found in a FHIR document, and the OperationOutcome that reports them (all at once)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Issue:
    """One OperationOutcome issue. ``diagnostics`` is for people: Norwegian (the active language)."""

    severity: str  # fatal | error | warning | information
    code: str  # FHIR issue-type: structure, required, value, invalid, not-found, duplicate, ...
    diagnostics: str
    expression: str = ""
    details: dict[str, Any] | None = None

    @property
    def is_error(self) -> bool:
        return self.severity in {"fatal", "error"}

    def as_fhir(self) -> dict[str, Any]:
        issue: dict[str, Any] = {
            "severity": self.severity,
            "code": self.code,
            "diagnostics": str(self.diagnostics),
        }
        if self.details:
            issue["details"] = self.details
        if self.expression:
            issue["expression"] = [self.expression]
        return issue


@dataclass
class Problems:
    """Collects issues while a document is read, so the sender learns every problem at once."""

    issues: list[Issue] = field(default_factory=list)

    def error(self, code: str, diagnostics: str, expression: str = "") -> None:
        self.issues.append(Issue("error", code, str(diagnostics), expression))

    def warning(self, code: str, diagnostics: str, expression: str = "") -> None:
        self.issues.append(Issue("warning", code, str(diagnostics), expression))

    def extend(self, issues: list[Issue]) -> None:
        self.issues.extend(issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def has_errors(self) -> bool:
        return any(i.is_error for i in self.issues)


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    return {"resourceType": "OperationOutcome", "issue": [i.as_fhir() for i in issues]}
