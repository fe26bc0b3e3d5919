"""Demo certificates for the final demo results, through the services (seed_demo).

- The regional department (`region_admin`) assigns a site serial to every filed demo institution.
- 内蒙古北疆职业技能评价中心 issues its first certificate by hand, exports it to the national
  database (one batch), then issues the rest of the final plan in one run; candidates who failed
  a component are refused with the reason. The later certificates stay unexported, so they appear
  as overdue uploads (publicity ended months ago).
- One certificate is revoked (proposed by the clerk, approved by the manager); a suspension
  proposal waits for the manager's approval.
- `make run` prints a number and name that verify, and the revoked one.

Needs the exams demo (`skillcert.exams.demo`) to have run first: it is listed before this app.
Running it again changes nothing.
"""

from __future__ import annotations

from typing import Any

from skillcert.accounts.models import User
from skillcert.certificates import services
from skillcert.certificates.choices import CertificateStatus, ProposalKind, ProposalStatus
from skillcert.certificates.models import Certificate, SiteSerial, StatusProposal
from skillcert.certificates.public_address import public_base_url
from skillcert.exams.choices import PlanStatus
from skillcert.exams.models import ExamPlan
from skillcert.institutions.models import Institution

MARK = "【演示】"
CANDIDATE = "candidate_cert"
REVOKE_GROUNDS = "经复查监控录像，该考生操作技能考核由他人代考，依据证书管理制度撤销证书"
SUSPEND_GROUNDS = "收到实名举报称该考生工作年限证明不实，核查期间暂停使用"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _assign_serials(registrar: User) -> int:
    created = 0
    for index, institution in enumerate(
        Institution.objects.filter(filed_on__isnull=False, parent__isnull=True).order_by("id"), start=1
    ):
        if SiteSerial.objects.filter(institution=institution).exists():
            continue
        league = institution.area.code
        serial = f"{int(league[2:4]):02d}{index:04d}"
        while SiteSerial.objects.filter(serial=serial).exists():
            index += 100
            serial = f"{int(league[2:4]):02d}{index:04d}"
        services.assign_site_serial(actor=registrar, institution=institution, serial=serial, note="演示数据")
        created += 1
    return created


def _issue(plan: ExamPlan) -> None:
    staff = User.objects.filter(organisation=plan.institution.organisation, is_active=True)
    clerk = staff.filter(roles__role="clerk").order_by("id").first()
    manager = staff.filter(roles__role="manager").order_by("id").first()
    if clerk is None or manager is None:
        return
    registrations = list(plan.registrations.filter(result__passed=True).order_by("exam_number"))
    if len(registrations) < 4:
        return
    first = registrations[0]
    if not User.objects.filter(username=CANDIDATE).exists():
        # The holder of the first certificate opens an account; imported registrations link to it.
        from skillcert.demo.builders import DEMO_PASSWORD
        from skillcert.exams.services.registration import sign_up_candidate

        sign_up_candidate(
            username=CANDIDATE,
            password=DEMO_PASSWORD,
            full_name=first.name,
            id_type=first.id_type,
            id_number=first.id_number,
            mobile="13947199001",
        )
        first.refresh_from_db()
    services.issue_certificate(actor=clerk, registration=first)
    services.create_export_batch(actor=clerk, institution=plan.institution)
    run = services.start_issuance_run(actor=clerk, plan=plan)
    # Run here so the seed can print numbers; the queued task later finds the run done.
    services.run_issuance(run_id=run.pk)
    issued = list(Certificate.objects.filter(plan=plan).order_by("serial"))
    revoked = services.propose_status_change(
        actor=clerk, certificate=issued[2], kind=ProposalKind.REVOKE, grounds=REVOKE_GROUNDS
    )
    services.approve_status_change(actor=manager, proposal=revoked, note="情况属实，同意撤销")
    services.propose_status_change(
        actor=clerk, certificate=issued[3], kind=ProposalKind.SUSPEND, grounds=SUSPEND_GROUNDS
    )


def seed(ctx: dict[str, Any]) -> None:
    """Site serials, certificates for the final demo plans, one revoked, one suspension pending (R-CERT-1..6)."""
    registrar = _user("region_admin")
    notes = ctx.setdefault("notes", [])
    if registrar is None:
        notes.append("证书演示：缺少自治区人社厅演示账号 region_admin，未生成证书")
        return
    _assign_serials(registrar)
    final_plans = ExamPlan.objects.filter(title__startswith=MARK, status=PlanStatus.FINAL).select_related("institution")
    if not final_plans.exists():
        notes.append("证书演示：没有认定结果已确认的演示计划（考务演示数据未加载），未颁发证书")
        return
    for plan in final_plans:
        if not Certificate.objects.filter(plan=plan).exists():
            _issue(plan)
    demo = Certificate.objects.filter(plan__in=final_plans)
    valid = (
        demo.filter(status=CertificateStatus.VALID, candidate__username=CANDIDATE).first()
        or demo.filter(status=CertificateStatus.VALID).first()
    )
    revoked = demo.filter(status=CertificateStatus.REVOKED).first()
    pending = StatusProposal.objects.filter(certificate__in=demo, status=ProposalStatus.PENDING).count()
    ctx.setdefault("summary", []).append(
        f"职业技能等级证书：{demo.count()}本（有效{demo.filter(status=CertificateStatus.VALID).count()}、"
        f"已撤销{demo.filter(status=CertificateStatus.REVOKED).count()}），待审批状态变更{pending}件，"
        f"站点序号{SiteSerial.objects.count()}个"
    )
    base = public_base_url()
    if User.objects.filter(username=CANDIDATE).exists():
        from skillcert.demo.builders import DEMO_PASSWORD

        ctx.setdefault("accounts", []).append(("考生（已取得证书，可下载）", CANDIDATE, DEMO_PASSWORD))
    if valid is not None:
        notes.append(f"证书查验（有效）：编号 {valid.number}  姓名 {valid.name}  → {base}/certificates/verify/")
    if revoked is not None:
        notes.append(f"证书查验（已撤销）：编号 {revoked.number}  姓名 {revoked.name}")
