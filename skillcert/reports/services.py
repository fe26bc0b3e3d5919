"""Writes of the reports app: open, compile, write, submit, return and accept annual summaries (R-REP-1)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import User
from skillcert.core.audit import record_event, snapshot
from skillcert.core.errors import DomainError
from skillcert.core.policy import get_policy
from skillcert.core.scoping import require_row
from skillcert.reports.choices import EDITABLE, ReportEvent, SummaryStatus
from skillcert.reports.models import EDIT_ROLES, AnnualSummary, SummaryReturn
from skillcert.reports.statistics import compile_statistics

NARRATIVE = ("overview", "achievements", "problems", "next_year")
AUDITED = ["status", "overview", "achievements", "problems", "next_year", "submitted_at", "submitted_late"]


def deadline_for(year: int) -> date:
    """The policy's month and day in the reported year (default 31 December)."""
    value = str(get_policy("reports.summary_deadline"))
    try:
        month, day = (int(p) for p in value.split("-"))
        return date(year, month, day)
    except ValueError:
        return date(year, 12, 31)


def _is_edit_role(actor: User) -> bool:
    return actor.is_superuser or bool(set(actor.role_codes) & EDIT_ROLES)


def require_league_writer(actor: User, summary: AnnualSummary | None = None) -> None:
    if summary is not None:
        require_row(actor, "view", summary)
    org = actor.organisation
    if not _is_edit_role(actor) or org.kind not in (OrgKind.LEAGUE_CENTER, OrgKind.LEAGUE_BUREAU):
        raise PermissionDenied(_("年度总结由盟市就业服务中心编写和报送"))
    if summary is not None and summary.league_id != org.jurisdiction_id:
        raise PermissionDenied(_("只能编写本盟市的年度总结"))


def require_region_reviewer(actor: User, summary: AnnualSummary) -> None:
    require_row(actor, "view", summary)
    if not (actor.is_superuser or (_is_edit_role(actor) and actor.organisation.scope_level == "region")):
        raise PermissionDenied(_("年度总结由自治区就业服务中心审阅"))


def open_summary(*, actor: User, year: int) -> AnnualSummary:
    """A league centre opens its summary for the year, with the statistics compiled now (R-REP-1)."""
    require_league_writer(actor)
    this_year = timezone.localdate().year
    if year < 2000 or year > this_year:
        raise DomainError(_("年度：应在2000年至%(y)s年之间") % {"y": this_year}, field="year", code="invalid")
    league = actor.organisation.jurisdiction
    try:
        with transaction.atomic():
            summary = AnnualSummary.objects.create(
                league=league,
                year=year,
                deadline=deadline_for(year),
                statistics=compile_statistics(actor=actor, league=league, year=year),
                compiled_at=timezone.now(),
                opened_by=actor,
            )
            record_event(
                actor=actor, action=ReportEvent.OPENED, obj=summary, after=snapshot(summary, ["league", "year"])
            )
    except IntegrityError as exc:
        raise DomainError(
            _("%(league)s %(year)s年度总结已建立，不能重复建立") % {"league": league.name, "year": year},
            field="year",
            code="duplicate",
        ) from exc
    return summary


def _lock_editable(summary: AnnualSummary) -> AnnualSummary:
    locked = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
    if locked.status not in EDITABLE:
        raise DomainError(
            _("年度总结%(status)s，不能修改；须由自治区就业服务中心退回后才能修改")
            % {"status": locked.get_status_display()},
            code="not_editable",
        )
    return locked


def refresh_statistics(*, actor: User, summary: AnnualSummary) -> AnnualSummary:
    """Compile the statistics again while the summary is being written (R-REP-1)."""
    require_league_writer(actor, summary)
    with transaction.atomic():
        locked = _lock_editable(summary)
        locked.statistics = compile_statistics(actor=actor, league=locked.league, year=locked.year)
        locked.compiled_at = timezone.now()
        locked.save(update_fields=["statistics", "compiled_at", "updated_at"])
        record_event(actor=actor, action=ReportEvent.REFRESHED, obj=locked)
    return locked


