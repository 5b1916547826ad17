from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "painpath.intake"
    label = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from painpath.core.navigation import NavItem, register

        register(
            NavItem(
                _("Worklist"), "intake:worklist", frozenset({"intake", "clinician", "leader"}), 20
            )
        )
