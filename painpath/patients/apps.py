from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatientsConfig(AppConfig):
    name = "painpath.patients"
    label = "patients"
    verbose_name = _("Patients")

    def ready(self) -> None:
        from painpath.core.navigation import NavItem, register

        register(
            NavItem(
                _("Patients"), "patients:list", frozenset({"intake", "clinician", "leader"}), 50
            )
        )
