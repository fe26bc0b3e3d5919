"""Fees, venues and rooms, and the staff roster (R-INS-1, R-INS-5, R-INS-6)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from skillcert.accounts.types import AuthedRequest
from skillcert.catalog.choices import level_label
from skillcert.catalog.models import display_work_type
from skillcert.core.errors import DomainError
from skillcert.core.excel import xlsx_response
from skillcert.core.listing import Column, ListExport, exports, list_page
from skillcert.core.scoping import get_visible_or_404
from skillcert.institutions import selectors, services
from skillcert.institutions.choices import (
    CostItem,
    FeeStatus,
)
from skillcert.institutions.filtersets import (
    FeeFilterSet,
)
from skillcert.institutions.forms import (
    FeeForm,
    RoomForm,
    RosterImportForm,
    VenueForm,
    parse_target,
)
from skillcert.institutions.models import (
    Fee,
    Institution,
    Venue,
)
from skillcert.institutions.services import ROSTER_HEADERS
from skillcert.institutions.services.access import may_act_for_institution
from skillcert.institutions.views.common import (
    institution_or_404,
    local_time,
    require_own,
    simple_form,
)


def _cost_of(item: str) -> Callable[[Fee], str]:
    def value(fee: Fee) -> str:
        row = next((i for i in fee.items.all() if i.item == item), None)
        return f"{row.amount}/{row.estimated_cost}" if row is not None else ""

    return value


def _fees(title: Any) -> ListExport:
    return ListExport(
        title,
        [
            Column(gettext_lazy("机构"), lambda f: f.institution.filed_name),
            Column(gettext_lazy("职业"), lambda f: f.occupation.name),
            Column(gettext_lazy("工种"), lambda f: display_work_type(f.work_type)),
            Column(gettext_lazy("等级"), lambda f: level_label(f.level)),
            Column(gettext_lazy("收费合计（元）"), lambda f: float(f.total_amount)),
            Column(gettext_lazy("测算成本合计（元）"), lambda f: float(f.total_cost)),
            Column(
                gettext_lazy("偏离成本（%）"),
                lambda f: float(f.deviation_percent) if f.deviation_percent is not None else _("成本为0"),
            ),
            Column(gettext_lazy("状态"), lambda f: f.get_status_display()),
            Column(gettext_lazy("公示时间"), lambda f: local_time(f.published_at)),
        ]
        + [
            Column(format_lazy("{}{}", label, gettext_lazy("（收费/成本）")), _cost_of(value))
            for value, label in CostItem.choices
        ],
    )


FEES = _fees(gettext_lazy("收费标准"))
FEE_FLAGS = _fees(gettext_lazy("收费偏离成本预警"))


@login_required
@exports(FEES)
def fee_list(request: AuthedRequest) -> HttpResponseBase:
    """Fees in the actor's scope with their cost items (R-INS-5)."""
    filterset = FeeFilterSet(request.GET or None, queryset=selectors.fees_visible_to(request.user))
    context = {"filter": filterset, "band": selectors.band_percent(), "flags_only": False}
    return list_page(request, "institutions/fee_list.html", filterset.qs, export=FEES, context=context)


@login_required
@exports(FEE_FLAGS)
def fee_flags(request: AuthedRequest) -> HttpResponseBase:
    """Published fees beyond the band above or below their estimated cost (R-INS-5)."""
    filterset = FeeFilterSet(request.GET or None, queryset=selectors.fee_flags_visible_to(request.user))
    context = {"filter": filterset, "band": selectors.band_percent(), "flags_only": True}
    return list_page(request, "institutions/fee_list.html", filterset.qs, export=FEE_FLAGS, context=context)


def _fee_targets(institution: Institution) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for item in selectors.scope_items_on(institution):
        key = f"{item.occupation_id}:{item.work_type_id}" if item.work_type_id else str(item.occupation_id)
        seen.setdefault(key, f"{item.occupation.code} {item.occupation.name} / {display_work_type(item.work_type)}")
    return list(seen.items())


@login_required
def add_fee(request: AuthedRequest, pk: int) -> HttpResponse:
    """A fee per occupation/level with the nine cost items and their estimated costs (R-INS-5)."""
    institution = institution_or_404(request, pk)
    require_own(request, institution)
    form = FeeForm(request.POST if request.method == "POST" else None, targets=_fee_targets(institution))

    def save(cd: dict[str, Any]) -> Fee:
        from skillcert.catalog.models import Occupation, WorkType

        occupation_id, work_type_id = parse_target(cd["target"])
        return services.save_fee(
            actor=request.user,
            institution=institution,
            occupation=Occupation.objects.get(pk=occupation_id),
            work_type=WorkType.objects.get(pk=work_type_id) if work_type_id else None,
            level=cd["level"],
            items=form.items(),
            note=cd.get("note", ""),
            publish=cd.get("publish", False),
        )

    return simple_form(
        request,
        institution,
        form,
        title=_("制定收费标准"),
        submit=_("保存"),
        action=save,
        success=lambda fee: _("已保存%(target_label)s收费标准 %(total_amount)s 元")
        % {"target_label": fee.target_label, "total_amount": fee.total_amount}
        + (_("并向社会公示") if fee.status == FeeStatus.PUBLISHED else _("（草稿）")),
        template="institutions/fee_form.html",
        extra={"band": selectors.band_percent()},
    )


