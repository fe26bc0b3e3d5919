"""The status board, a summary and the region roll-up export through `?export=xlsx|pdf` (R-REP-1, R-REP-2)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from skillcert.core.testing import download
from skillcert.reports.services import open_summary
from skillcert.reports.tests.test_summaries import league_centre, region_centre

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year


def test_board_summary_and_rollup_export():
    writer = league_centre("150100")
    summary = open_summary(actor=writer, year=YEAR)
    client = Client()
    client.force_login(writer)
    board = download(client, f"/reports/?year={YEAR}")
    assert board.contains(summary.league.name)
    download(client, f"/reports/{summary.pk}/")
    client.force_login(region_centre())
    download(client, f"/reports/rollup/?year={YEAR}")
