"""Rows of the personnel Excel exports; ID numbers and phones are masked (R-REP-2, R-X-3)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone

from skillcert.catalog.choices import level_label
from skillcert.personnel.models import Person, Qualification
from skillcert.personnel.selectors import WorkforceRow, workforce_totals

PEOPLE_HEADERS = [
    "姓名",
    "身份证号码（脱敏）",
    "手机号码（脱敏）",
    "工作单位",
    "工作所在地",
    "职务/职称",
    "人员类别",
    "资格状态",
    "证卡编号",
    "证卡有效期至",
    "证卡状态",
    "职业资格",
    "在册",
]


def people_rows(people: Iterable[Person]) -> tuple[list[str], Iterator[list[Any]]]:
    """One row per person and role (a person without a role gets one row)."""
    today = timezone.localdate()

    def rows() -> Iterator[list[Any]]:
        for person in people:
            quals = "；".join(
                f"{q.occupation.code} {q.occupation.name} {level_label(q.level)}"
                for q in getattr(person, "active_qualifications", [])
            )
            base = [
                person.name,
                person.id_number_masked,
                person.mobile_masked,
                person.employer_display,
                person.jurisdiction.name,
                person.job_title,
            ]
            appointments = list(person.appointments.all())
            if not appointments:
                yield [*base, "", "", "", None, "", quals, person.is_active]
            for a in appointments:
                card_state = ""
                if a.status == "active":
                    card_state = "有效" if a.card_valid_on(today) else "已过期"
                yield [
                    *base,
                    a.get_role_display(),
                    a.get_status_display(),
                    a.card_number,
                    a.card_valid_until,
                    card_state,
                    quals,
                    person.is_active,
                ]

    return PEOPLE_HEADERS, rows()


QUALIFICATION_HEADERS = [
    "姓名",
    "身份证号码（脱敏）",
    "工作单位",
    "工作所在地",
    "职业编码",
    "职业名称",
    "最高可考评等级",
    "取得日期",
    "认定单位",
    "状态",
]


def qualification_rows(quals: Iterable[Qualification]) -> tuple[list[str], Iterator[list[Any]]]:
    def rows() -> Iterator[list[Any]]:
        for q in quals:
            yield [
                q.person.name,
                q.person.id_number_masked,
                q.person.employer_display,
                q.person.jurisdiction.name,
                q.occupation.code,
                q.occupation.name,
                level_label(q.level),
                q.granted_on,
                q.granted_by.name if q.granted_by else "",
                "有效" if q.is_active else f"已撤销（{q.revoked_reason}）",
            ]

    return QUALIFICATION_HEADERS, rows()


def workforce_rows(summary: list[WorkforceRow]) -> tuple[list[str], list[list[Any]]]:
    headers = ["辖区", "人员类别", "目标人数", "实有人数", "差额", "目标培训人数", "培训合格人数", "差额", "培训学时"]
    rows: list[list[Any]] = []
    for row in summary:
        for cell in row.cells:
            rows.append(
                [
                    row.jurisdiction.name,
                    cell.label,
                    cell.headcount_target,
                    cell.actual,
                    cell.headcount_gap,
                    cell.trained_target,
                    cell.trained,
                    cell.trained_gap,
                    cell.hours,
                ]
            )
    for total in workforce_totals(summary):
        rows.append(
            [
                "合计",
                total["label"],
                total["headcount_target"],
                total["actual"],
                None if total["headcount_target"] is None else total["actual"] - total["headcount_target"],
                total["trained_target"],
                total["trained"],
                None if total["trained_target"] is None else total["trained"] - total["trained_target"],
                total["hours"],
            ]
        )
    return headers, rows
