"""Excel/CSV in and out, shared by every list export and roster import (R-REP-2).

Exports stream rows into openpyxl's write-only workbook (constant memory per row); imports
read `.xlsx` in read-only mode or `.csv` line by line and yield one dict per data row with
its spreadsheet row number, so callers can report errors "第N行" exactly.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import itertools
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any
from urllib.parse import quote

from django.http import FileResponse
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Font
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.worksheet._reader import ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from skillcert.core.errors import DomainError

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMERIC_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_text(text: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP "CSV injection").

    A cell that starts with = + - @, a tab or a carriage return is prefixed with an
    apostrophe; text that is a plain number ("-12.5", "+86") is left as it is.
    """
    if text.startswith(_FORMULA_TRIGGERS) and not _NUMERIC_TEXT.fullmatch(text):
        return "'" + text
    return text


def safe_cell(value: Any) -> Any:
    """A value as an exported cell: numbers and dates as they are, text neutralised by `safe_text`."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone().replace(tzinfo=None)
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, int | float | datetime.date):
        return value
    return safe_text(str(value))


def write_xlsx(target: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "") -> int:
    """Write a header row and the data rows; returns the number of data rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(title)[:31] or gettext("数据"))
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=safe_cell(h))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    for row in rows:
        ws.append([safe_cell(v) for v in row])
        count += 1
    wb.save(target)
    return count


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = ""
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
    formulas: tuple[str, ...] = ()
    """Headers of the columns whose cell holds a formula (`.xlsx` only); its cached value is in `values`.
    Imports that want typed text refuse such rows."""


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


def _row_values(headers: list[str], raw: Sequence[Any]) -> dict[str, str]:
    """Every named column gets a value; cells missing at the end of a row read as ""."""
    return {h: _clean(raw[i]) if i < len(raw) else "" for i, h in enumerate(headers) if h}


def _check_headers(found: list[str], required: Sequence[str]) -> None:
    missing = [h for h in required if h not in found]
    if missing:
        raise DomainError(
            gettext("表头缺少必填列：%(join)s（第1行应为列名）") % {"join": "、".join(missing)},
            field="file",
            code="headers",
        )


