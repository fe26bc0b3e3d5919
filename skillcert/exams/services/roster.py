"""Roster imports (报名名册): upload, a check phase that streams the file in batches and commits its
progress, a write phase in one transaction (all-or-nothing, or keep the valid rows), an error report
in .xlsx, and idempotency for the same file (R-EXAM-3, R-X-4).

Memory stays flat as the file grows: rows are read one at a time (`core.excel.read_table`),
checked a batch at a time, and parked in `RosterRow` staging rows; duplicates inside the file
are found through the database, not a set in memory; the error report is streamed.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from typing import IO, Any

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from skillcert.accounts.types import Actor
from skillcert.archives.choices import FilePurpose
from skillcert.archives.files import store_file
from skillcert.catalog.choices import level_label
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.excel import TableRow, read_table, write_xlsx
from skillcert.core.fields import blind_index_for
from skillcert.core.jobs import heartbeat, stale_before, stale_seconds
from skillcert.core.masking import mask_id_number
from skillcert.core.policy import get_policy
from skillcert.exams.choices import Event, ImportMode, ImportStatus, PlanStatus, RegistrationSource, RowOutcome
from skillcert.exams.models import CandidateProfile, ExamPlan, PlanLevel, Registration, RosterImport, RosterRow
from skillcert.exams.services.access import require_plan_staff, sha256_of
from skillcert.exams.services.registration import (
    ApplicantInput,
    CleanApplicant,
    PlanContext,
    clean_applicant,
    registration_from,
    taken_places,
)

logger = logging.getLogger(__name__)

BATCH = 500

ROSTER_COLUMNS: list[tuple[str, str]] = [  # i18n: data (the roster file's column names)
    ("name", "姓名"),
    ("id_type", "证件类型"),
    ("id_number", "证件号码"),
    ("birth_date", "出生日期"),
    ("mobile", "手机号码"),
    ("level", "申报等级"),
    ("employer_name", "工作单位/学校"),
    ("years_in_occupation", "从业年限"),
    ("certificate_occupation", "已持证书职业编码"),
    ("certificate_level", "已持证书等级"),
    ("certificate_issued_on", "已持证书发证日期"),
    ("diploma", "毕业证书"),
    ("diploma_related", "所学专业与本职业相关"),
    ("title", "职称"),
    ("apprenticeship_completed", "学徒期满"),
]
ROSTER_HEADERS = [header for _, header in ROSTER_COLUMNS]
ROSTER_REQUIRED = ["姓名", "证件号码", "手机号码", "申报等级"]  # i18n: data
EXAMPLE_MARK = "【示例】"  # i18n: data (compared with the uploaded cell)
"""The template's example row starts its name with this mark; the import skips such rows (R-EXAM-3)."""
ROSTER_EXAMPLE = [  # i18n: data (a row of the file, read back by the import)
    f"{EXAMPLE_MARK}张三",
    "居民身份证",
    "150102199003071237",
    "",
    "13812345678",
    "四级/中级工",
    "呼和浩特市示例公司",
    "5",
    "",
    "",
    "",
    "",
    "",
    "",
    "否",
]
ERROR_HEADERS = [gettext_lazy("行号"), gettext_lazy("考生"), gettext_lazy("错误原因")]
IMPORT_AUDIT_FIELDS = [
    "plan",
    "original_name",
    "sha256",
    "size",
    "mode",
    "status",
    "rows_total",
    "rows_accepted",
    "rows_skipped",
    "rows_rejected",
    "failure",
    "retryable",
]


def _import_snapshot(roster_import: RosterImport) -> dict[str, Any]:
    return snapshot(roster_import, IMPORT_AUDIT_FIELDS)


def _open_rows(stream: IO[bytes], filename: str) -> Iterator[TableRow]:
    return read_table(stream, filename, ROSTER_REQUIRED)


