"""Excel/CSV in and out, shared by every list export and roster import (R-REP-2).

Exports stream rows into openpyxl's write-only workbook (constant memory per row); imports
read `.xlsx` in read-only mode or `.csv` line by line and yield one dict per data row with
its spreadsheet row number, so callers can report errors "第N行" exactly.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote

from django.http import FileResponse
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from skillcert.core.errors import DomainError

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone().replace(tzinfo=None)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | datetime.date):
        return value
    return str(value)


def write_xlsx(target: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "数据") -> int:
    """Write a header row and the data rows; returns the number of data rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31] or "数据")
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    for row in rows:
        ws.append([_cell_value(v) for v in row])
        count += 1
    wb.save(target)
    return count


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "数据"
) -> FileResponse:
    """An attachment download of the rows; the file is spooled to disk past 8 MB."""
    buffer = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    write_xlsx(buffer, headers, rows, title)
    buffer.seek(0)
    name = filename if filename.endswith(".xlsx") else f"{filename}.xlsx"
    response = FileResponse(buffer, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@dataclass
class TableRow:
    number: int
    """The row number as the user sees it in the spreadsheet (header is row 1)."""
    values: dict[str, str]


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_headers(found: list[str], required: Sequence[str]) -> None:
    missing = [h for h in required if h not in found]
    if missing:
        raise DomainError(f"表头缺少必填列：{'、'.join(missing)}（第1行应为列名）", field="file", code="headers")


def read_table(upload: IO[bytes], filename: str, required: Sequence[str]) -> Iterator[TableRow]:
    """Yield the data rows of an `.xlsx` or `.csv` upload, streamed; blank rows are skipped."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        yield from _read_xlsx(upload, required)
    elif lower.endswith(".csv"):
        yield from _read_csv(upload, required)
    else:
        raise DomainError("文件格式不支持：请上传 .xlsx 或 .csv 文件", field="file", code="file_type")


def _read_xlsx(upload: IO[bytes], required: Sequence[str]) -> Iterator[TableRow]:
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:
        raise DomainError(
            "无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式", field="file", code="file_corrupt"
        ) from exc
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise DomainError("文件为空：第1行应为列名", field="file", code="empty")
        headers = [_clean(h) for h in header_row]
        _check_headers(headers, required)
        for number, raw in enumerate(rows, start=2):
            values = {h: _clean(v) for h, v in zip(headers, raw, strict=False) if h}
            if any(values.values()):
                yield TableRow(number, values)
    finally:
        wb.close()


def _read_csv(upload: IO[bytes], required: Sequence[str]) -> Iterator[TableRow]:
    head = upload.read(4)
    upload.seek(0)
    encoding = "utf-8-sig" if head.startswith(b"\xef\xbb\xbf") else "utf-8"
    text = io.TextIOWrapper(upload, encoding=encoding, newline="")
    try:
        reader = csv.reader(text)
        header_row = next(reader, None)
        if header_row is None:
            raise DomainError("文件为空：第1行应为列名", field="file", code="empty")
        headers = [_clean(h) for h in header_row]
        _check_headers(headers, required)
        for number, raw in enumerate(reader, start=2):
            values = {h: _clean(v) for h, v in zip(headers, raw, strict=False) if h}
            if any(values.values()):
                yield TableRow(number, values)
    except UnicodeDecodeError as exc:
        raise DomainError("CSV 文件编码应为 UTF-8", field="file", code="encoding") from exc
    finally:
        text.detach()