def read_table(upload: IO[bytes], filename: str, required: Sequence[str]) -> Iterator[TableRow]:
    """Yield the data rows of an `.xlsx` or `.csv` upload, streamed; blank rows are skipped."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        yield from _read_xlsx(upload, required)
    elif lower.endswith(".csv"):
        yield from _read_csv(upload, required)
    else:
        raise DomainError(gettext("文件格式不支持：请上传 .xlsx 或 .csv 文件"), field="file", code="file_type")


def check_upload_size(upload: IO[bytes], *, max_mb: int, label: str, field: str = "file") -> None:
    """Refuse an upload larger than `max_mb` before reading a row of it."""
    size = getattr(upload, "size", None)
    if size is None:
        position = upload.tell()
        size = upload.seek(0, io.SEEK_END)
        upload.seek(position)
    if size > max_mb * 1024 * 1024:
        raise DomainError(
            _("%(label)s：文件超过%(mb)sMB的上限，请分批上传") % {"label": label, "mb": max_mb},
            field=field,
            code="file_size",
        )


def limit_rows(rows: Iterable[TableRow], *, max_rows: int, label: str, field: str = "file") -> Iterator[TableRow]:
    """Pass rows through, refusing the file as soon as it holds more than `max_rows` data rows."""
    for count, row in enumerate(rows, start=1):
        if count > max_rows:
            raise DomainError(
                _("%(label)s：超过每次最多%(n)s行的上限，请分批导入") % {"label": label, "n": max_rows},
                field=field,
                code="too_many_rows",
            )
        yield row


ROW_ERROR_HEADERS: tuple[str, str] = ("序号", "错误")  # i18n: data (the error report's columns)


def row_errors_refusal(
    errors: Sequence[str], *, summary: str, shown: int, report_url: str = "", field: str = "file"
) -> DomainError:
    """One 400 for an import with bad rows: the first `shown` errors, their total and the full report's address.

    The body stays small however bad the file is; the caller stores every error with
    `write_xlsx(…, ROW_ERROR_HEADERS, enumerate(errors, 1))` and passes its download address.
    """
    err = DomainError(f"{summary}{errors[0]}" if errors else summary, field=field, code="rows")
    err.errors = {field: list(errors[:shown])}
    err.extra = {"error_count": len(errors), "errors_shown": min(shown, len(errors)), "error_report": report_url}
    return err


class _DiskStrings(Sequence[str]):
    """An .xlsx shared-string table kept in a temporary SQLite file, not in memory.

    Spreadsheets store every distinct text (each name, each ID number) once in a table that
    openpyxl loads whole into a list, so its memory grows with the file even in read-only
    mode. Here the table streams to disk and cells look their strings up by index, with a
    small cache, so reading a 50,000-row roster costs about what a 5,000-row one does.
    """

    _BATCH = 2000

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "" = a private temporary database on disk
        self._db.execute("CREATE TABLE s (i INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        self._len = 0
        self._get = lru_cache(maxsize=4096)(self._fetch)

    def load(self, source: IO[bytes]) -> None:
        tag = f"{{{SHEET_MAIN_NS}}}si"
        batch: list[tuple[int, str]] = []
        table = None
        for event, node in iterparse(source, events=("start", "end")):
            if event == "start":
                if table is None:
                    table = node  # the <sst> root: finished entries are detached from it
                continue
            if node.tag == tag:
                text = Text.from_tree(node)
                batch.append((self._len, (text.content if text is not None else "").replace("x005F_", "")))
                self._len += 1
                node.clear()
                if table is not None and len(table) and table[-1] is node:
                    table.remove(node)
                if len(batch) >= self._BATCH:
                    self._db.executemany("INSERT INTO s VALUES (?, ?)", batch)
                    batch.clear()
        if batch:
            self._db.executemany("INSERT INTO s VALUES (?, ?)", batch)

    def _fetch(self, index: int) -> str:
        row = self._db.execute("SELECT v FROM s WHERE i = ?", (index,)).fetchone()
        if row is None:
            raise IndexError(index)
        return str(row[0])

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self._get(int(index))

    def __len__(self) -> int:
        return self._len

    def close(self) -> None:
        self._db.close()


class _StreamingReader(ExcelReader):  # type: ignore[misc]
    """openpyxl's read-only reader with the shared-string table on disk."""

    def __init__(self, upload: IO[bytes]) -> None:
        super().__init__(upload, read_only=True, data_only=True)
        self.disk_strings = _DiskStrings()

    def read(self) -> None:
        """Only what reading cell values needs: strings, workbook, styles, sheet paths.

        openpyxl's ReadOnlyWorksheet is not built: sizing a sheet without a <dimension>
        element parses the whole sheet into memory.
        """
        self.read_manifest()
        self.read_strings()
        self.read_workbook()
        apply_stylesheet(self.archive, self.wb)
        self.sheet_paths = [
            rel.target
            for _sheet, rel in self.parser.find_sheets()
            if rel.target in self.valid_files and "chartsheet" not in rel.Type
        ]

    def read_strings(self) -> None:
        ct = self.package.find(SHARED_STRINGS)
        if ct is not None:
            with self.archive.open(ct.PartName[1:]) as src:
                self.disk_strings.load(src)
        self.shared_strings = self.disk_strings  # type: ignore[assignment]


_SHEET_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"


_FORMULA_TAG = f"{{{SHEET_MAIN_NS}}}f"
_CELL_TAG = f"{{{SHEET_MAIN_NS}}}c"


def _formula_columns(row: Any) -> set[int]:
    """1-based columns of the cells in a `<row>` element that carry a formula."""
    found: set[int] = set()
    for position, cell in enumerate(row.iter(_CELL_TAG), start=1):
        if cell.find(_FORMULA_TAG) is not None:
            ref = cell.get("r")
            found.add(column_index_from_string(coordinate_from_string(ref)[0]) if ref else position)
    return found


