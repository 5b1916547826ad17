from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "painpath.organisation"
    label = "organisation"
    verbose_name = _("Pain-clinic network")

    def ready(self) -> None:
        from painpath.core.navigation import NavItem, register

        register(
            NavItem(
                _("My unit"),
                "organisation:my_unit",
                frozenset({"leader", "intake", "clinician"}),
                90,
            )
        )
