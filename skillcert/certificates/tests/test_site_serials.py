"""The site serial register kept by the regional department (R-CERT-1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from skillcert.certificates import services
from skillcert.certificates.tests.factories import final_plan, region_registrar
from skillcert.core.errors import DomainError
from skillcert.institutions.tests.factories import FiledInstitutionFactory

pytestmark = pytest.mark.django_db


def test_assign_validate_and_retire():
    registrar = region_registrar()
    institution = FiledInstitutionFactory()
    row = services.assign_site_serial(actor=registrar, institution=institution, serial="000123")
    assert row.is_active
    for bad, code in (("12345", "format"), ("00012A", "format"), ("000000", "format"), ("000123", "taken")):
        with pytest.raises(DomainError) as exc:
            services.assign_site_serial(actor=registrar, institution=FiledInstitutionFactory(), serial=bad)
        assert exc.value.code == code and exc.value.field == "serial"
    with pytest.raises(DomainError) as exc:
        services.assign_site_serial(actor=registrar, institution=institution, serial="000124")
    assert exc.value.code == "duplicate_site" and "000123" in exc.value.message
    services.retire_site_serial(actor=registrar, site_serial=row, note="站点撤销")
    with pytest.raises(DomainError):
        services.retire_site_serial(actor=registrar, site_serial=row, note="again")
    services.assign_site_serial(actor=registrar, institution=institution, serial="000124")
    # A retired serial is never given out again.
    with pytest.raises(DomainError) as exc:
        services.assign_site_serial(actor=registrar, institution=FiledInstitutionFactory(), serial="000123")
    assert exc.value.code == "taken"


def test_only_region_staff_assign():
    f = final_plan(1, serial=False)
    for actor in (f.clerk, f.manager, f.s.bureau):
        with pytest.raises(PermissionDenied):
            services.assign_site_serial(actor=actor, institution=f.s.institution, serial="555555")


def test_retired_serial_is_not_used_for_new_certificates():
    f = final_plan(2)
    first = f.issue(0)
    services.retire_site_serial(actor=region_registrar(), site_serial=f.site_serial, note="调整站点")
    with pytest.raises(services.IssuanceRefused):
        f.issue(1)
    services.assign_site_serial(actor=region_registrar(), institution=f.s.institution, serial="654321")
    second = f.issue(1)
    assert first.number[7:13] == f.site_serial.serial and second.number[7:13] == "654321"
