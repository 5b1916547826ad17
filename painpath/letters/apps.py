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
