"""Shared factories: organisations and users with roles (used by every app's tests)."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from skillcert.accounts import services, totp
from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import ApiToken, Jurisdiction, Organisation, User, UserRole

DEFAULT_PASSWORD = "Skill#Cert2026"


def jurisdiction(code: str = "150100") -> Jurisdiction:
    return Jurisdiction.objects.get(code=code)


def authority(kind: str, league_code: str | None = None) -> Organisation:
    """One of the authority organisations the data migration created."""
    if kind in (OrgKind.REGION_DEPT, OrgKind.REGION_CENTER):
        return Organisation.objects.get(code=kind)
    prefix = "bureau" if kind == OrgKind.LEAGUE_BUREAU else "center"
    return Organisation.objects.get(code=f"{prefix}-{league_code or '150100'}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrgKind.INSTITUTION
    name = factory.Sequence(lambda n: f"测试评价机构{n}")
    short_name = factory.LazyAttribute(lambda o: o.name[:20])
    code = factory.Sequence(lambda n: f"inst-test-{n}")
    jurisdiction = factory.LazyFunction(lambda: jurisdiction("150100"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    organisation = factory.SubFactory(InstitutionFactory)

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or DEFAULT_PASSWORD)
        self.password_changed_at = timezone.now()
        if create:
            self.save(update_fields=["password", "password_changed_at"])

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if create and extracted:
            for role in extracted:
                UserRole.objects.create(user=self, role=role)
            self.__dict__.pop("role_codes", None)


def enrol_totp(user: User, secret: str | None = None) -> str:
    """Bind a TOTP secret to the user (through the service) and return it for pyotp."""
    secret = secret or totp.new_secret()
    services.provision_totp(actor=None, user=user, secret=secret)
    return secret


def api_token(user: User, name: str = "测试客户端", days: int = 30) -> tuple[ApiToken, str]:
    """An API token made through the service, with its one-time key."""
    return services.create_api_token(actor=user, name=name, days=days)
