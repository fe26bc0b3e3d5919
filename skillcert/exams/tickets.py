"""The admission ticket (准考证) page: exam number, candidate, photo, sessions, rooms and seats (R-EXAM-5)."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy

from skillcert.core.pdf import PageWriter, check_text, one_page_a4
from skillcert.exams.selectors.tickets import TicketData

RULES = (
    gettext_lazy("1. 考生须携带本准考证和与报名一致的有效身份证件，于开考前30分钟到达考场，经身份核验后按座位号入座。"),
    gettext_lazy("2. 开考15分钟后不得入场；理论知识考试开考30分钟后方可交卷离场。"),
    gettext_lazy("3. 除规定的文具和工具外，不得携带通讯工具、电子设备和资料进入考场。"),
    gettext_lazy("4. 考生须服从考务人员管理，违纪者视情节给予警告、该科目成绩无效或取消考试资格的处理，并记录在案。"),
    gettext_lazy("5. 成绩在监管平台公示，公示期内可提出异议；对本人成绩有疑问的，可在规定期限内申请成绩复核。"),
)
INK = (0.12, 0.14, 0.16)
RED = (0.70, 0.15, 0.12)
MUTED = (0.40, 0.42, 0.45)


def _check(data: TicketData) -> None:
    """Refuse before drawing when a printed field holds a character the font lacks (R-X-4)."""
    check_text(data.name, label=gettext("姓名"), field="name")
    check_text(data.occupation, label=gettext("职业"), field="occupation")
    check_text(data.work_type, label=gettext("工种"), field="work_type")
    check_text(data.institution, label=gettext("评价机构"), field="institution")
    check_text(data.venue, label=gettext("考点"), field="venue")
    check_text(data.address, label=gettext("考点地址"), field="address")
    for line in data.lines:
        check_text(line.room, label=gettext("考场"), field="room")


def render_ticket(data: TicketData) -> bytes:
    """One A4 page laid out like a printed 准考证, the candidate's photo in the top-right box."""
    _check(data)

    def draw(p: PageWriter) -> None:
        left, right = 20.0, 190.0
        p.rect(12, 12, 186, 273, width=1.2)
        p.rect(13.5, 13.5, 183, 270, width=0.4)
        p.text(105, 30, gettext("内蒙古自治区职业技能等级认定"), size=15, align="center", color=INK)
        p.text(105, 45, gettext("准 考 证"), size=28, align="center", color=RED, spacing=3)
        p.line(left, 51, right, 51, width=0.8)
        p.text(
            left, 59, gettext("认定计划：%(plan_number)s") % {"plan_number": data.plan_number}, size=9.5, color=MUTED
        )
        p.text(
            right,
            59,
            gettext("准考证号：%(exam_number)s") % {"exam_number": data.exam_number},
            size=12,
            align="right",
            color=INK,
        )

        top = 64.0
        label_w, value_w, photo_w, row_h = 28.0, 102.0, 40.0, 10.5
        rows = [
            (gettext("姓    名"), data.name),
            (gettext("证件类型"), data.id_type),
            (gettext("证件号码"), data.id_number_masked),
            (gettext("职业（工种）"), f"{data.occupation}（{data.work_type}）"),
            (gettext("申报等级"), data.level),
        ]
        p.grid(left, top, [label_w, value_w], rows, row_height=row_h, label_columns=[0], size=11)
        photo_x = left + label_w + value_w
        p.rect(photo_x, top, photo_w, row_h * len(rows), width=0.6)
        if not p.image(data.photo, photo_x + 3, top + 3, photo_w - 6, row_h * len(rows) - 6):
            p.text(
                photo_x + photo_w / 2,
                top + row_h * len(rows) / 2,
                gettext("照片"),
                size=12,
                align="center",
                color=MUTED,
            )
            p.text(
                photo_x + photo_w / 2,
                top + row_h * len(rows) / 2 + 6,
                gettext("（未上传）"),
                size=8,
                align="center",
                color=MUTED,
            )
        y = top + row_h * len(rows)
        y = p.grid(
            left,
            y,
            [label_w, value_w + photo_w],
            [(gettext("评价机构"), data.institution)],
            row_height=row_h,
            label_columns=[0],
            size=11,
        )
        y = p.grid(
            left,
            y,
            [label_w, value_w + photo_w],
            [(gettext("考点地址"), f"{data.venue}  {data.address}")],
            row_height=row_h,
            label_columns=[0],
            size=10.5,
        )

        y += 9
        p.text(left, y, gettext("考试安排"), size=12.5, color=INK)
        y += 3
        widths = [26.0, 50.0, 38.0, 36.0, 20.0]
        header = (gettext("科目"), gettext("考试时间"), gettext("考点"), gettext("考场"), gettext("座位号"))
        p.grid(left, y, widths, [header], row_height=9, label_columns=range(5), size=10)
        y = p.grid(
            left,
            y + 9,
            widths,
            [(line.component, line.when, line.venue, line.room, line.seat) for line in data.lines],
            row_height=10,
            size=10.5,
        )

        y += 10
        p.text(left, y, gettext("考生须知"), size=12.5, color=INK)
        y += 7
        for rule in RULES:
            y = p.wrapped(left, y, right - left, rule, size=9.5, leading=1.55)
        if data.contact:
            y = p.wrapped(
                left, y + 1, right - left, gettext("咨询电话：%(contact)s") % {"contact": data.contact}, size=9.5
            )

        p.line(left, 248, right, 248, width=0.3, dash=(2, 2))
        p.text(left, 257, gettext("考生签名：____________________"), size=10.5, color=INK)
        p.text(right, 257, gettext("评价机构（盖章）"), size=10.5, align="right", color=INK)
        p.text(right, 266, data.institution, size=9.5, align="right", color=MUTED)
        p.text(
            105,
            278,
            gettext("本准考证由内蒙古自治区职业技能等级认定监管平台生成，座位经随机抽签确定"),
            size=8,
            align="center",
            color=MUTED,
        )

    return one_page_a4(
        draw,
        title=gettext("准考证 %(exam_number)s") % {"exam_number": data.exam_number},
        subject=f"{data.name} {data.occupation} {data.level}",
    )