def save_narrative(*, actor: User, summary: AnnualSummary, **texts: str) -> AnnualSummary:
    """Write the narrative sections; refused once submitted until the region returns it (R-REP-1)."""
    require_league_writer(actor, summary)
    unknown = set(texts) - set(NARRATIVE)
    if unknown:
        raise DomainError(_("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))}, code="invalid")
    with transaction.atomic():
        locked = _lock_editable(summary)
        before = snapshot(locked, AUDITED)
        for name, value in texts.items():
            value = (value or "").strip()
            if len(value) > 20000:
                label = getattr(AnnualSummary._meta.get_field(name), "verbose_name", name)
                raise DomainError(_("%(label)s：不能超过20000个字") % {"label": label}, field=name, code="max_length")
            setattr(locked, name, value)
        locked.save()
        record_event(actor=actor, action=ReportEvent.EDITED, obj=locked, before=before, after=snapshot(locked, AUDITED))
    return locked


def submit_summary(*, actor: User, summary: AnnualSummary) -> AnnualSummary:
    """Submit to the region centre; after the policy deadline it is marked late (R-REP-1)."""
    require_league_writer(actor, summary)
    with transaction.atomic():
        locked = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
        if locked.status in (SummaryStatus.SUBMITTED, SummaryStatus.ACCEPTED):
            raise DomainError(_("该年度总结已报送，不能重复报送"), code="already_submitted")
        if not locked.overview.strip():
            raise DomainError(_("工作概况：报送前请填写工作概况"), field="overview", code="required")
        before = snapshot(locked, AUDITED)
        now = timezone.now()
        locked.status = SummaryStatus.SUBMITTED
        locked.submitted_at = now
        locked.submitted_by = actor
        locked.submitted_late = timezone.localtime(now).date() > locked.deadline
        locked.save()
        record_event(
            actor=actor, action=ReportEvent.SUBMITTED, obj=locked, before=before, after=snapshot(locked, AUDITED)
        )
    return locked


def return_summary(*, actor: User, summary: AnnualSummary, comments: str) -> SummaryReturn:
    """The region centre returns a submitted summary for revision, with comments (R-REP-1)."""
    require_region_reviewer(actor, summary)
    comments = (comments or "").strip()
    if not comments:
        raise DomainError(_("修改意见：退回时请填写修改意见"), field="comments", code="required")
    with transaction.atomic():
        locked = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
        if locked.status != SummaryStatus.SUBMITTED:
            raise DomainError(_("只能退回已报送的年度总结"), code="not_submitted")
        before = snapshot(locked, AUDITED)
        locked.status = SummaryStatus.RETURNED
        locked.save()
        returned = SummaryReturn.objects.create(
            summary=locked, comments=comments, returned_by=actor, returned_at=timezone.now()
        )
        record_event(actor=actor, action=ReportEvent.RETURNED, obj=locked, before=before, after={"comments": comments})
    return returned


def accept_summary(*, actor: User, summary: AnnualSummary) -> AnnualSummary:
    """The region centre accepts a submitted summary (R-REP-1)."""
    require_region_reviewer(actor, summary)
    with transaction.atomic():
        locked = AnnualSummary.objects.select_for_update().get(pk=summary.pk)
        if locked.status != SummaryStatus.SUBMITTED:
            raise DomainError(_("只能接收已报送的年度总结"), code="not_submitted")
        before = snapshot(locked, AUDITED)
        locked.status = SummaryStatus.ACCEPTED
        locked.accepted_at = timezone.now()
        locked.accepted_by = actor
        locked.save()
        record_event(
            actor=actor, action=ReportEvent.ACCEPTED, obj=locked, before=before, after=snapshot(locked, AUDITED)
        )
    return locked
