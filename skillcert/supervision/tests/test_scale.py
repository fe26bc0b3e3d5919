"""generate_scale_data writes valid, realistic data the rules and dashboards read (R-SUP-1)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from skillcert.certificates.models import Certificate, NumberCounter
from skillcert.core.validators import validate_certificate_number
from skillcert.exams.models import Registration, Result
from skillcert.supervision.models import Alert, LeagueMonth
from skillcert.supervision.services.scan import run_scan

pytestmark = pytest.mark.django_db


def test_generated_data_is_valid_and_feeds_rules_and_rollups() -> None:
    out = StringIO()
    call_command(
        "generate_scale_data",
        "--institutions=8",
        "--plans=60",
        "--sessions=50",
        "--certificates=2500",
        "--years=1",
        "--outlier-league=150200",
        stdout=out,
    )
    assert "certificates 2500" in out.getvalue() and "行/秒" in out.getvalue()
    assert Certificate.objects.count() == 2500
    assert Registration.objects.count() == Result.objects.count() > 2500
    for cert in Certificate.objects.order_by("?")[:50]:
        validate_certificate_number(cert.number, today=cert.issued_on)
        assert cert.id_number == cert.registration.id_number and len(cert.id_number) == 18
        assert cert.registration.result.passed
    prefix = Certificate.objects.order_by("-serial").first()
    assert prefix is not None
    assert NumberCounter.objects.get(prefix=prefix.prefix).last_serial == prefix.serial
    assert sum(LeagueMonth.objects.values_list("certificates", flat=True)) == 2500
    run_scan(kind_codes=["pass_rate_outlier"])
    flagged = Alert.objects.filter(kind="pass_rate_outlier")
    assert any(a.jurisdiction.code == "150200" and a.evidence["direction"] == "high" for a in flagged)


def test_generator_refuses_nonsense() -> None:
    with pytest.raises(CommandError, match="certificates"):
        call_command("generate_scale_data", "--certificates=0", stdout=StringIO())
