from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from painpath.api import api

admin.site.site_header = _("painpath administration")
admin.site.site_title = "painpath"

urlpatterns = [
    path("", include("painpath.organisation.urls")),
    path("start/", include("painpath.core.urls")),
    path("accounts/", include("painpath.accounts.urls")),
    path("patients/", include("painpath.patients.urls")),
    path("referrals/", include("painpath.referrals.urls")),
    path("intake/", include("painpath.intake.urls")),
    path("letters/", include("painpath.letters.urls")),
    path("pathways/", include("painpath.pathways.urls")),
    path("interop/", include("painpath.interop.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
