from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "painpath.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from painpath.patients.access import register_patient_link

        # A referral links its patient to the unit that received it first and to the unit that
        # holds it now (after forwarding): both may see the patient (issue 2, issue 4).
        register_patient_link("referrals__received_by")
        register_patient_link("referrals__clinic")
