"""The sanctions register as rows for Excel and PDF exports (R-SUP-6, R-REP-2)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from skillcert.sanctions.models import Sanction

HEADERS: Sequence[Any] = (
    _("评价机构"),
    _("统一社会信用代码"),
    _("处理类别"),
    _("状态"),
    _("事实与依据"),
    _("决定机关"),
    _("作出日期"),
    _("整改期限"),
    _("复查结果"),
    _("陈述申辩截止日"),
    _("拟定人"),
    _("复核人"),
)


def rows(sanctions: Iterable[Sanction]) -> Iterator[list[Any]]:
    for s in sanctions:
        yield [
            s.institution.filed_name,
            s.institution.credit_code,
            s.get_kind_display(),
            s.get_status_display(),
            s.grounds,
            s.authority.name,
            s.created_at,
            s.deadline,
            s.get_follow_up_result_display() if s.follow_up_result else "",
            s.statement_due,
            s.decided_by.full_name if s.decided_by else "",
            s.approved_by.full_name if s.approved_by else "",
        ]
