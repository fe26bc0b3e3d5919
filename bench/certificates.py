"""Certificates benchmark (R-CERT-1, R-CERT-3): numbers allocated per second and certificate PDFs
rendered per second, each against a baseline measured in the same run (a plain insert per
transaction; a blank one-page PDF with the same font set-up)."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable


def _rate(fn: Callable[[], None], n: int) -> float:
    started = time.perf_counter()
    fn()
    return n / (time.perf_counter() - started)


def bench_certificates(n_numbers: int = 2000, n_pdfs: int = 40) -> list[tuple[str, float, str]]:
    from django.db import transaction

    from skillcert.certificates import numbering
    from skillcert.certificates.models import NumberCounter, SiteSerial
    from skillcert.certificates.printing import CertificateFace, render_face
    from skillcert.core.pdf import one_page_a4
    from skillcert.institutions.models import Institution

    institution = Institution(certificate_kind="S", ministry_filed=False, ministry_code="0000")
    site = SiteSerial(serial="000101")

    def numbered() -> None:
        for i in range(n_numbers):
            with transaction.atomic():
                numbering.allocate_number(institution=institution, site_serial=site, year=2026, level=1 + i % 5)

    def plain() -> None:
        for i in range(n_numbers):
            with transaction.atomic():
                NumberCounter.objects.create(prefix=f"B{i:015d}", last_serial=1)

    plain_rate = _rate(plain, n_numbers)
    number_rate = _rate(numbered, n_numbers)

    face = CertificateFace(
        number="S000015000101264000001",
        name="乌云其其格",
        id_type="居民身份证",
        id_number="150102199003071234",
        occupation="中式烹调师",
        occupation_code="4-03-02-01",
        work_type="中式面点",
        level="三级/高级工",
        institution="内蒙古职业技能评价协会",
        issued_on=datetime.date(2026, 3, 5),
        verify_url="http://127.0.0.1:8000/certificates/v/S000015000101264000001:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbC/",
    )
    render_face(face)  # font loaded and registered once, like a running server
    one_page_a4(lambda p: None, title="blank")

    def certificates() -> None:
        for _ in range(n_pdfs):
            render_face(face)

    def blank() -> None:
        for _ in range(n_pdfs):
            one_page_a4(lambda p: p.text(20, 20, "空"), title="blank")

    blank_rate = _rate(blank, n_pdfs)
    pdf_rate = _rate(certificates, n_pdfs)
    return [
        (
            f"certificate numbers: plain insert / allocation ({number_rate:.0f} numbers/s)",
            plain_rate / number_rate,
            "goal ≤ 3 (lock + update + insert)",
        ),
        (
            f"certificate PDF: blank page / certificate ({pdf_rate:.1f} PDFs/s)",
            blank_rate / pdf_rate,
            "goal ≤ 5 (fields, QR squares, font subset)",
        ),
    ]
