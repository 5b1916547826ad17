from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "painpath.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from painpath.core.navigation import NavItem, register
        from painpath.patients.access import register_patient_link
        from painpath.patients.sections import PatientSection, register_section
        from painpath.referrals.sections import patient_referrals

        # A referral links its patient to the unit that received it first and to the unit that
        # holds it now (after forwarding): both may see the patient (issue 2, issue 4).
        register_patient_link("referrals__received_by")
        register_patient_link("referrals__clinic")

        register(NavItem(_("New referral"), "referrals:new", frozenset({"referrer"}), 20))
        register(NavItem(_("My referrals"), "referrals:mine", frozenset({"referrer"}), 21))
        register(
            NavItem(
                _("Incoming referrals"),
                "referrals:incoming",
                frozenset({"intake", "clinician", "leader"}),
                40,
            )
        )
        register_section(
            PatientSection("referrals/_patient_referrals.html", patient_referrals, order=20)
        )
