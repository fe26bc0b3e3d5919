"""Demo complaints (seed_demo): one in each state, online and by phone, letter and the media."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from skillcert.accounts.models import Jurisdiction, User
from skillcert.complaints import services
from skillcert.complaints.choices import Outcome, Source, SubjectKind
from skillcert.complaints.models import Complaint
from skillcert.institutions.models import Institution
from skillcert.sanctions.choices import Kind
from skillcert.sanctions.models import Sanction


def _input(institution: Institution | None, title: str, facts: str, **kwargs: Any) -> services.ComplaintInput:
    return services.ComplaintInput(
        subject_kind=SubjectKind.INSTITUTION if institution else SubjectKind.PERSON,
        institution_id=institution.pk if institution else None,
        subject_reference="" if institution else kwargs.pop("reference", ""),
        title=title,
        facts=facts,
        **kwargs,
    )


def seed(ctx: dict[str, Any]) -> None:
    """Once: received, overdue, investigating (one extended, one transferred), not accepted, and concluded
    as unfounded, founded (linked to the demo 通报批评) and referred."""
    if Complaint.objects.exists():
        return
    hohhot = Institution.objects.filter(organisation__code="demo-inst-150100").first()
    baotou = Institution.objects.filter(organisation__code="demo-inst-150200").first()
    bureau = User.objects.filter(username="bureau_150100").first()
    bureau_bt = User.objects.filter(username="bureau_150200").first()
    if hohhot is None or baotou is None or bureau is None or bureau_bt is None:
        return
    today = timezone.localdate()
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731

    # Received online, waiting for acceptance; the secret is printed once below.
    waiting = services.file_public_complaint(
        data=_input(
            hohhot,
            "考点未核验考生身份",
            "2026年11月的电工考试中，监考人员未核对身份证件。",
            contact_name="王小明",
            contact_phone="13912345678",
        )
    )
    # A letter received 20 days ago and still not decided: overdue, on top of the bureau's inbox.
    services.record_complaint(
        actor=bureau,
        data=_input(hohhot, "培训机构捆绑收费", "报名须先缴纳培训费，否则不予报名。", contact_name="李桂芝"),
        source=Source.LETTER,
        source_detail="来信（邮戳日期见附件扫描件）",
        received_on=ago(20),
    )
    # A media report, accepted and under investigation, with an extension.
    media = services.record_complaint(
        actor=bureau,
        data=_input(hohhot, "媒体报道：证书“花钱就能拿”", "报道称该机构承诺“包过”，收费3000元。", anonymous=True),
        source=Source.MEDIA,
        source_detail="《北方新报》2026年11月28日第5版",
        received_on=ago(10),
    ).complaint
    media = services.accept_complaint(actor=bureau, complaint=media, note="属本局管辖，立即核查")
    services.record_investigation(
        actor=bureau, complaint=media, method="约谈机构负责人", notes="负责人否认“包过”承诺，已调取招生宣传材料。"
    )
    services.extend_complaint(actor=bureau, complaint=media, days=20, reason="需向报社调取采访记录")
    # A call about an examiner reaches the region, which transfers it to 包头, where it is accepted.
    region_center = User.objects.get(username="region_center")
    call = services.record_complaint(
        actor=region_center,
        data=_input(
            None,
            "考评员打分不公",
            "实操考试中考评员对熟人考生明显放宽。",
            reference="包头考点考评员",
            contact_phone="13612345678",
        ),
        source=Source.PHONE,
        source_detail="12333转来电",
        received_on=ago(2),
    ).complaint
    services.transfer_complaint(
        actor=region_center, complaint=call, to=Jurisdiction.objects.get(code="150200"), reason="考点在包头市"
    )
    services.accept_complaint(actor=bureau_bt, complaint=Complaint.objects.get(pk=call.pk))
    # Not accepted.
    refused = services.file_public_complaint(
        data=_input(None, "对考试成绩不服", "认为实操成绩偏低。", reference="考生本人")
    )
    services.refuse_complaint(
        actor=region_center,
        complaint=refused.complaint,
        reason="属成绩复核事项，应通过成绩复核渠道办理",
        public_text="您反映的是成绩复核事项，请在成绩公示期内向评价机构申请复核。本件不予受理。",
    )
    # Concluded: unfounded, founded (linked to the 通报批评), referred.
    criticism = Sanction.objects.filter(institution=hohhot, kind=Kind.CRITICISM).first()
    for title, outcome, public, sanction, referred in (
        ("考评员收受好处", Outcome.UNFOUNDED, "经调阅监控和评分记录，未发现考评员收受好处的情况。", None, ""),
        ("收费标准未公示", Outcome.FOUNDED, "经核查反映问题属实，已对该机构通报批评。", criticism, ""),
        (
            "机构虚假宣传",
            Outcome.REFERRED,
            "涉及虚假广告，已移交市场监督管理部门处理。",
            None,
            "呼和浩特市市场监督管理局",
        ),
    ):
        c = services.record_complaint(
            actor=bureau,
            data=_input(hohhot, title, title + "。"),
            source=Source.PHONE,
            source_detail="来电",
            received_on=ago(30),
        ).complaint
        c = services.accept_complaint(actor=bureau, complaint=c)
        if outcome == Outcome.FOUNDED and sanction is None:
            continue
        services.conclude_complaint(
            actor=bureau,
            complaint=c,
            outcome=outcome,
            public_text=public,
            internal_conclusion="经办意见：" + public,
            sanction=sanction,
            referred_to=referred,
        )
    code = waiting.complaint.tracking_code
    ctx.setdefault("notes", []).append(
        f"投诉举报查询（/complaints/track/）：查询码 {code} 查询密码 {waiting.secret}（只在首次加载时显示）"
    )
