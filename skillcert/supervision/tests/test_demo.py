"""The supervision demo: an outlier league, alerts of the kinds the demo data has, rollups; idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from skillcert.accounts.models import Organisation
from skillcert.supervision.models import Alert, LeagueMonth

pytestmark = pytest.mark.django_db


def test_seed_demo_raises_alerts_and_is_idempotent() -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    kinds = set(Alert.objects.values_list("kind", flat=True))
    assert {"pass_rate_outlier", "readiness_missing", "fee_out_of_band"} <= kinds
    outliers = Alert.objects.filter(kind="pass_rate_outlier", jurisdiction__code="150200")
    assert outliers.exists()
    assert LeagueMonth.objects.exists()
    institutions = Organisation.objects.filter(code__startswith="scale-").count()
    outlier_count = outliers.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Organisation.objects.filter(code__startswith="scale-").count() == institutions == 8
    assert Alert.objects.filter(kind="pass_rate_outlier", jurisdiction__code="150200").count() == outlier_count
