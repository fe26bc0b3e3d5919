"""Download a list page's `?export=xlsx` and `?export=pdf` and read them back, for the export tests
of the supervision, inspections, complaints, sanctions, archives and reports apps (R-REP-2)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader


@dataclass(frozen=True)
class Downloads:
    rows: list[list[object]]
    pdf_text: str

    def contains(self, text: str) -> bool:
        in_sheet = any(text in str(v) for row in self.rows for v in row if v is not None)
        return in_sheet and text in self.pdf_text.replace("\n", "")


def _body(response: object) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined,no-any-return]


def download(client: Client, url: str) -> Downloads:
    """Both exports of `url`; each must be a 200 download of the right type."""
    joiner = "&" if "?" in url else "?"
    xlsx = client.get(f"{url}{joiner}export=xlsx")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"], (url, xlsx.status_code)
    pdf = client.get(f"{url}{joiner}export=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf", (url, pdf.status_code)
    sheet = load_workbook(io.BytesIO(_body(xlsx))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(_body(pdf))).pages)
    return Downloads(rows, text)
