import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "painpath.letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        # WeasyPrint reports every rendering step at INFO; keep the log for what matters.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

        from painpath.core.navigation import NavItem, register
        from painpath.intake.signals import decision_recorded
        from painpath.letters.decisions import on_decision_recorded
        from painpath.letters.sections import patient_letters
        from painpath.patients.sections import PatientSection, register_section

        # The intake sends this after the decision has been committed (issue 4).
        decision_recorded.connect(on_decision_recorded, dispatch_uid="letters.decision_letters")
        register(
            NavItem(_("Outbox"), "letters:outbox", frozenset({"intake", "clinician", "leader"}), 60)
        )
        register_section(PatientSection("letters/_patient_letters.html", patient_letters, order=40))