def start_roster_import(
    *, actor: Actor, plan: ExamPlan, upload: Any, mode: str = ImportMode.ALL_OR_NOTHING
) -> tuple[RosterImport, bool]:
    """Accept a roster file for a plan that is open for registration and start importing it (R-EXAM-3).

    The file's type, size, columns and first data row are checked at once (a wrong file is a
    400 with the reason); the rows are checked in the background for large files, inline for
    small ones. The same file uploaded again for the same plan creates nothing: the earlier
    import is returned with ``created=False``.
    """
    require_plan_staff(actor, plan)
    if mode not in ImportMode.values:
        raise DomainError(gettext("导入方式：“%(mode)s”无效") % {"mode": mode}, field="mode", code="invalid")
    if upload is None:
        raise DomainError(gettext("名册文件：请选择要导入的 .xlsx 或 .csv 文件"), field="file", code="required")
    name = str(getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:200]
    if not name.lower().endswith((".xlsx", ".csv")):
        raise DomainError(
            gettext("名册文件：“%(name)s”不是 .xlsx 或 .csv 文件") % {"name": name}, field="file", code="file_type"
        )
    max_mb = int(get_policy("exams.roster_max_mb"))
    sha256, size = sha256_of(upload)
    if size == 0:
        raise DomainError(gettext("名册文件：“%(name)s”是空文件") % {"name": name}, field="file", code="file_empty")
    if size > max_mb * 1024 * 1024:
        raise DomainError(
            gettext("名册文件：“%(name)s”超过%(max_mb)sMB的上限") % {"name": name, "max_mb": max_mb},
            field="file",
            code="file_size",
        )
    earlier = (
        RosterImport.objects.filter(plan=plan, sha256=sha256)
        .exclude(status=ImportStatus.FAILED)
        .order_by("-created_at")
        .first()
    )
    if earlier is not None:
        return earlier, False
    rows = _open_rows(upload, name)
    try:
        if next(rows, None) is None:
            raise DomainError(
                gettext("名册文件：没有数据行（第1行为列名，从第2行起每行一名考生）"), field="file", code="empty"
            )
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    upload.seek(0)
    with transaction.atomic():
        locked = ExamPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != PlanStatus.OPEN or locked.registration_deadline < timezone.localdate():
            raise DomainError(gettext("本计划不在报名期内，不能导入名册"), field="file", code="closed")
        roster_import = RosterImport(
            plan=locked,
            original_name=name,
            sha256=sha256,
            size=size,
            mode=mode,
            status=ImportStatus.QUEUED,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        roster_import.save()
        roster_import.file.name = store_file(
            actor=actor,
            content=upload,
            name=name,
            purpose=FilePurpose.ROSTER,
            subject=roster_import,
            plan=locked,
            max_mb=int(get_policy("exams.roster_max_mb")),
        ).name
        roster_import.save(update_fields=["file"])
        record_event(
            actor=actor,
            action=Event.ROSTER_IMPORT_QUEUED,
            obj=roster_import,
            after=_import_snapshot(roster_import),
            organisation=plan.institution.organisation,
        )
        if size > int(get_policy("exams.roster_inline_kb")) * 1024:
            from skillcert.exams.tasks import run_roster_import_task

            pk = roster_import.pk
            transaction.on_commit(lambda: run_roster_import_task(pk))
    if roster_import.status == ImportStatus.QUEUED and size <= int(get_policy("exams.roster_inline_kb")) * 1024:
        run_roster_import(import_id=roster_import.pk)
    roster_import.refresh_from_db()
    return roster_import, True


# --- the worker ------------------------------------------------------------------------------------------


def _applicant_input(row: TableRow) -> ApplicantInput:
    values = row.values
    return ApplicantInput(**{name: values.get(header, "") for name, header in ROSTER_COLUMNS})


def _label(name: str, id_number: str) -> str:
    masked = mask_id_number(id_number)
    return f"{name}（{masked}）"[:120] if masked else name[:120]


def _index(id_number: str) -> str | None:
    try:
        return blind_index_for(Registration, "id_number", id_number)
    except ValueError:
        return None


def _encode(applicant: CleanApplicant) -> str:
    data = asdict(applicant)
    data["birth_date"] = applicant.birth_date.isoformat()
    data["employer"] = applicant.employer.pk if applicant.employer is not None else None
    return json.dumps(data, ensure_ascii=False)


def _decode(raw: str, plan: ExamPlan) -> CleanApplicant:
    import datetime

    data = json.loads(raw)
    data["birth_date"] = datetime.date.fromisoformat(data["birth_date"])
    employer_id = data.pop("employer")
    data["employer"] = plan.institution.organisation if employer_id else None
    return CleanApplicant(**data)


def _stage_batch(roster_import: RosterImport, context: PlanContext, batch: list[TableRow]) -> None:
    """Check one batch of rows and park them as staging rows; commit the progress (R-EXAM-3)."""
    staged: list[RosterRow] = []
    first_seen: dict[str, int] = {}
    for row in batch:
        name = str(row.values.get("姓名", ""))[:50]
        if name.strip().startswith(EXAMPLE_MARK):
            # A user who keeps the template's example row does not have the whole file refused.
            staged.append(
                RosterRow(
                    roster_import=roster_import,
                    row_number=row.number,
                    outcome=RowOutcome.SKIPPED,
                    label=name[:120],
                    message=gettext("模板示例行，未导入"),
                )
            )
            continue
        applicant, problems = clean_applicant(context, _applicant_input(row))
        if applicant is None:
            raw_id = str(row.values.get("证件号码", ""))
            staged.append(
                RosterRow(
                    roster_import=roster_import,
                    row_number=row.number,
                    outcome=RowOutcome.ERROR,
                    label=_label(name, raw_id),
                    message=problems.text(),
                )
            )
            continue
        index = _index(applicant.id_number)
        staged.append(
            RosterRow(
                roster_import=roster_import,
                row_number=row.number,
                outcome=RowOutcome.VALID,
                level=applicant.level,
                id_number_index=index,
                label=_label(applicant.name, applicant.id_number),
                data=_encode(applicant),
            )
        )
    indexes = {r.id_number_index for r in staged if r.id_number_index}
    earlier_rows = dict(
        RosterRow.objects.filter(
            roster_import=roster_import, id_number_index__in=indexes, outcome=RowOutcome.VALID
        ).values_list("id_number_index", "row_number")
    )
    registered = dict(
        Registration.objects.filter(plan=roster_import.plan, id_number_index__in=indexes).values_list(
            "id_number_index", "status"
        )
    )
    for r in staged:
        if r.outcome != RowOutcome.VALID or not r.id_number_index:
            continue
        seen = earlier_rows.get(r.id_number_index) or first_seen.get(r.id_number_index)
        if seen is not None:
            r.outcome, r.data = RowOutcome.ERROR, ""
            r.message = gettext("证件号码：与第%(seen)s行重复，同一人在一个计划中只能报名一次") % {"seen": seen}
        elif r.id_number_index in registered:
            r.outcome, r.data = RowOutcome.SKIPPED, ""
            r.message = gettext("该考生已报名本计划，未重复导入")
        else:
            first_seen[r.id_number_index] = r.row_number
    with transaction.atomic():
        RosterRow.objects.bulk_create(staged)
        RosterImport.objects.filter(pk=roster_import.pk).update(
            rows_processed=F("rows_processed") + len(batch), updated_at=timezone.now()
        )


def _settle(roster_import: RosterImport, *, action: str, **fields: Any) -> None:
    """End an import (done or failed) with its audit event, inside the caller's transaction."""
    before = _import_snapshot(roster_import)
    for name, value in fields.items():
        setattr(roster_import, name, value)
    roster_import.finished_at = timezone.now()
    roster_import.save()
    record_event(
        actor=roster_import.uploaded_by,
        action=action,
        obj=roster_import,
        before=before,
        after=_import_snapshot(roster_import),
        organisation=roster_import.plan.institution.organisation,
    )


def _fail(roster_import: RosterImport, reason: str, *, retryable: bool = False) -> None:
    with transaction.atomic():
        _settle(
            roster_import,
            action=Event.ROSTER_IMPORT_FAILED,
            status=ImportStatus.FAILED,
            failure=reason,
            retryable=retryable,
        )


def _mark_over_capacity(roster_import: RosterImport, level: int, free: int) -> int:
    """keep-valid mode: rows of a level beyond its free places become errors, in row order."""
    over = 0
    rows = RosterRow.objects.filter(roster_import=roster_import, outcome=RowOutcome.VALID, level=level).order_by(
        "row_number"
    )
    while True:
        ids = list(rows.values_list("pk", flat=True)[free : free + 1000])
        if not ids:
            return over
        RosterRow.objects.filter(pk__in=ids).update(
            outcome=RowOutcome.ERROR,
            data="",
            message=gettext("申报等级：%(level_label)s报名名额已满") % {"level_label": level_label(level)},
        )
        over += len(ids)


def _write(roster_import: RosterImport, context: PlanContext) -> str:
    """The write phase, inside the caller's transaction: capacity, late duplicates, registrations.

    Returns "" when the registrations were written, else why nothing was.
    """
    plan = ExamPlan.objects.select_for_update().select_related("institution").get(pk=roster_import.plan_id)
    if plan.status != PlanStatus.OPEN or plan.registration_deadline < timezone.localdate():
        return gettext("本计划已不在报名期内，名册未导入")
    rows = RosterRow.objects.filter(roster_import=roster_import)
    errors = rows.filter(outcome=RowOutcome.ERROR).count()
    keep_valid = roster_import.mode == ImportMode.KEEP_VALID
    if errors and not keep_valid:
        return gettext("名册中有%(errors)s行错误，按“全部正确才导入”未导入任何考生；请按错误报告修改后重新导入") % {
            "errors": errors
        }
    levels = list(PlanLevel.objects.select_for_update().filter(plan=plan).order_by("level"))
    wanted = dict(
        rows.filter(outcome=RowOutcome.VALID).values_list("level").annotate(n=Count("id")).values_list("level", "n")
    )
    for level_row in levels:
        free = max(0, level_row.capacity - taken_places(plan, level_row.level))
        need = wanted.get(level_row.level, 0)
        if need > free:
            if not keep_valid:
                return gettext(
                    "%(level_label)s报名名额不足：剩余%(free)s个，名册中有%(need)s人，按“全部正确才导入”未导入任何考生"
                ) % {"level_label": level_label(level_row.level), "free": free, "need": need}
            _mark_over_capacity(roster_import, level_row.level, free)
    last = 0
    valid = rows.filter(outcome=RowOutcome.VALID).order_by("pk")
    while True:
        chunk = list(valid.filter(pk__gt=last)[:BATCH])
        if not chunk:
            break
        last = chunk[-1].pk
        indexes = [r.id_number_index for r in chunk]
        # Registered online since the check phase: the level locks keep it from changing now.
        late = set(
            Registration.objects.filter(plan=plan, id_number_index__in=indexes).values_list(
                "id_number_index", flat=True
            )
        )
        accounts = {
            index: (user_id, full_name)
            for index, user_id, full_name in CandidateProfile.objects.filter(id_number_index__in=indexes).values_list(
                "id_number_index", "user_id", "full_name"
            )
        }
        new: list[Registration] = []
        for r in chunk:
            if r.id_number_index in late:
                RosterRow.objects.filter(pk=r.pk).update(
                    outcome=RowOutcome.SKIPPED, data="", message=gettext("该考生已报名本计划，未重复导入")
                )
                continue
            applicant = _decode(r.data, plan)
            registration = registration_from(
                plan,
                applicant,
                source=RegistrationSource.IMPORT,
                roster_import=roster_import,
                row_number=r.row_number,
            )
            account = accounts.get(r.id_number_index or "")
            if account is not None and account[1] == applicant.name:
                registration.user_id = account[0]
            new.append(registration)
        Registration.objects.bulk_create(new)
    return ""


def _error_rows(roster_import: RosterImport) -> Iterator[list[Any]]:
    last = 0
    rows = RosterRow.objects.filter(roster_import=roster_import, outcome=RowOutcome.ERROR).order_by("row_number")
    while True:
        chunk = list(rows.filter(row_number__gt=last).values_list("row_number", "label", "message")[:BATCH])
        if not chunk:
            return
        last = chunk[-1][0]
        yield from ([n, label, message] for n, label, message in chunk)


def _save_error_report(roster_import: RosterImport) -> None:
    with tempfile.TemporaryFile() as target:
        count = write_xlsx(target, [str(h) for h in ERROR_HEADERS], _error_rows(roster_import), title=gettext("错误行"))
        if not count:
            return
        target.seek(0)
        stem = roster_import.original_name.rsplit(".", 1)[0]
        roster_import.error_report.name = store_file(
            actor=None,
            content=target,
            name=gettext("%(stem)s-错误报告.xlsx") % {"stem": stem},
            purpose=FilePurpose.ROSTER,
            subject=roster_import,
            plan=roster_import.plan,
        ).name


def run_roster_import(*, import_id: int) -> RosterImport:
    """Check and import a queued roster; the background task and small uploads call this (R-EXAM-3, R-X-4).

    Check phase: count the rows, then check them a batch at a time (identity, phone, level,
    conditions, scope, duplicates in the file and in the plan), committing the progress after
    each batch. Write phase, in one transaction with the error report, the final counts, the
    "done" status and its audit event: all-or-nothing refuses the whole file when any row is
    wrong or a level lacks places; keep-valid writes the valid rows up to the capacity. A worker
    killed at any point therefore leaves either every registration of the file with its audit
    event, or none; its import stops beating and is marked failed with a retry
    (`fail_stale_imports`, `retry_roster_import`). Running it again for a finished import does nothing.
    """
    roster_import = RosterImport.objects.select_related("plan__institution", "plan__league").get(pk=import_id)
    claimed = RosterImport.objects.filter(pk=import_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not claimed:
        return roster_import
    roster_import.refresh_from_db()
    try:
        with heartbeat(RosterImport.objects.filter(pk=import_id, status=ImportStatus.RUNNING)):
            _check_and_write(roster_import)
    except DomainError as exc:
        roster_import.refresh_from_db()
        _fail(roster_import, exc.message)
    except Exception:
        logger.exception("roster import %s failed", import_id)
        roster_import.refresh_from_db()
        _fail(
            roster_import,
            gettext("导入时发生系统错误，未导入任何考生；可点击“重新导入”再试，仍不成功请联系平台运维"),
            retryable=True,
        )
    finally:
        RosterRow.objects.filter(roster_import_id=import_id).delete()
    roster_import.refresh_from_db()
    return roster_import


def _check_and_write(roster_import: RosterImport) -> None:
    """The two phases of `run_roster_import` for a claimed import."""
    import_id = roster_import.pk
    plan = roster_import.plan
    with roster_import.file.open("rb") as stream:
        total = sum(1 for _ in _open_rows(stream, roster_import.original_name))
    max_rows = int(get_policy("exams.roster_max_rows"))
    if total > max_rows:
        raise DomainError(
            gettext("名册有%(total)s行，超过每次最多%(max_rows)s行的上限，请分批导入")
            % {"total": total, "max_rows": max_rows}
        )
    RosterImport.objects.filter(pk=import_id).update(rows_total=total)
    context = PlanContext(plan)
    with roster_import.file.open("rb") as stream:
        batch: list[TableRow] = []
        for row in _open_rows(stream, roster_import.original_name):
            batch.append(row)
            if len(batch) >= BATCH:
                _stage_batch(roster_import, context, batch)
                batch = []
        if batch:
            _stage_batch(roster_import, context, batch)
    with transaction.atomic():
        failure = _write(roster_import, context)
        if not failure:
            _finish(roster_import)
            return
        transaction.set_rollback(True)
    roster_import.refresh_from_db()
    _save_error_report(roster_import)
    roster_import.rows_rejected = _outcome_counts(roster_import).get(RowOutcome.ERROR, 0)
    roster_import.save()
    _fail(roster_import, failure)


def _outcome_counts(roster_import: RosterImport) -> dict[str, int]:
    return dict(
        RosterRow.objects.filter(roster_import=roster_import)
        .values_list("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )


def _finish(roster_import: RosterImport) -> None:
    """Inside the write transaction: the error report, the counts, "done" and its audit event."""
    roster_import.refresh_from_db()
    counts = _outcome_counts(roster_import)
    _save_error_report(roster_import)
    _settle(
        roster_import,
        action=Event.ROSTER_IMPORTED,
        status=ImportStatus.DONE,
        retryable=False,
        rows_accepted=counts.get(RowOutcome.VALID, 0),
        rows_skipped=counts.get(RowOutcome.SKIPPED, 0),
        rows_rejected=counts.get(RowOutcome.ERROR, 0),
    )


# --- interrupted imports (R-X-4) -------------------------------------------------------------------------


def _interrupted(roster_import: RosterImport) -> None:
    """Mark a locked import whose worker stopped beating as failed, with a retry; drop its staging rows."""
    RosterRow.objects.filter(roster_import=roster_import).delete()
    _fail(
        roster_import,
        gettext(
            "导入中断：后台处理进程超过%(seconds)s秒没有响应（进程被终止或服务器重启），未导入任何考生；"
            "可点击“重新导入”用已上传的文件再导入一次"
        )
        % {"seconds": int(stale_seconds())},
        retryable=True,
    )


def fail_stale_imports() -> int:
    """Mark every import whose worker was lost as failed with a retry; how many (R-EXAM-3, R-X-4).

    Run every minute by the worker's periodic task; a lost import left nothing of the file
    written, since the registrations are written in one transaction with the "done" status.
    """
    failed = 0
    stale = RosterImport.objects.filter(status=ImportStatus.RUNNING, updated_at__lt=stale_before())
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            roster_import = (
                RosterImport.objects.select_for_update(of=("self",)).select_related("plan__institution").get(pk=pk)
            )
            if not roster_import.is_stale:
                continue
            _interrupted(roster_import)
            failed += 1
    return failed


def retry_roster_import(*, actor: Actor, roster_import: RosterImport) -> RosterImport:
    """Run an interrupted (or system-failed) import again from its kept file (R-EXAM-3, R-X-4).

    The import starts over: its counts, error report and reason are cleared and it is queued
    for the background worker; the plan must still be open for registration. An import that
    failed on its rows is not retried: the file has to be corrected and uploaded again.
    """
    require_plan_staff(actor, roster_import.plan)
    with transaction.atomic():
        locked = (
            RosterImport.objects.select_for_update(of=("self",))
            .select_related("plan__institution")
            .get(pk=roster_import.pk)
        )
        if locked.is_stale:
            _interrupted(locked)
        if not locked.may_retry:
            if locked.status in (ImportStatus.QUEUED, ImportStatus.RUNNING):
                message = gettext("该名册正在导入，请等待完成")
            elif locked.status == ImportStatus.DONE:
                message = gettext("该名册已导入完成，无需重新导入")
            else:
                message = gettext("该名册因内容问题未导入，请按错误报告修改后重新上传")
            raise DomainError(message, field="import", code="not_retryable")
        plan = ExamPlan.objects.select_for_update().get(pk=locked.plan_id)
        if plan.status != PlanStatus.OPEN or plan.registration_deadline < timezone.localdate():
            raise DomainError(gettext("本计划不在报名期内，不能导入名册"), field="import", code="closed")
        before = _import_snapshot(locked)
        RosterRow.objects.filter(roster_import=locked).delete()
        locked.status = ImportStatus.QUEUED
        locked.failure = ""
        locked.retryable = False
        locked.rows_total = None
        locked.rows_processed = locked.rows_accepted = locked.rows_skipped = locked.rows_rejected = 0
        locked.error_report = ""
        locked.started_at = locked.finished_at = None
        locked.save()
        record_event(
            actor=actor,
            action=Event.ROSTER_IMPORT_RETRIED,
            obj=locked,
            before=before,
            after=_import_snapshot(locked),
            organisation=plan.institution.organisation,
        )
        from skillcert.exams.tasks import run_roster_import_task

        pk = locked.pk
        transaction.on_commit(lambda: run_roster_import_task(pk))
    locked.refresh_from_db()
    return locked
