"""Annual league summaries: compiled statistics, narrative, submission by the deadline, late ones,
return with comments, the region's board and roll-up, PDF and Excel (R-REP-1, R-REP-2)."""

from __future__ import annotations

import datetime
import io
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook
from pypdf import PdfReader

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.certificates.tests.factories import final_plan
from skillcert.core.errors import DomainError
from skillcert.reports import exports, selectors
from skillcert.reports.choices import SummaryStatus
from skillcert.reports.models import AnnualSummary
from skillcert.reports.services import (
    accept_summary,
    open_summary,
    return_summary,
    save_narrative,
    submit_summary,
)

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year


def league_centre(code: str = "150100", role: str = Role.CLERK):
    return UserFactory(organisation=authority(OrgKind.LEAGUE_CENTER, code), roles=[role])


def region_centre(role: str = Role.CLERK):
    return UserFactory(organisation=authority(OrgKind.REGION_CENTER), roles=[role])


def test_opening_compiles_the_statistics_of_the_league_and_year():
    f = final_plan(3)
    f.issue(0)
    summary = open_summary(actor=league_centre("150100"), year=f.plan.first_session_on.year)
    stats = summary.statistics
    row = next(r for r in stats["plans"] if f.s.occupation.code in r["occupation"])
    assert row["plans"] == 1 and row["candidates"] == 3 and row["results"] == 3
    assert sum(r["count"] for r in stats["certificates"]) == 1
    assert any(r["count"] >= 1 for r in stats["institutions"])
    assert {r["group"] for r in stats["workforce"]} and stats["oversight"]
    other = open_summary(actor=league_centre("150200"), year=f.plan.first_session_on.year)
    assert not any(f.s.occupation.code in r["occupation"] for r in other.statistics["plans"])


def test_only_a_league_centre_opens_and_only_once():
    with pytest.raises(PermissionDenied):
        open_summary(actor=region_centre(), year=YEAR)
    writer = league_centre()
    open_summary(actor=writer, year=YEAR)
    with pytest.raises(DomainError, match="不能重复建立"):
        open_summary(actor=writer, year=YEAR)
    assert AnnualSummary.objects.count() == 1


def test_submit_twice_or_edit_after_submission_is_refused_until_returned_with_comments():
    writer, reviewer = league_centre(), region_centre()
    summary = open_summary(actor=writer, year=YEAR)
    with pytest.raises(DomainError) as exc:
        submit_summary(actor=writer, summary=summary)
    assert exc.value.field == "overview"
    save_narrative(actor=writer, summary=summary, overview="全年完成认定12批次", problems="考评员不足")
    submit_summary(actor=writer, summary=summary)
    with pytest.raises(DomainError, match="不能重复报送"):
        submit_summary(actor=writer, summary=summary)
    with pytest.raises(DomainError, match="退回后才能修改"):
        save_narrative(actor=writer, summary=summary, overview="改动")
    summary.refresh_from_db()
    assert summary.overview == "全年完成认定12批次"
    with pytest.raises(DomainError, match="修改意见"):
        return_summary(actor=reviewer, summary=summary, comments=" ")
    with pytest.raises(PermissionDenied):
        return_summary(actor=writer, summary=summary, comments="自己退回")
    return_summary(actor=reviewer, summary=summary, comments="请补充考评员培训情况")
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.RETURNED and summary.returns.get().comments == "请补充考评员培训情况"
    save_narrative(actor=writer, summary=summary, overview="全年完成认定12批次，培训考评员40人")
    submit_summary(actor=writer, summary=summary)
    accept_summary(actor=reviewer, summary=summary)
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.ACCEPTED


def test_a_summary_submitted_after_the_deadline_is_late_and_the_board_marks_missing_ones(set_policy):
    set_policy("reports.summary_deadline", "01-01")
    writer = league_centre("150100")
    summary = open_summary(actor=writer, year=YEAR)
    save_narrative(actor=writer, summary=summary, overview="概况")
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(YEAR, 1, 2, 8, tzinfo=datetime.UTC)):
        submit_summary(actor=writer, summary=summary)
    summary.refresh_from_db()
    assert summary.submitted_late
    on_time_writer = league_centre("150200")
    on_time = open_summary(actor=on_time_writer, year=YEAR)
    save_narrative(actor=on_time_writer, summary=on_time, overview="概况")
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(YEAR - 1, 12, 31, 8, tzinfo=datetime.UTC)
    ):
        submit_summary(actor=on_time_writer, summary=on_time)
    board = {r.league.code: r for r in selectors.status_board(region_centre(), YEAR, today=datetime.date(YEAR, 1, 5))}
    assert len(board) == 14
    assert board["150100"].late and not board["150200"].late
    assert board["150300"].late and board["150300"].summary is None
    own = selectors.status_board(writer, YEAR)
    assert [r.league.code for r in own] == ["150100"]


def test_exports_to_pdf_and_excel_and_the_region_rollup():
    f = final_plan(2)
    f.issue(0)
    year = f.plan.first_session_on.year
    writer = league_centre("150100")
    summary = open_summary(actor=writer, year=year)
    summary = save_narrative(actor=writer, summary=summary, overview="全盟认定工作概况")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(exports.summary_pdf(summary))).pages)
    assert "全盟认定工作概况" in text and "证书" in text
    wb = load_workbook(io.BytesIO(exports.summary_xlsx(summary)))
    assert "全盟认定工作概况" in [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    rollup = selectors.region_rollup(region_centre(), year)
    assert any(f.s.occupation.code in r["occupation"] for r in rollup["plans"])
