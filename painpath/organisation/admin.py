from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from painpath.organisation.models import (
    Clinic,
    CollaborationAgreement,
    CollaborationPartner,
    HealthRegion,
    HospitalTrust,
    StaffMember,
)


@admin.register(HealthRegion)
class HealthRegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order"]


@admin.register(HospitalTrust)
class HospitalTrustAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "org_number"]
    list_filter = ["region"]
    search_fields = ["name"]


class StaffInline(admin.TabularInline):
    model = StaffMember
    extra = 0
    fields = ["name", "profession", "fixed_attachment", "position_percent", "last_appraisal_on"]


class ClinicAdminForm(forms.ModelForm):
    class Meta:
        model = Clinic
        fields = [
            "name",
            "kind",
            "trust",
            "offer",
            "address",
            "phone",
            "email",
            "website",
            "resh_id",
            "her_id",
            "active",
        ]
        error_messages = {
            "trust": {
                "required": _(
                    "Choose the hospital trust the unit belongs to; the trust gives its health region."
                )
            }
        }


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    form = ClinicAdminForm
    list_display = ["name", "kind", "trust", "active"]
    list_filter = ["kind", "trust__region", "active"]
    search_fields = ["name", "trust__name"]
    inlines = [StaffInline]


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "profession", "clinic", "fixed_attachment", "last_appraisal_on"]
    list_filter = ["profession", "clinic", "fixed_attachment"]
    search_fields = ["name", "hpr_number"]
    autocomplete_fields = ["user"]


class AgreementInline(admin.TabularInline):
    model = CollaborationAgreement
    extra = 0


@admin.register(CollaborationPartner)
class CollaborationPartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "clinic", "meets_regularly"]
    list_filter = ["kind", "clinic"]
    inlines = [AgreementInline]