@login_required
@require_POST
def publish_fee(request: AuthedRequest, pk: int) -> HttpResponse:
    fee = get_visible_or_404(Fee.objects.select_related("institution", "occupation", "work_type"), request.user, pk=pk)
    require_own(request, fee.institution)
    try:
        services.publish_fee(actor=request.user, fee=fee)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(target_label)s收费标准已向社会公示") % {"target_label": fee.target_label})
    return redirect("institutions:detail", pk=fee.institution_id)


@login_required
def venue_form(request: AuthedRequest, pk: int, venue_pk: int | None = None) -> HttpResponse:
    institution = institution_or_404(request, pk)
    require_own(request, institution)
    venue = (
        get_visible_or_404(Venue.objects.all(), request.user, pk=venue_pk, institution=institution)
        if venue_pk
        else None
    )
    initial = (
        {"name": venue.name, "league": venue.league.code, "address": venue.address, "is_active": venue.is_active}
        if venue
        else {}
    )
    form = VenueForm(request.POST if request.method == "POST" else None, initial=initial)
    return simple_form(
        request,
        institution,
        form,
        title=_("修改考点") if venue else _("新增考点"),
        submit=_("保存"),
        action=lambda cd: services.save_venue(
            actor=request.user,
            institution=institution,
            name=cd["name"],
            league=cd["league"],
            address=cd["address"],
            is_active=cd.get("is_active", False),
            venue=venue,
        ),
        success=lambda v: _("已保存考点“%(name)s”") % {"name": v.name},
    )


@login_required
def room_form(request: AuthedRequest, venue_pk: int) -> HttpResponse:
    venue = get_visible_or_404(Venue.objects.select_related("institution"), request.user, pk=venue_pk)
    institution = venue.institution
    require_own(request, institution)
    form = RoomForm(request.POST if request.method == "POST" else None)
    return simple_form(
        request,
        institution,
        form,
        title=_("为“%(name)s”新增考场") % {"name": venue.name},
        submit=_("保存"),
        action=lambda cd: services.save_room(
            actor=request.user,
            venue=venue,
            name=cd["name"],
            kind=cd["kind"],
            capacity=cd["capacity"],
            equipment=cd.get("equipment", ""),
            video_monitoring=cd.get("video_monitoring", False),
        ),
        success=lambda r: _("已保存考场“%(name)s”") % {"name": r.name},
    )


ROSTER = ListExport(
    gettext_lazy("人员名册"),
    [
        Column(gettext_lazy("姓名"), lambda e: e.full_name),
        Column(gettext_lazy("证件号码"), lambda e: e.masked_id_number),
        Column(gettext_lazy("人员类别"), lambda e: e.get_kind_display()),
        Column(gettext_lazy("工号/学号"), lambda e: e.member_no),
        Column(gettext_lazy("部门/班级"), lambda e: e.unit),
        Column(gettext_lazy("入职/入学日期"), lambda e: e.valid_from),
        Column(gettext_lazy("离职/毕业日期"), lambda e: e.valid_to),
    ],
)


@login_required
@exports(ROSTER)
def roster(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The roster (ID numbers masked) and its Excel/CSV import with per-row errors (R-INS-1, R-X-3)."""
    institution = institution_or_404(request, pk)
    if request.GET.get("template") == "1":
        return xlsx_response(
            _("人员名册模板"),
            ROSTER_HEADERS,
            [[_("张三"), "150102199003071234", _("本单位职工"), "A001", _("生产部"), "2020-01-01", ""]],
        )
    form = RosterImportForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    error_report: dict[str, object] = {}
    if request.method == "POST":
        require_own(request, institution)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.import_roster(
                    actor=request.user, institution=institution, upload=upload, filename=upload.name
                )
            except DomainError as exc:
                row_errors = exc.errors.get("file", [exc.message])
                error_report = exc.extra
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("名册已导入：新增%(created)s人，更新%(updated)s人")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("institutions:roster", pk=pk)
    entries = selectors.roster_visible_to(request.user).filter(institution=institution)
    name = request.GET.get("name", "").strip()
    if name:
        entries = entries.filter(full_name__icontains=name)
    context = {
        "institution": institution,
        "form": form,
        "row_errors": row_errors,
        "error_report": error_report,
        "own": may_act_for_institution(request.user, institution),
        "name": name,
    }
    status = 400 if form.errors else 200
    return list_page(request, "institutions/roster.html", entries, export=ROSTER, context=context, status=status)
