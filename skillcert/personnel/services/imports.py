"""Excel/CSV import of people and qualifications: every row through the services, all or nothing.

Each row runs in its own savepoint inside one transaction, so later rows see earlier ones
(two rows with the same ID number are caught) and every failing row is reported with its
spreadsheet row number; if any row fails, the whole transaction is rolled back and nothing
is imported (R-X-4, R-PER-1).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from skillcert.accounts.models import Jurisdiction, Organisation
from skillcert.accounts.types import Acting
from skillcert.archives.files import store_error_report
from skillcert.catalog.choices import Edition, clean_level
from skillcert.core.errors import DomainError, NotFoundError
from skillcert.core.excel import TableRow, check_upload_size, limit_rows, read_table, row_errors_refusal
from skillcert.core.fields import blind_index_for
from skillcert.core.masking import mask_id_number, mask_mobile
from skillcert.core.policy import get_policy
from skillcert.core.validation import clean_id_number
from skillcert.personnel.choices import AppointmentStatus, StaffRole
from skillcert.personnel.models import Person
from skillcert.personnel.selectors import occupation_by_code
from skillcert.personnel.services.access import actor_org
from skillcert.personnel.services.appointments import add_role
from skillcert.personnel.services.people import register_person
from skillcert.personnel.services.qualifications import grant_qualification
from skillcert.personnel.services.registrations import files_requests, submit_registration

MAX_ROWS = 5000

PEOPLE_COLUMNS = [  # i18n: data (the import file's column names)
    "姓名",
    "身份证号码",
    "人员类别",
    "手机号码",
    "工作单位编码",
    "工作单位名称",
    "工作所在地代码",
    "职务/职称",
    "证卡编号",
    "证卡有效期至",
]
PEOPLE_REQUIRED = ["姓名", "身份证号码", "人员类别"]  # i18n: data

QUALIFICATION_COLUMNS = ["身份证号码", "职业编码", "等级", "取得日期", "大典版本"]  # i18n: data
QUALIFICATION_REQUIRED = ["身份证号码", "职业编码", "等级"]  # i18n: data

FIELD_COLUMNS = {  # i18n: data (service fields to the file's columns)
    "name": "姓名",
    "id_number": "身份证号码",
    "role": "人员类别",
    "mobile": "手机号码",
    "employer": "工作单位编码",
    "employer_name": "工作单位名称",
    "jurisdiction": "工作所在地代码",
    "job_title": "职务/职称",
    "card_number": "证卡编号",
    "card_valid_until": "证卡有效期至",
    "occupation": "职业编码",
    "level": "等级",
    "granted_on": "取得日期",
    "edition": "大典版本",
}


@dataclass
class RowError:
    row: int
    column: str
    message: str
    values: dict[str, str] = field(default_factory=dict)


class Outcome:
    """What one imported row did; the success message counts each (R-PER-1, R-ORG-2)."""

    REGISTERED = "registered"
    """A new person in the region's register (a centre's import)."""
    APPOINTED = "appointed"
    """A role, with its card, for a person already registered (a centre's import)."""
    PROPOSED = "proposed"
    """A role proposed for one of the institution's own people, waiting for the centre's approval."""
    REQUESTED = "requested"
    """A registration request filed with the league centre (an institution's import: whether or not
    the number is in the register elsewhere, which the institution is not told)."""
    GRANTED = "granted"
    """A qualification granted or raised."""


@dataclass
class ImportResult:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)
    """Rows per `Outcome`, counted while the rows run (all are undone when any row fails)."""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def applied(self) -> int:
        return sum(self.outcomes.values()) if self.ok else 0

    def count(self, outcome: str) -> int:
        return self.outcomes.get(outcome, 0) if self.ok else 0

    @property
    def summary(self) -> str:
        if self.ok:
            return _done_message(self)
        return self.refused + self.error_lines()[0]

    @property
    def refused(self) -> str:
        return gettext("%(rows)s行中有%(len)s处错误，全部未导入。") % {"rows": self.rows, "len": len(self.errors)}

    def error_lines(self) -> list[str]:
        return [gettext("第%(row)s行：%(message)s") % {"row": e.row, "message": e.message} for e in self.errors]

    def as_dict(self) -> dict[str, Any]:
        """The 201 answer of the API: what was done, row counts per outcome."""
        return {
            "code": "imported",
            "detail": self.summary,
            "rows": self.rows,
            "imported": self.applied,
            "registered": self.count(Outcome.REGISTERED),
            "appointed": self.count(Outcome.APPOINTED),
            "proposed": self.count(Outcome.PROPOSED),
            "requested": self.count(Outcome.REQUESTED),
            "granted": self.count(Outcome.GRANTED),
        }


