"""What goes into a national upload file and into list exports (R-CERT-6, R-REP-2).

The upload files (`.xlsx` and JSON) carry the full ID number — the national database needs
it — so they are produced only for a batch, to staff allowed to download, and every download
is audited. List exports made from the pages show ID numbers masked.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from skillcert.certificates.models import Certificate, ExportBatch
from skillcert.core.excel import write_xlsx

UPLOAD_COLUMNS: list[tuple[str, str]] = [
    ("number", "证书编号"),
    ("name", "姓名"),
    ("id_type", "证件类型"),
    ("id_number", "证件号码"),
    ("occupation_code", "职业编码"),
    ("occupation_name", "职业名称"),
    ("work_type", "工种"),
    ("level", "等级"),
    ("level_name", "职业技能等级"),
    ("institution_name", "评价机构"),
    ("institution_credit_code", "统一社会信用代码"),
    ("issued_on", "发证日期"),
    ("status", "证书状态"),
    ("status_reason", "状态依据"),
]

LIST_HEADERS = [
    "证书编号",
    "姓名",
    "证件号码",
    "职业",
    "工种",
    "等级",
    "评价机构",
    "认定计划",
    "发证日期",
    "状态",
    "上报批次",
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
    write_xlsx(buffer, [label for _, label in UPLOAD_COLUMNS], rows, title="证书上报")
    return buffer.getvalue()


def list_rows(certificates: Iterable[Certificate]) -> Iterator[list[Any]]:
    """A list export row: ID numbers masked (R-X-3)."""
    for c in certificates:
        yield [
            c.number,
            c.name,
            c.masked_id_number,
            c.occupation_name,
            c.work_type_display,
            c.level_label,
            c.institution_name,
            c.plan.number,
            c.issued_on,
            c.get_status_display(),
            c.export_batch.number if c.export_batch_id and c.export_batch else "",
        ]
