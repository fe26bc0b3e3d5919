"""The shared PDF helper: CJK font embedded as a subset, unsupported characters refused, one A4 page."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from skillcert.core.errors import DomainError
from skillcert.core.pdf import PageWriter, check_text, one_page_a4, pdf_response, unsupported_characters


def _draw(p: PageWriter) -> None:
    p.text(105, 30, "职业技能等级证书", size=20, align="center")
    p.grid(20, 40, [30, 140], [("姓名", "张三丰"), ("职业", "中式烹调师")], label_columns=[0])
    p.wrapped(20, 70, 60, "这是一段需要自动换行的中文说明文字，按字符宽度折行。")


def test_one_a4_page_with_the_font_embedded_and_text_extractable():
    data = one_page_a4(_draw, title="测试文档")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert [round(float(x)) for x in page.mediabox[2:]] == [595, 842]
    text = page.extract_text()
    assert "职业技能等级证书" in text and "张三丰" in text and "中式烹调师" in text
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert fonts and all("WenQuanYiMicroHei" in str(f["/BaseFont"]) for f in fonts), "no other font, e.g. Helvetica"
    assert all(str(f["/BaseFont"])[7] == "+" for f in fonts), "subset fonts (AAAAAA+...)"
    assert all("/FontFile2" in f["/FontDescriptor"] for f in fonts), "the TrueType outlines are embedded"
    assert one_page_a4(_draw, title="测试文档") == data, "reproducible output"


def test_characters_the_font_lacks_are_refused_with_the_field():
    assert unsupported_characters("准考证\n") == []
    assert unsupported_characters("王\U00020000\U00020000") == ["\U00020000"]
    with pytest.raises(DomainError) as exc:
        check_text("王\U00020000", label="姓名", field="name")
    assert exc.value.field == "name" and exc.value.message.startswith("姓名：") and "U+20000" in exc.value.message

    def bad(p: PageWriter) -> None:
        p.text(10, 10, "\U0002a6a5")

    with pytest.raises(DomainError):
        one_page_a4(bad, title="x")


def test_pdf_response_names_the_file():
    response = pdf_response(b"%PDF-1.4", "准考证-001")
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''%E5%87%86%E8%80%83%E8%AF%81-001.pdf" in response["Content-Disposition"]
