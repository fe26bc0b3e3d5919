"""Tables of the inspections exports: campaign list, supervision reports, campaign results (R-REP-2)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import FileResponse
from django.utils import timezone

from skillcert.core.excel import xlsx_response
from skillcert.inspections.models import Campaign, SupervisionReport
from skillcert.inspections.services.campaigns import results_snapshot

CAMPAIGN_HEADERS = [
    "任务编号",
    "任务名称",
    "组织单位",
    "检查期间自",
    "检查期间至",
    "检查方式",
    "会同部门",
    "抽取比例（%）",
    "每家检查人员数",
    "状态",
    "种子承诺（SHA-256）",
    "随机种子",
]
REPORT_HEADERS = [
    "场次",
    "评价机构",
    "外部质量督导员",
    "状态",
    "到场时间",
    "发现问题等级",
    "发现的问题",
    "机构签字人",
    "报告截止日期",
    "提交时间",
    "逾期提交",
]
RESULT_HEADERS = ["评价机构", "统一社会信用代码", "盟市", "检查日期", "检查人员", "检查发现", "检查结论", "结论说明"]


def _local(dt: Any) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def campaign_rows(campaigns: Iterable[Campaign]) -> Iterator[list[Any]]:
    for c in campaigns:
        yield [
            c.number,
            c.title,
            c.organiser.name,
            c.period_start,
            c.period_end,
            c.get_method_display(),
            c.partner_departments,
            c.sampling_percent,
            c.inspectors_per_inspection,
            c.get_status_display(),
            c.seed_commitment,
            c.seed,
        ]


def report_rows(reports: Iterable[SupervisionReport]) -> Iterator[list[Any]]:
    for r in reports:
        yield [
            str(r.session),
            r.institution.filed_name,
            r.supervisor.name,
            r.get_status_display(),
            _local(r.arrived_at),
            r.get_grade_display(),
            r.findings,
            r.countersigned_by,
            r.due_on,
            _local(r.submitted_at),
            r.submitted_late,
        ]


def result_rows(campaign: Campaign) -> Iterator[list[Any]]:
    for row in results_snapshot(campaign):
        yield [
            row["institution"],
            row["credit_code"],
            row["league"],
            row["inspected_on"],
            "、".join(row["inspectors"]),
            row["findings"],
            row["outcome_label"],
            row["outcome_note"],
        ]


def campaigns_xlsx(campaigns: Iterable[Campaign]) -> FileResponse:
    return xlsx_response("双随机检查任务", CAMPAIGN_HEADERS, campaign_rows(campaigns), title="检查任务")


def reports_xlsx(reports: Iterable[SupervisionReport]) -> FileResponse:
    return xlsx_response("质量督导报告", REPORT_HEADERS, report_rows(reports), title="督导报告")


def results_xlsx(campaign: Campaign) -> FileResponse:
    return xlsx_response(f"检查结果-{campaign.number}", RESULT_HEADERS, result_rows(campaign), title="检查结果")