def _done_message(result: ImportResult) -> str:
    """Say what the rows became: registered, given a role, proposed, or filed as a request.

    An institution's rows for people it does not already see all become requests, so the counts
    only sort rows by what the institution knows itself; they never tell whether a number is in
    the region's register elsewhere (R-ORG-2).
    """
    parts = []
    if n := result.count(Outcome.REGISTERED):
        parts.append(gettext("新登记%(n)s人") % {"n": n})
    if n := result.count(Outcome.APPOINTED):
        parts.append(gettext("为已登记人员增加类别%(n)s人") % {"n": n})
    if n := result.count(Outcome.PROPOSED):
        parts.append(gettext("为本机构人员推荐类别%(n)s人（待审核）") % {"n": n})
    if n := result.count(Outcome.REQUESTED):
        parts.append(
            gettext("%(n)s人已提交人员登记申请，待盟市就业服务中心核实办理（结果见“人员登记申请”）") % {"n": n}
        )
    if n := result.count(Outcome.GRANTED):
        parts.append(gettext("授予或调整职业资格%(n)s条") % {"n": n})
    return gettext("%(rows)s行已导入：%(parts)s") % {"rows": result.rows, "parts": "；".join(parts)}


class _Rollback(Exception):
    pass


def parse_date(value: str, column: str) -> datetime.date | None:
    text = (value or "").strip()
    if not text:
        return None
    normalised = (
        text.replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    )  # i18n: data
    try:
        parts = [int(p) for p in normalised.split("-")]
        return datetime.date(parts[0], parts[1], parts[2])
    except (ValueError, IndexError) as exc:
        raise DomainError(
            gettext("%(column)s：“%(text)s”不是有效日期，应写作 2026-03-31") % {"column": column, "text": text},
            field=column,
            code="invalid_date",
        ) from exc


def parse_role(value: str) -> str:
    text = (value or "").strip()
    for role in StaffRole:
        if text in (role.value, str(role.label)):
            return str(role.value)
    labels = "、".join(str(r.label) for r in StaffRole)
    raise DomainError(
        gettext("人员类别：“%(text)s”不是有效的人员类别，应为%(labels)s之一") % {"text": text, "labels": labels},
        field="role",
        code="invalid_role",
    )


def _safe_values(values: dict[str, str]) -> dict[str, str]:
    out = dict(values)
    if out.get("身份证号码"):
        out["身份证号码"] = mask_id_number(out["身份证号码"])
    if out.get("手机号码"):
        out["手机号码"] = mask_mobile(out["手机号码"])
    return out


def _run(actor: Acting, rows: Iterable[TableRow], apply: Callable[[Any, dict[str, str]], str]) -> ImportResult:
    result = ImportResult()
    try:
        with transaction.atomic():
            for row in rows:
                result.rows += 1
                try:
                    with transaction.atomic():
                        outcome = apply(actor, row.values)
                    result.outcomes[outcome] = result.outcomes.get(outcome, 0) + 1
                except DomainError as exc:
                    for name, messages in exc.errors.items():
                        column = FIELD_COLUMNS.get(name, name if name != "__all__" else "")
                        for message in messages:
                            result.errors.append(RowError(row.number, column, message, _safe_values(row.values)))
                except (PermissionDenied, NotFoundError) as exc:
                    message = str(exc) or gettext("没有权限办理该行")
                    result.errors.append(RowError(row.number, "", message, _safe_values(row.values)))
            if result.errors:
                raise _Rollback
    except _Rollback:
        pass
    if result.rows == 0:
        raise DomainError(gettext("文件：没有数据行（第1行为列名，从第2行起每行一条记录）"), field="file", code="empty")
    return result


def _organisation(actor: Acting, code: str) -> Organisation | None:
    code = (code or "").strip()
    if not code:
        return None
    org = Organisation.objects.restrict(actor, "view").filter(code=code).first() if actor else None
    if org is None and actor is None:
        org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise DomainError(
            gettext("工作单位编码：未找到编码为“%(code)s”的机构") % {"code": code}, field="employer", code="not_found"
        )
    return org


def _jurisdiction(code: str) -> Jurisdiction | None:
    code = (code or "").strip()
    if not code:
        return None
    found = Jurisdiction.objects.filter(code=code).first()
    if found is None:
        raise DomainError(
            gettext("工作所在地代码：“%(code)s”不是内蒙古的盟市代码") % {"code": code},
            field="jurisdiction",
            code="not_found",
        )
    return found


def _visible_person(actor: Acting, id_number: str) -> Person | None:
    """The registered person with this ID number among those the actor sees; None otherwise.

    A person registered under someone else is answered exactly like one not registered at all: the
    register's entries are not revealed to whoever cannot see them (R-ORG-2).
    """
    try:
        index = blind_index_for(Person, "id_number", id_number)
    except ValueError:
        return None
    people = Person.objects.all() if actor is None else Person.objects.restrict(actor, "view")
    return people.filter(id_number_index=index).first()


