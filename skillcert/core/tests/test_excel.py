"""Excel/CSV helpers: exports open in Excel with the right cells; imports name rows and headers."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from skillcert.core.errors import DomainError
from skillcert.core.excel import read_table, write_xlsx, xlsx_response


def test_export_round_trips_through_the_reader():
    buffer = io.BytesIO()
    n = write_xlsx(buffer, ["姓名", "日期", "人数"], [["张三", datetime.date(2026, 1, 2), 3], ["李四", None, 0]])
    assert n == 2
    buffer.seek(0)
    rows = list(read_table(buffer, "x.xlsx", ["姓名"]))
    assert [(r.number, r.values) for r in rows] == [
        (2, {"姓名": "张三", "日期": "2026-01-02", "人数": "3"}),
        (3, {"姓名": "李四", "日期": "", "人数": "0"}),
    ]


def test_download_is_an_xlsx_attachment_with_a_chinese_file_name():
    response = xlsx_response("机构名单", ["名称"], [["包头市评价中心"]])
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.active["A2"].value == "包头市评价中心"


def test_csv_with_bom_and_blank_rows():
    data = "\ufeff姓名,手机\n张三,13800000000\n,\n李四,13900000000\n".encode()
    rows = list(read_table(io.BytesIO(data), "名单.CSV", ["姓名", "手机"]))
    assert [r.number for r in rows] == [2, 4]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.xls", b"", "请上传 .xlsx 或 .csv"),
        ("a.xlsx", b"not a zip", "无法读取 Excel 文件"),
        ("a.csv", "手机\n1\n".encode(), "表头缺少必填列：姓名"),
        ("a.csv", "姓名\n".encode("gbk") + b"\x80\xff\n", "UTF-8、GB18030 或 UTF-16"),
        ("a.csv", "姓名\n张三\n".encode("utf-16-le"), "UTF-8、GB18030 或 UTF-16"),
    ],
)
def test_bad_files_are_refused_in_chinese(name, content, message):
    with pytest.raises(DomainError, match=message) as info:
        list(read_table(io.BytesIO(content), name, ["姓名"]))
    assert info.value.field == "file"


def test_xlsx_dates_numbers_gaps_and_many_rows_read_as_a_stream():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "取得日期", "分数", "备注"])
    ws.append(["张三", datetime.datetime(2025, 3, 31), 87.5, None])
    ws["D3"] = "只有备注"  # a row with leading empty cells
    for i in range(4, 3004):
        ws.append([f"考生{i}", None, i, None])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    rows = list(read_table(buffer, "成绩.xlsx", ["姓名"]))
    assert rows[0].values == {"姓名": "张三", "取得日期": "2025-03-31", "分数": "87.5", "备注": ""}
    assert rows[1].number == 3 and rows[1].values["备注"] == "只有备注" and rows[1].values["姓名"] == ""
    assert len(rows) == 3002 and rows[-1].values["姓名"] == "考生3003"


@pytest.mark.parametrize(
    ("label", "content"),
    [
        ("UTF-8", "姓名,手机\n张三,13800000000\n".encode()),
        ("UTF-8 with BOM (Excel: CSV UTF-8)", "\ufeff姓名,手机\n张三,13800000000\n".encode()),
        ("GB18030 (Excel on Chinese Windows: CSV)", "姓名,手机\r\n张三,13800000000\r\n".encode("gb18030")),
        ("GBK subset", "姓名,手机\r\n张三,13800000000\r\n".encode("gbk")),
        ("UTF-16 (Excel: Unicode text, tab-separated)", "姓名\t手机\r\n张三\t13800000000\r\n".encode("utf-16")),
        ("UTF-16 with commas", "姓名,手机\r\n张三,13800000000\r\n".encode("utf-16")),
    ],
)
def test_csv_in_the_encodings_excel_writes(label, content):
    rows = list(read_table(io.BytesIO(content), "名单.csv", ["姓名", "手机"]))
    assert [r.values for r in rows] == [{"姓名": "张三", "手机": "13800000000"}], label


def test_a_long_utf8_file_is_not_mistaken_for_gb18030_at_a_chunk_boundary():
    content = ("姓名,备注\n" + "甲,乙丙\n" * 30000 + "张三,中文在后\n").encode()
    rows = list(read_table(io.BytesIO(content), "名单.csv", ["姓名"]))
    assert rows[-1].values == {"姓名": "张三", "备注": "中文在后"}


@pytest.mark.parametrize(
    "dangerous",
    ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_exported_text_never_becomes_a_formula(dangerous):
    buffer = io.BytesIO()
    write_xlsx(buffer, ["姓名"], [[dangerous]])
    buffer.seek(0)
    cell = load_workbook(buffer).active["A2"]
    assert cell.data_type == "s"
    # XML stores a carriage return as a line feed; what matters is the apostrophe in front.
    assert cell.value.startswith("'") and cell.value[2:] == dangerous[1:]


def test_numbers_and_numeric_text_stay_as_they_are():
    buffer = io.BytesIO()
    write_xlsx(buffer, ["数"], [[-5], [-2.5], ["-12.5"], ["+86"], ["普通文本"]])
    buffer.seek(0)
    ws = load_workbook(buffer).active
    assert [ws[f"A{i}"].value for i in range(2, 7)] == [-5, -2.5, "-12.5", "+86", "普通文本"]
    assert ws["A2"].data_type == "n"
