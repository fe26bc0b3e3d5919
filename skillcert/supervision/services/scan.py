"""Run the alert rules: nightly, on demand, or right after an event (R-SUP-2).

Each rule runs in its own transaction (`apply_findings`), so a rule that fails leaves no
partial alerts and the next scan completes it; every run is recorded as a `ScanRun`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from skillcert.core.errors import DomainError
from skillcert.supervision.choices import ScanStatus
from skillcert.supervision.models import ScanRun
from skillcert.supervision.registry import RuleContext, kinds
from skillcert.supervision.services.alerts import ApplyCounts, apply_findings

log = logging.getLogger(__name__)


@dataclass
class ScanReport:
    """What a scan did, per kind."""

    counts: dict[str, ApplyCounts] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> ApplyCounts:
        total = ApplyCounts()
        for c in self.counts.values():
            total.add(c)
        return total


def check_scan_arguments(*, kind_codes: Iterable[str] | None, since: date | None, today: date) -> list[str]:
    """The kinds to scan; unknown kinds and impossible dates are refused in Chinese."""
    registered = kinds()
    if kind_codes:
        codes = list(dict.fromkeys(kind_codes))
        unknown = [c for c in codes if c not in registered]
        if unknown:
            raise DomainError(
                _("预警类型：未知的预警类型 %(unknown)s；可用的类型有 %(known)s")
                % {"unknown": "、".join(unknown), "known": "、".join(registered)},
                field="kind",
            )
        no_rule = [c for c in codes if registered[c].rule is None]
        if no_rule:
            raise DomainError(
                _("预警类型：%(kinds)s 由业务事件产生，没有扫描规则") % {"kinds": "、".join(no_rule)}, field="kind"
            )
    else:
        codes = [c for c, k in registered.items() if k.rule is not None]
    if since is not None and since > today:
        raise DomainError(
            _("起始日期：%(since)s 晚于今天 %(today)s，无法扫描未来的数据") % {"since": since, "today": today},
            field="since",
        )
    return codes


def run_scan(
    *,
    kind_codes: Iterable[str] | None = None,
    since: date | None = None,
    institution_ids: Iterable[int] | None = None,
    trigger: str = "scan",
    echo: Callable[[str], None] | None = None,
) -> ScanReport:
    """Run the given rules (all by default), each in its own transaction, and record each run."""
    now = timezone.now()
    today = timezone.localdate(now)
    codes = check_scan_arguments(kind_codes=kind_codes, since=since, today=today)
    ids = frozenset(int(i) for i in institution_ids) if institution_ids is not None else None
    ctx = RuleContext(today=today, now=now, since=since, institution_ids=ids)
    report = ScanReport()
    registered = kinds()
    for code in codes:
        kind = registered[code]
        assert kind.rule is not None
        run = ScanRun.objects.create(kind=code, trigger=trigger, since=since, started_at=timezone.now())
        try:
            with transaction.atomic():
                counts = apply_findings(kind=code, findings=kind.rule(ctx), now=now, since=since, institution_ids=ids)
        except Exception as exc:  # one failing rule must not stop the others
            log.exception("alert rule %s failed", code)
            report.failures[code] = f"{type(exc).__name__}: {exc}"
            ScanRun.objects.filter(pk=run.pk).update(
                status=ScanStatus.FAILED, finished_at=timezone.now(), error=report.failures[code][:2000]
            )
            if echo:
                echo(gettext("%(code)s: 失败 %(value)s") % {"code": code, "value": report.failures[code]})
            continue
        report.counts[code] = counts
        ScanRun.objects.filter(pk=run.pk).update(
            status=ScanStatus.DONE,
            finished_at=timezone.now(),
            found=counts.found,
            raised=counts.raised,
            reopened=counts.reopened,
            refreshed=counts.refreshed,
            resolved=counts.resolved,
        )
        if echo:
            echo(
                gettext(
                    "%(code)s（%(label)s）：发现 %(found)s，新增 %(raised)s，重新出现 %(reopened)s，更新 %(refreshed)s，自动解除 %(resolved)s"  # noqa: E501
                )
                % {
                    "code": code,
                    "label": kind.label,
                    "found": counts.found,
                    "raised": counts.raised,
                    "reopened": counts.reopened,
                    "refreshed": counts.refreshed,
                    "resolved": counts.resolved,
                }
            )
    return report
