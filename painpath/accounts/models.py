"""Users, their roles and units, and API tokens (issue 2: sign-in, access and audit)."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from painpath.organisation.models import Clinic, ProfessionChoices

if TYPE_CHECKING:
    from django.db.models import QuerySet


class Role(models.TextChoices):
    REFERRER = "referrer", _("referrer")
    INTAKE = "intake", _("intake team member")
    CLINICIAN = "clinician", _("clinician")
    LEADER = "leader", _("unit leader")
    ANALYST = "analyst", _("network analyst")
    ADMIN = "admin", _("administrator")


# Roles that work inside units and so may see those units' patients.
UNIT_STAFF_ROLES = frozenset({Role.INTAKE, Role.CLINICIAN, Role.LEADER})

ACTIVE_UNIT_SESSION_KEY = "painpath_active_unit"


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CLINICIAN)
    profession = models.CharField(
        _("profession"), max_length=30, choices=ProfessionChoices.choices, blank=True
    )
    units = models.ManyToManyField(
        Clinic, blank=True, related_name="members", verbose_name=_("units")
    )
    hpr_number = models.CharField(_("HPR number"), max_length=9, blank=True, db_index=True)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For referrers: practice or hospital."),
    )
    her_id = models.CharField(_("HER id"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_unit_staff(self) -> bool:
        return self.role in UNIT_STAFF_ROLES

    def unit_ids(self) -> list[int]:
        cached: list[int] | None = getattr(self, "_unit_ids", None)
        if cached is None:
            cached = list(self.units.values_list("pk", flat=True)) if self.is_unit_staff else []
            self._unit_ids = cached
        return cached

    def staff_units(self) -> QuerySet[Clinic]:
        return Clinic.objects.filter(pk__in=self.unit_ids()).select_related("trust__region")

    def active_unit(self, request: HttpRequest | None = None) -> Clinic | None:
        """The unit the user works in right now: chosen in the session, else the first one."""
        ids = self.unit_ids()
        if not ids:
            return None
        chosen = request.session.get(ACTIVE_UNIT_SESSION_KEY) if request is not None else None
        pk = chosen if chosen in ids else ids[0]
        cache: dict[int, Clinic] = self.__dict__.setdefault("_unit_cache", {})
        if pk not in cache:
            cache[pk] = Clinic.objects.select_related("trust__region").get(pk=pk)
        return cache[pk]


class ApiToken(models.Model):
    """A bearer token for integrations. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple[ApiToken, str]:
        raw = "pp_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash(raw), prefix=raw[:8])
        return token, raw

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=cls.hash(raw), revoked=False, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user
