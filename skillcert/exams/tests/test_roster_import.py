"""Roster imports: checks per row, all-or-nothing vs keep-valid, error report, idempotency, bad files,
the background path with progress (R-EXAM-3, R-X-4)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from skillcert.archives.files import files_of
from skillcert.core.audit import events_for
from skillcert.core.errors import DomainError
from skillcert.exams.choices import ImportMode, ImportStatus, RegistrationSource
from skillcert.exams.models import Registration, RosterRow
from skillcert.exams.services.roster import start_roster_import
from skillcert.exams.tests.factories import (
    candidate,
    id_number,
    open_plan,
    ready_institution,
    roster_csv,
    roster_rows,
    roster_xlsx,
)

pytestmark = pytest.mark.django_db


def _report(roster_import) -> list[tuple]:
    with roster_import.error_report.open("rb") as fh:
        data = fh.read()
    assert data, "empty error report"
    wb = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    return rows[1:]


def test_a_clean_roster_is_imported_and_the_file_is_kept_by_content():
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 50})
    roster_import, created = start_roster_import(actor=setup.clerk, plan=plan, upload=roster_xlsx(roster_rows(20)))
    assert created and roster_import.status == ImportStatus.DONE, (roster_import.failure, roster_import.rows_rejected)
    assert (roster_import.rows_total, roster_import.rows_accepted, roster_import.rows_rejected) == (20, 20, 0)
    assert Registration.objects.filter(plan=plan, source=RegistrationSource.IMPORT).count() == 20
    assert roster_import.file and roster_import.sha256
    kept = files_of(roster_import).get(purpose="exams.roster")
    assert kept.sha256 == roster_import.sha256 and kept.uploaded_by == setup.clerk and kept.plan == plan
    assert not RosterRow.objects.exists()
    assert events_for(roster_import).filter(action="exams.roster_imported").exists()


def test_all_or_nothing_refuses_the_file_and_reports_every_bad_row():
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 50})
    rows = roster_rows(5)
    rows[1][2] = rows[1][2][:-1] + ("0" if rows[1][2][-1] != "0" else "1")  # check digit
    rows[2][4] = "1234"  # phone
    rows[3][2] = rows[0][2]  # duplicate of row 2
    rows[4][5] = "九级"  # level
    roster_import, _ = start_roster_import(actor=setup.clerk, plan=plan, upload=roster_csv(rows))
    assert roster_import.status == ImportStatus.FAILED
    assert "4行错误" in roster_import.failure
    assert Registration.objects.filter(plan=plan).count() == 0
    report = {row[0]: row[2] for row in _report(roster_import)}
    assert set(report) == {3, 4, 5, 6}
    assert "校验位" in report[3]
    assert "手机号码" in report[4]
    assert "与第2行重复" in report[5]
    assert "申报等级" in report[6]
    # ID numbers in the report are masked.
    assert all("********" in row[1] for row in _report(roster_import) if row[1])


def test_keep_valid_imports_the_good_rows_and_reports_the_rest():
    setup = ready_institution(years=2)
    plan = open_plan(setup, levels={4: 50})
    rows = roster_rows(4)
    rows[2][7] = "1"  # one year in the occupation: conditions not met
    roster_import, _ = start_roster_import(
        actor=setup.clerk, plan=plan, upload=roster_csv(rows), mode=ImportMode.KEEP_VALID
    )
    assert roster_import.status == ImportStatus.DONE
    assert (roster_import.rows_accepted, roster_import.rows_rejected) == (3, 1)
    (row,) = _report(roster_import)
    assert row[0] == 4 and "申报条件" in row[2] and "不足2年" in row[2]


def test_the_same_file_twice_creates_nothing_new_and_registered_people_are_skipped():
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 50})
    rows = roster_rows(6)
    first, created = start_roster_import(actor=setup.clerk, plan=plan, upload=roster_csv(rows))
    again, created_again = start_roster_import(actor=setup.clerk, plan=plan, upload=roster_csv(rows))
    assert created and not created_again and again.pk == first.pk
    # The same people in a different file: nothing is registered twice.
    second, _ = start_roster_import(actor=setup.clerk, plan=plan, upload=roster_xlsx(rows + roster_rows(2, start=6)))
    assert (second.rows_accepted, second.rows_skipped) == (2, 6)
    assert Registration.objects.filter(plan=plan).count() == 8


def test_capacity_all_or_nothing_and_keep_valid():
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 3})
    refused, _ = start_roster_import(actor=setup.clerk, plan=plan, upload=roster_csv(roster_rows(5)))
    assert refused.status == ImportStatus.FAILED and "名额不足：剩余3个，名册中有5人" in refused.failure
    kept, _ = start_roster_import(
        actor=setup.clerk, plan=plan, upload=roster_csv(roster_rows(5)), mode=ImportMode.KEEP_VALID
    )
    assert (kept.rows_accepted, kept.rows_rejected) == (3, 2)
    assert {r[0] for r in _report(kept)} == {5, 6}


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("名册.csv", b""), "空文件"),
        (SimpleUploadedFile("名册.pdf", b"%PDF-1.4"), "不是 .xlsx 或 .csv"),
        (SimpleUploadedFile("名册.xlsx", b"this is not a zip"), "无法读取 Excel"),
        (
            SimpleUploadedFile("名册.csv", "姓名,电话\n张三,1\n".encode()),
            "表头缺少必填列：证件号码、手机号码、申报等级",
        ),
        (SimpleUploadedFile("名册.csv", "姓名,证件号码,手机号码,申报等级\n".encode()), "没有数据行"),
        (SimpleUploadedFile("名册.csv", "姓名,证件号码\n".encode("gbk") + b"\x80\xff"), "UTF-8、GB18030 或 UTF-16"),
    ],
)
def test_bad_files_are_refused_at_once_with_the_reason(upload, message):
    setup = ready_institution()
    plan = open_plan(setup)
    with pytest.raises(DomainError) as exc:
        start_roster_import(actor=setup.clerk, plan=plan, upload=upload)
    assert message in exc.value.message
    assert exc.value.field == "file"


def test_a_large_file_runs_in_the_background_and_reports_progress(set_policy, django_capture_on_commit_callbacks):
    set_policy("exams.roster_inline_kb", 0)
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 2000})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        roster_import, _ = start_roster_import(actor=setup.clerk, plan=plan, upload=roster_csv(roster_rows(1200)))
    assert len(callbacks) == 1
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.DONE
    assert roster_import.rows_processed == roster_import.rows_total == 1200
    assert roster_import.progress_percent == 100
    assert Registration.objects.filter(plan=plan).count() == 1200


def test_imported_registrations_reach_the_candidates_account():
    setup = ready_institution()
    plan = open_plan(setup, levels={4: 50})
    rows = roster_rows(2)
    rows[0][0] = "王小明"
    rows[0][2] = id_number(1)
    start_roster_import(actor=setup.clerk, plan=plan, upload=roster_csv(rows))
    user = candidate(1, name="王小明")
    assert Registration.objects.filter(user=user, plan=plan).count() == 1
