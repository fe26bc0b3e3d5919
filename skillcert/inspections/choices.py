"""Choices of the inspections app: quality supervision, rectification orders, campaigns,
inspections and audit actions (R-SUP-3, R-SUP-4, R-SUP-9, R-SUP-10)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    """How serious what the supervisor saw is (R-SUP-3)."""

    NONE = "none", _("未发现问题")
    MINOR = "minor", _("一般问题")
    SERIOUS = "serious", _("严重问题")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("填写中")
    SUBMITTED = "submitted", _("已提交")


class CheckAnswer(models.TextChoices):
    YES = "yes", _("符合")
    NO = "no", _("不符合")
    NA = "na", _("不适用")


SUPERVISION_CHECKLIST: list[tuple[str, Any]] = [
    ("identity_checked", _("考生身份核验已逐一进行")),
    ("video_working", _("考场视频监控运行正常")),
    ("seals_intact", _("试卷密封在开考时完好")),
    ("staffing_ratio", _("考评人员配备符合比例要求")),
    ("avoidance", _("考评人员按规定回避")),
    ("discipline", _("考场纪律良好，未见违纪舞弊")),
    ("records_kept", _("考场记录填写完整")),
]
"""What 质量督导 checks on site (R-SUP-3, seed §4(五)); the same list serves internal supervisors."""

INSPECTION_CHECKLIST: list[tuple[str, Any]] = [
    ("filing_current", _("备案及评价范围在有效期内，未超范围开展认定")),
    ("plans_filed", _("认定计划按时报送并公告")),
    ("eligibility_review", _("报名资格审核材料完整")),
    ("staffing", _("考评、督导人员持证上岗并按规定回避")),
    ("process_records", _("签到、考场记录、试卷交接等过程资料齐全")),
    ("scores", _("成绩评定及变更有据可查")),
    ("certificates", _("证书发放与公示结果一致")),
    ("fees", _("收费符合公示标准")),
]
"""What a 双随机 inspection checks (R-SUP-4, seed §5(三))."""


class OrderSource(models.TextChoices):
    REPORT = "report", _("质量督导报告")
    INSPECTION = "inspection", _("双随机检查")


class OrderStatus(models.TextChoices):
    """A proposed rectification order on its way through the league bureau (R-SUP-3, R-SUP-6)."""

    PROPOSED = "proposed", _("待决定")
    ISSUED = "issued", _("已下达整改")
    DECLINED = "declined", _("不予下达")
    PASSED = "passed", _("复查通过")
    FAILED = "failed", _("复查未通过")


class Method(models.TextChoices):
    DOCUMENTS = "documents", _("书面检查（调阅资料）")
    ON_SITE = "on_site", _("实地检查")
    BOTH = "both", _("书面检查与实地检查")


class CampaignStatus(models.TextChoices):
    """Life of a 双随机、一公开 campaign (R-SUP-4)."""

    DRAFT = "draft", _("草拟")
    POOL_PUBLISHED = "pool_published", _("已公布候选池")
    DRAWN = "drawn", _("已抽取")
    PUBLISHED = "published", _("结果已公开")


class InspectionStatus(models.TextChoices):
    DRAWN = "drawn", _("待检查")
    IN_PROGRESS = "in_progress", _("检查中")
    CONCLUDED = "concluded", _("已办结")


class Outcome(models.TextChoices):
    """What an inspection concludes (R-SUP-4); rectification and sanctions feed the lifecycle."""

    NO_PROBLEMS = "no_problems", _("未发现问题")
    RECTIFICATION = "rectification", _("责令限期整改")
    SANCTION = "sanction", _("提出处理建议")


class Event(models.TextChoices):
    """Audit actions of this app (R-X-1)."""

    REPORT_OPENED = "inspections.report_opened", _("开始填写督导记录")
    REPORT_SAVED = "inspections.report_saved", _("保存督导记录")
    PHOTO_ADDED = "inspections.photo_added", _("上传督导照片")
    REPORT_COUNTERSIGNED = "inspections.report_countersigned", _("机构签字确认督导记录")
    REPORT_SUBMITTED = "inspections.report_submitted", _("提交督导报告")
    INTERNAL_FILED = "inspections.internal_filed", _("提交内部督导记录")
    ORDER_PROPOSED = "inspections.order_proposed", _("提出整改建议")
    ORDER_ISSUED = "inspections.order_issued", _("下达整改通知")
    ORDER_DECLINED = "inspections.order_declined", _("不予下达整改")
    ORDER_FOLLOWED_UP = "inspections.order_followed_up", _("整改复查")
    CAMPAIGN_CREATED = "inspections.campaign_created", _("创建检查任务")
    POOL_PUBLISHED = "inspections.pool_published", _("公布候选池与种子承诺")
    CAMPAIGN_DRAWN = "inspections.campaign_drawn", _("双随机抽取")
    INSPECTION_RECORDED = "inspections.inspection_recorded", _("记录检查情况")
    INSPECTION_CONCLUDED = "inspections.inspection_concluded", _("检查办结")
    RECORDS_OPENED = "inspections.records_opened", _("调阅资料")
    RESULTS_PUBLISHED = "inspections.results_published", _("公开检查结果")
    RESULTS_CORRECTED = "inspections.results_corrected", _("更正检查结果")
