"""The complaint register as rows for Excel and PDF exports (R-SUP-5, R-REP-2)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from skillcert.complaints.models import Complaint

HEADERS: Sequence[Any] = (
    _("查询码"),
    _("来源"),
    _("标题"),
    _("被投诉对象"),
    _("办理机关"),
    _("状态"),
    _("收到日期"),
    _("受理期限"),
    _("办结期限"),
    _("延长天数"),
    _("已逾期"),
    _("办理结果"),
    _("办结日期"),
)


def rows(complaints: Iterable[Complaint]) -> Iterator[list[Any]]:
    for c in complaints:
        subject = c.institution.filed_name if c.institution is not None else c.subject_reference
        yield [
            c.tracking_code,
            c.get_source_display(),
            c.title,
            subject,
            c.handler.name,
            c.get_status_display(),
            c.received_on,
            c.accept_due,
            c.conclude_due,
            c.extension_days,
            c.is_overdue(),
            c.get_outcome_display() if c.outcome else "",
            c.concluded_on,
        ]
