"""What goes into a national upload file and into list exports (R-CERT-6, R-REP-2).

The upload files (`.xlsx` and JSON) carry the full ID number — the national database needs
it — so they are produced only for a batch, to staff allowed to download, and every download
is audited. List exports made from the pages show ID numbers masked.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from skillcert.certificates.models import Certificate, ExportBatch
from skillcert.core.excel import write_xlsx
from skillcert.core.listing import Column, ListExport

# The national database's column names: data, the same whatever the interface language.
UPLOAD_COLUMNS: list[tuple[str, str]] = [
    ("number", "证书编号"),  # i18n: data
    ("name", "姓名"),  # i18n: data
    ("id_type", "证件类型"),  # i18n: data
    ("id_number", "证件号码"),  # i18n: data
    ("occupation_code", "职业编码"),  # i18n: data
    ("occupation_name", "职业名称"),  # i18n: data
    ("work_type", "工种"),  # i18n: data
    ("level", "等级"),  # i18n: data
    ("level_name", "职业技能等级"),  # i18n: data
    ("institution_name", "评价机构"),  # i18n: data
    ("institution_credit_code", "统一社会信用代码"),  # i18n: data
    ("issued_on", "发证日期"),  # i18n: data
    ("status", "证书状态"),  # i18n: data
    ("status_reason", "状态依据"),  # i18n: data
]


def upload_record(cert: Certificate) -> dict[str, Any]:
    """One certificate as the national database receives it."""
    return {
        "number": cert.number,
        "name": cert.name,
        "id_type": cert.get_id_type_display(),
        "id_number": cert.id_number,
        "occupation_code": cert.occupation_code,
        "occupation_name": cert.occupation_name,
        "work_type": cert.work_type_display,
        "level": cert.level,
        "level_name": cert.level_label,
        "institution_name": cert.institution_name,
        "institution_credit_code": cert.institution.root.credit_code,
        "issued_on": cert.issued_on.isoformat(),
        "status": cert.get_status_display(),
        "status_reason": cert.status_reason,
    }


def batch_certificates(batch: ExportBatch) -> Iterable[Certificate]:
    return (
        Certificate.objects.filter(export_batch=batch)
        .select_related("institution__parent")
        .order_by("issued_at", "id")
        .iterator(chunk_size=500)
    )


def batch_json(batch: ExportBatch, certificates: Iterable[Certificate] | None = None) -> bytes:
    """The batch as UTF-8 JSON, byte-for-byte the same every time it is produced."""
    records = [upload_record(c) for c in (certificates if certificates is not None else batch_certificates(batch))]
    institution = batch.institution.root
    document = {
        "batch": batch.number,
        "institution": {"name": institution.filed_name, "credit_code": institution.credit_code},
        "count": len(records),
        "certificates": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def batch_xlsx(batch: ExportBatch) -> bytes:
    buffer = io.BytesIO()
    rows = ([upload_record(c)[key] for key, _ in UPLOAD_COLUMNS] for c in batch_certificates(batch))
    write_xlsx(buffer, [label for _, label in UPLOAD_COLUMNS], rows, title=gettext("证书上报"))
    return buffer.getvalue()


CERTIFICATES = ListExport(
    gettext_lazy("职业技能等级证书"),
    [
        Column(gettext_lazy("证书编号"), lambda c: c.number),
        Column(gettext_lazy("姓名"), lambda c: c.name),
        Column(gettext_lazy("证件号码"), lambda c: c.masked_id_number),
        Column(gettext_lazy("职业"), lambda c: c.occupation_name),
        Column(gettext_lazy("工种"), lambda c: c.work_type_display),
        Column(gettext_lazy("等级"), lambda c: c.level_label),
        Column(gettext_lazy("评价机构"), lambda c: c.institution_name),
        Column(gettext_lazy("认定计划"), lambda c: c.plan.number),
        Column(gettext_lazy("发证日期"), lambda c: c.issued_on),
        Column(gettext_lazy("状态"), lambda c: c.get_status_display()),
        Column(
            gettext_lazy("上报批次"), lambda c: c.export_batch.number if c.export_batch_id and c.export_batch else ""
        ),
    ],
)
"""The certificate list as the pages and the API export it: ID numbers masked (R-REP-2, R-X-3)."""
