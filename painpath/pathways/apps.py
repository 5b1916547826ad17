from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathwaysConfig(AppConfig):
    name = "painpath.pathways"
    label = "pathways"
    verbose_name = _("Patient pathways")

    def ready(self) -> None:
        from painpath.core.navigation import NavItem, register
        from painpath.pathways.views import patient_section_context
        from painpath.patients.access import register_patient_link
        from painpath.patients.sections import PatientSection, register_section

        # A pathway links its patient to the unit that runs it (access rule, issue 2).
        register_patient_link("pathways__clinic")
        register(
            NavItem(
                _("Pathways"), "pathways:list", frozenset({"clinician", "leader", "intake"}), 60
            )
        )
        register_section(
            PatientSection("pathways/_patient_section.html", patient_section_context, order=60)
        )