def _apply_person(actor: Acting, values: dict[str, str]) -> str:
    role = parse_role(values.get("人员类别", ""))
    card_valid_until = parse_date(values.get("证卡有效期至", ""), "证卡有效期至")  # i18n: data
    existing = _visible_person(actor, values.get("身份证号码", ""))
    if existing is not None:
        appointment = add_role(
            actor=actor,
            person=existing,
            role=role,
            card_number=values.get("证卡编号", ""),
            card_valid_until=card_valid_until,
        )
        return Outcome.PROPOSED if appointment.status == AppointmentStatus.PROPOSED else Outcome.APPOINTED
    if files_requests(actor):
        submit_registration(
            actor=actor,
            name=values.get("姓名", ""),
            id_number=values.get("身份证号码", ""),
            mobile=values.get("手机号码", ""),
            employer=_organisation(actor, values.get("工作单位编码", "")),
            job_title=values.get("职务/职称", ""),
            role=role,
            card_number=values.get("证卡编号", ""),
            card_valid_until=card_valid_until,
        )
        return Outcome.REQUESTED
    register_person(
        actor=actor,
        name=values.get("姓名", ""),
        id_number=values.get("身份证号码", ""),
        mobile=values.get("手机号码", ""),
        employer=_organisation(actor, values.get("工作单位编码", "")),
        employer_name=values.get("工作单位名称", ""),
        jurisdiction=_jurisdiction(values.get("工作所在地代码", "")),
        job_title=values.get("职务/职称", ""),
        role=role,
        card_number=values.get("证卡编号", ""),
        card_valid_until=card_valid_until,
    )
    return Outcome.REGISTERED


def _apply_qualification(actor: Acting, values: dict[str, str]) -> str:
    id_number = values.get("身份证号码", "")
    clean_id_number(id_number)
    person = _visible_person(actor, id_number)
    if person is None:
        raise DomainError(
            gettext("身份证号码：未找到该人员（尚未登记，或登记申请尚未办理），请先登记人员"),
            field="id_number",
            code="not_found",
        )
    edition_text = (values.get("大典版本") or "").strip().replace("年版", "").replace("版", "")
    try:
        edition = int(edition_text) if edition_text else int(Edition.E2022)
        Edition(edition)
    except ValueError as exc:
        raise DomainError(
            gettext("大典版本：“%(get)s”应为1999、2015或2022") % {"get": values.get("大典版本")},
            field="edition",
            code="invalid",
        ) from exc
    occupation = occupation_by_code(values.get("职业编码", ""), edition)
    grant_qualification(
        actor=actor,
        person=person,
        occupation=occupation,
        level=clean_level(values.get("等级", "")),
        granted_on=parse_date(values.get("取得日期", ""), "取得日期"),  # i18n: data
    )
    return Outcome.GRANTED


def _bounded_rows(upload: IO[bytes], filename: str, required: Any) -> Iterable[TableRow]:
    """The upload's rows after the size limit, refused as soon as there are more than MAX_ROWS."""
    label = gettext("导入文件")
    check_upload_size(upload, max_mb=int(get_policy("personnel.import_max_mb")), label=label)
    return limit_rows(read_table(upload, filename, required), max_rows=MAX_ROWS, label=label)


def import_people(*, actor: Acting, upload: IO[bytes], filename: str) -> ImportResult:
    """Register people (and their roles) from a spreadsheet: all rows or none (R-PER-1, R-X-4)."""
    return _run(actor, _bounded_rows(upload, filename, PEOPLE_REQUIRED), _apply_person)


def import_qualifications(*, actor: Acting, upload: IO[bytes], filename: str) -> ImportResult:
    """Grant qualifications from a spreadsheet: all rows or none (R-PER-1, R-X-4)."""
    return _run(actor, _bounded_rows(upload, filename, QUALIFICATION_REQUIRED), _apply_qualification)


def refusal(*, actor: Acting, result: ImportResult, columns: list[str], filename: str) -> DomainError:
    """The API's 400 for an import with bad rows, the one refusal shape of every import
    (`core.excel.row_errors_refusal`): the first errors, their total and the full report's address.

    The report is the page's error sheet (row, column, message and the row's values, ID numbers and
    phones masked), kept through the archives file service for the uploader's organisation.
    """
    headers, rows = error_rows(result, columns)
    return row_errors_refusal(
        result.error_lines(),
        summary=result.refused,
        shown=int(get_policy("personnel.import_errors_shown")),
        report_url=store_error_report(
            actor=actor, source_name=filename, headers=headers, rows=rows, organisation=actor_org(actor)
        ),
    )


def error_rows(result: ImportResult, columns: list[str]) -> tuple[list[str], list[list[Any]]]:
    """The error report as a sheet: row number, column, message, then the row's values (ID masked)."""
    headers = [gettext("行号"), gettext("出错列"), gettext("错误说明"), *columns]
    rows = [[e.row, e.column, e.message, *[e.values.get(c, "") for c in columns]] for e in result.errors]
    return headers, rows