def _sheet_rows(wb: Any, path: str, shared_strings: Sequence[str]) -> Iterator[tuple[int, list[Any], set[int]]]:
    """(row number, cell values, formula columns) of one sheet, parsed as a stream.

    openpyxl's own row iterator clears each parsed row but leaves it attached to the
    document tree, so a read-only pass still grows with the row count; here each finished
    row is dropped from its parent. Cell conversion (shared strings, numbers, dates by
    their number format) is openpyxl's.
    """
    with wb._archive.open(path) as src:
        parser = WorkSheetParser(
            src,
            shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        sheet_data = None
        for event, element in iterparse(src, events=("start", "end")):
            if event == "start":
                if element.tag == _SHEET_DATA_TAG:
                    sheet_data = element
                continue
            if element.tag != ROW_TAG:
                continue
            formulas = _formula_columns(element)
            number, cells = parser.parse_row(element)
            parser.row_dimensions.clear()
            element.clear()
            if sheet_data is not None:
                sheet_data.remove(element)
            values: list[Any] = []
            for cell in cells:
                column = int(cell["column"])
                if column > len(values):
                    values.extend([None] * (column - len(values)))
                values[column - 1] = cell["value"]
            yield number, values, formulas


def _read_xlsx(upload: IO[bytes], required: Sequence[str]) -> Iterator[TableRow]:
    reader = None
    try:
        reader = _StreamingReader(upload)
        reader.read()
        wb = reader.wb
    except Exception as exc:
        if reader is not None:
            reader.disk_strings.close()
        raise DomainError(
            gettext("无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式"), field="file", code="file_corrupt"
        ) from exc
    try:
        if not reader.sheet_paths:
            raise DomainError(gettext("文件中没有工作表"), field="file", code="empty")
        rows = _sheet_rows(wb, reader.sheet_paths[0], reader.disk_strings)
        first = next(rows, None)
        if first is None:
            raise DomainError(gettext("文件为空：第1行应为列名"), field="file", code="empty")
        header_row = first[1]
        headers = [_clean(h) for h in header_row]
        _check_headers(headers, required)
        for number, raw, formula_columns in rows:
            values = _row_values(headers, raw)
            if any(values.values()):
                formulas = tuple(
                    headers[c - 1] for c in sorted(formula_columns) if c <= len(headers) and headers[c - 1]
                )
                yield TableRow(number, values, formulas)
    finally:
        reader.archive.close()
        reader.disk_strings.close()


ACCEPTED_CSV_ENCODINGS = gettext_lazy("UTF-8、GB18030 或 UTF-16")
_CSV_ENCODING_REFUSED = gettext_lazy(
    "CSV 文件编码无法识别：请用 %(accepted)s 编码保存（Excel 另存为“CSV UTF-8”、“CSV（逗号分隔）”或“Unicode 文本”）"
)


def _decodes(upload: IO[bytes], encoding: str) -> bool:
    """Whether the whole upload decodes as `encoding`; read in chunks, then rewound."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := upload.read(1 << 16):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)


def csv_encoding(upload: IO[bytes]) -> str:
    """The encoding of a CSV as Excel writes it: UTF-8 (with or without BOM), UTF-16 (with BOM), GB18030.

    Excel on Chinese Windows saves "CSV" in the ANSI code page (GBK, a subset of GB18030),
    "CSV UTF-8" with a BOM and "Unicode text" as tab-separated UTF-16 with a BOM. Without
    a BOM the whole file must decode: UTF-8 first (GB18030 would also accept most UTF-8
    text as mojibake), then GB18030. Anything else is refused naming what is accepted.
    """
    head = upload.read(4)
    upload.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        if _decodes(upload, encoding):
            return encoding
    raise DomainError(str(_CSV_ENCODING_REFUSED % {"accepted": ACCEPTED_CSV_ENCODINGS}), field="file", code="encoding")


def _read_csv(upload: IO[bytes], required: Sequence[str]) -> Iterator[TableRow]:
    encoding = csv_encoding(upload)
    text = io.TextIOWrapper(upload, encoding=encoding, newline="")
    try:
        first = text.readline()
        # Excel's "Unicode text" separates columns with tabs.
        delimiter = "\t" if "\t" in first and "," not in first else ","
        reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
        header_row = next(reader, None)
        if header_row is None:
            raise DomainError(gettext("文件为空：第1行应为列名"), field="file", code="empty")
        headers = [_clean(h) for h in header_row]
        _check_headers(headers, required)
        for number, raw in enumerate(reader, start=2):
            values = _row_values(headers, raw)
            if any(values.values()):
                yield TableRow(number, values)
    except UnicodeDecodeError as exc:
        raise DomainError(
            str(_CSV_ENCODING_REFUSED % {"accepted": ACCEPTED_CSV_ENCODINGS}), field="file", code="encoding"
        ) from exc
    finally:
        with contextlib.suppress(ValueError):  # the upload may be closed before this generator is
            text.detach()
