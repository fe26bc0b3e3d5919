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
        ("a.csv", "姓名\n张三\n".encode("gbk"), "编码应为 UTF-8"),
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
