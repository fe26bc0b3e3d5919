"""The certificate as a one-page A4 PDF after the national reference layout (R-CERT-3).

Printed: the title "职业技能等级证书", name, ID type and number, occupation (with its code),
工种 ("--" when none), level written "三级/高级工", certificate number, the institution's filed
name, the issue date, the candidate's photo, a QR code leading to the verification page
through a signed link, and the national query addresses. Text is drawn with the shipped
WenQuanYi Micro Hei, embedded as a subset (`skillcert.core.pdf`); a field holding a character
the font lacks is refused before anything is drawn. The QR code is drawn as vector squares
from segno's module matrix, so no image library is involved and it stays sharp when printed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import segno
from django.utils.translation import gettext

from skillcert.certificates import offline_qr
from skillcert.certificates.models import Certificate
from skillcert.certificates.verification import verification_url
from skillcert.core.pdf import PageWriter, check_text, one_page_a4

# The certificate's wording is fixed by the national rule (R-CERT-3), whatever the interface language.
TITLE = "职业技能等级证书"  # i18n: data
NATIONAL_QUERY = (
    "技能人才评价证书全国联网查询：http://zscx.osta.org.cn",  # i18n: data
    "人力资源社会保障部“掌上12333”APP：证书查询",  # i18n: data
)
"""Where the national database answers for every certificate (printed on the certificate)."""

QR_SIZE_MM = 40.0
"""Printed width of the QR code including its 2-module quiet zone."""

INK = (0.12, 0.14, 0.16)
RED = (0.66, 0.12, 0.10)
GOLD = (0.62, 0.48, 0.20)
MUTED = (0.40, 0.42, 0.45)


@dataclass(frozen=True)
class CertificateFace:
    """The printed fields of one certificate."""

    number: str
    name: str
    id_type: str
    id_number: str
    occupation: str
    occupation_code: str
    work_type: str
    level: str
    institution: str
    issued_on: datetime.date
    verify_url: str
    photo: bytes | None = None
    status_note: str = ""
    qr_payload: str = ""
    """The signed offline record (`offline_qr`); empty prints the plain link instead."""


def chinese_date(day: datetime.date) -> str:
    return gettext("%(year)s年%(month)s月%(day)s日") % {"year": day.year, "month": day.month, "day": day.day}


def _photo(certificate: Certificate) -> bytes | None:
    photo = certificate.registration.photo
    if not photo:
        return None
    try:
        with photo.open("rb") as handle:
            return bytes(handle.read())
    except (OSError, ValueError):
        return None


def face_for(certificate: Certificate) -> CertificateFace:
    """The fields printed for a stored certificate (taken from what was recorded at issue)."""
    note = ""
    if certificate.status != "valid":
        note = gettext("本证书%(status)s（以平台查询结果为准）") % {"status": certificate.get_status_display()}
    return CertificateFace(
        number=certificate.number,
        name=certificate.name,
        id_type=certificate.get_id_type_display(),
        id_number=certificate.id_number,
        occupation=certificate.occupation_name,
        occupation_code=certificate.occupation_code,
        work_type=certificate.work_type_display,
        level=certificate.level_label,
        institution=certificate.institution_name,
        issued_on=certificate.issued_on,
        verify_url=verification_url(certificate.number),
        photo=_photo(certificate),
        status_note=note,
        qr_payload=offline_qr.payload_for(certificate),
    )


def _check(face: CertificateFace) -> None:
    check_text(face.name, label=gettext("姓名"), field="name")
    check_text(face.occupation, label=gettext("职业"), field="occupation")
    check_text(face.work_type, label=gettext("工种"), field="work_type")
    check_text(face.institution, label=gettext("评价机构名称"), field="institution")


def draw_qr(p: PageWriter, data: str | segno.QRCode, x: float, y: float, size: float) -> None:
    """A QR code (error correction M) as filled squares in a size × size mm box; runs of modules merged."""
    qr = data if isinstance(data, segno.QRCode) else segno.make(data, error="m", micro=False)
    border = 2
    modules = len(qr.matrix)
    unit = size / (modules + 2 * border)
    p.rect(x, y, size, size, width=0, fill=(1, 1, 1), stroke=False)
    for row_index, row in enumerate(qr.matrix):
        col = 0
        while col < modules:
            if row[col]:
                start = col
                while col < modules and row[col]:
                    col += 1
                p.rect(
                    x + (border + start) * unit,
                    y + (border + row_index) * unit,
                    (col - start) * unit + 0.02,
                    unit + 0.02,
                    width=0,
                    fill=(0, 0, 0),
                    stroke=False,
                )
            else:
                col += 1


def render_face(face: CertificateFace) -> bytes:
    """One A4 page: frame, title, fields with the photo at the right, QR code and query addresses below."""
    _check(face)

    def draw(p: PageWriter) -> None:
        p.rect(10, 10, 190, 277, width=2.2)
        p.rect(13, 13, 184, 271, width=0.6)
        p.text(105, 40, TITLE, size=30, align="center", color=RED, spacing=2.5)
        p.text(105, 50, "Vocational Skill Level Certificate", size=11, align="center", color=GOLD)
        p.line(40, 56, 170, 56, width=0.6)

        left, value_x = 26.0, 62.0
        photo_x, photo_y, photo_w, photo_h = 148.0, 68.0, 33.0, 44.0
        rows = [
            (gettext("姓　　名"), face.name, 15.0),
            (gettext("证件类型"), face.id_type, 12.0),
            (gettext("证件号码"), face.id_number, 12.0),
            (gettext("职业名称"), f"{face.occupation}（{face.occupation_code}）", 12.0),
            (gettext("工　　种"), face.work_type, 12.0),
            (gettext("职业技能等级"), face.level, 14.0),
            (gettext("证书编号"), face.number, 12.0),
            (gettext("评价机构"), face.institution, 11.0),
            (gettext("发证日期"), chinese_date(face.issued_on), 12.0),
        ]
        y = 76.0
        for label, value, size in rows:
            p.text(left, y, label, size=11, color=MUTED, label=label)
            width = (photo_x - 4 if y < photo_y + photo_h + 4 else 184) - value_x
            fitted = p.fit_size(value, width, size, min_size=7)
            p.text(value_x, y, value, size=fitted, color=INK, label=label)
            p.line(value_x, y + 2.2, value_x + width, y + 2.2, width=0.25, dash=(1, 1))
            y += 15.5

        p.rect(photo_x, photo_y, photo_w, photo_h, width=0.5)
        if not p.image(face.photo, photo_x + 1, photo_y + 1, photo_w - 2, photo_h - 2):
            p.text(photo_x + photo_w / 2, photo_y + photo_h / 2, gettext("照片"), size=11, align="center", color=MUTED)

        p.text(
            105,
            y + 4,
            gettext("经评价认定，该同志达到上述职业技能等级，特发此证。"),
            size=11.5,
            align="center",
            color=INK,
        )

        qr_x, qr_y, qr_size = 22.0, 220.0, QR_SIZE_MM
        qr = offline_qr.make_qr(face.qr_payload) if face.qr_payload else face.verify_url
        draw_qr(p, qr, qr_x, qr_y, QR_SIZE_MM)
        p.text(qr_x + qr_size / 2, qr_y + qr_size + 4.5, gettext("扫码查验证书"), size=8.5, align="center", color=MUTED)
        p.text(190, 236, gettext("评价机构（印章）"), size=11, align="right", color=INK)
        p.text(190, 246, face.institution, size=p.fit_size(face.institution, 110, 10), align="right", color=MUTED)
        p.text(190, 255, chinese_date(face.issued_on), size=10, align="right", color=MUTED)

        p.line(20, 267, 190, 267, width=0.3)
        p.text(20, 272.5, gettext("证书信息查询："), size=8, color=MUTED)
        p.text(42, 272.5, "；".join(NATIONAL_QUERY), size=p.fit_size("；".join(NATIONAL_QUERY), 148, 8), color=MUTED)
        p.text(20, 278.5, gettext("内蒙古自治区职业技能等级认定监管平台查验："), size=8, color=MUTED)
        p.text(82, 278.5, face.verify_url, size=p.fit_size(face.verify_url, 108, 7), color=MUTED)
        if face.status_note:
            p.text(105, 63, face.status_note, size=10, align="center", color=RED)

    return one_page_a4(draw, title=f"{TITLE} {face.number}", subject=f"{face.name} {face.occupation} {face.level}")


def render_certificate(certificate: Certificate) -> bytes:
    """The PDF of a stored certificate (R-CERT-3)."""
    return render_face(face_for(certificate))
