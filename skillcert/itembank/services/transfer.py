"""Items in and out: Excel (all or nothing, per-row errors) and QTI 3.0 for the objective types (R-BANK-1).

Excel rows hold one item each; an import checks every row first and writes nothing unless all
are right, like the roster import. A cell holding a formula instead of typed text is refused.
QTI 3.0 packages (a zip with `imsmanifest.xml` and one `qti-assessment-item` per item) carry
single and multiple choice and true/false as `qti-choice-interaction`, fill-in as
`qti-text-entry-interaction`; the knowledge-point code travels in the item's `label`, the
points in the `MAXSCORE` outcome, so banks move to and from TAO, Moodle and other QTI tools.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from xml.etree import ElementTree as ET

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.accounts.models import User
from skillcert.core.audit import record_event
from skillcert.core.errors import DomainError
from skillcert.core.excel import read_table
from skillcert.itembank.access import require_bank_staff
from skillcert.itembank.choices import QTI_TYPES, Difficulty, ItembankEvent, ItemStatus, ItemType
from skillcert.itembank.models import Bank, Item, KnowledgePoint
from skillcert.itembank.services.items import clean_content, create_item

# The exchange file's columns: data that files written earlier must still match, whatever the language.
OPTION_COLUMNS = [f"选项{c}" for c in "ABCDEF"]  # i18n: data
HEADERS = ["试题编号", "题型", "鉴定要素代码", "题干", *OPTION_COLUMNS, "标准答案", "分值", "难度"]  # i18n: data
REQUIRED = ["题型", "鉴定要素代码", "题干", "标准答案", "分值"]  # i18n: data
TYPE_BY_LABEL = {str(label): value for value, label in ItemType.choices} | {v: v for v in ItemType.values}
MAX_ROWS = 5000


def export_rows(bank: Bank) -> Iterator[list[Any]]:
    """One row per item with its latest version (the export keeps the import's columns)."""
    items = Item.objects.filter(bank=bank).exclude(status=ItemStatus.RETIRED).select_related("latest__knowledge_point")
    for item in items.order_by("code"):
        v = item.latest
        if v is None:
            continue
        options = {o["key"]: o["text"] for o in v.options} if item.type != ItemType.TRUE_FALSE else {}
        answer = v.answer if item.type != ItemType.TRUE_FALSE else ["对" if v.answer == ["T"] else "错"]  # i18n: data
        yield [
            item.code,
            item.get_type_display(),
            v.knowledge_point.code,
            v.stem,
            *[options.get(c, "") for c in "ABCDEF"],
            "|".join(answer),
            v.points,
            v.difficulty,
        ]


def import_items(*, actor: User, bank: Bank, upload: IO[bytes], filename: str) -> int:
    """Read every row, refuse the file with each row's error, or add every item as a draft (R-BANK-1)."""
    require_bank_staff(actor, bank, "author")
    points = {p.code: p for p in KnowledgePoint.objects.filter(bank=bank)}
    existing = set(Item.objects.filter(bank=bank).values_list("code", flat=True))
    errors: list[str] = []
    ready: list[dict[str, Any]] = []
    seen_codes: set[str] = set()
    for row in read_table(upload, filename, REQUIRED):
        where = _("第%(n)s行") % {"n": row.number}
        if len(ready) + len(errors) >= MAX_ROWS:
            raise DomainError(_("一次最多导入 %(n)s 道试题") % {"n": MAX_ROWS}, field="file", code="too_many")
        if row.formulas:
            errors.append(
                _("%(where)s：“%(col)s”是公式，请填写文本或数值") % {"where": where, "col": "、".join(row.formulas)}
            )
            continue
        v = row.values
        try:
            type_ = TYPE_BY_LABEL.get(v.get("题型", ""))
            if type_ is None or type_ == ItemType.SKILLS_TASK:
                raise DomainError(
                    _("题型“%(t)s”不正确（操作技能试题请在页面录入评分细则）") % {"t": v.get("题型", "")}, field="type"
                )
            point = points.get(v.get("鉴定要素代码", ""))
            if point is None:
                raise DomainError(
                    _("鉴定要素代码“%(c)s”不在本题库的细目表中") % {"c": v.get("鉴定要素代码", "")},
                    field="knowledge_point",
                )
            code = v.get("试题编号", "").strip()
            if code and (code in existing or code in seen_codes):
                raise DomainError(_("试题编号“%(c)s”已存在") % {"c": code}, field="code")
            options = [{"key": c, "text": v.get(f"选项{c}", "")} for c in "ABCDEF" if v.get(f"选项{c}", "").strip()]
            answer = [a.strip() for a in v.get("标准答案", "").replace("｜", "|").split("|") if a.strip()]
            if type_ in (ItemType.SINGLE, ItemType.MULTIPLE) and len(answer) == 1 and len(answer[0]) > 1:
                answer = list(answer[0].replace(",", "").replace("，", ""))
            content = clean_content(
                type=type_,
                stem=v.get("题干"),
                options=options,
                answer=answer,
                rubric=None,
                points=v.get("分值"),
                difficulty=v.get("难度") or Difficulty.MEDIUM,
            )
        except DomainError as exc:
            errors.append(f"{where}：{exc.message}")
            continue
        if code:
            seen_codes.add(code)
        ready.append({"type": type_, "knowledge_point": point, "code": code, **content})
    if errors:
        err = DomainError(errors[0], field="rows", code="invalid_rows")
        err.errors = {"rows": errors}
        raise err
    if not ready:
        raise DomainError(_("文件中没有试题"), field="file", code="empty")
    with transaction.atomic():
        for data in ready:
            create_item(actor=actor, bank=bank, audit_event=False, **data)
        record_event(
            actor=actor, action=ItembankEvent.ITEMS_IMPORTED, obj=bank, after={"rows": len(ready), "file": filename}
        )
    return len(ready)


# --- QTI 3.0 ---------------------------------------------------------------------------------------

QTI_NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
ET.register_namespace("", QTI_NS)


def _q(tag: str) -> str:
    return f"{{{QTI_NS}}}{tag}"


def item_to_qti(item: Item) -> bytes:
    """One `qti-assessment-item` for an objective item's latest version."""
    v = item.latest
    assert v is not None
    root = ET.Element(
        _q("qti-assessment-item"),
        {
            "identifier": f"I{item.pk}",
            "title": item.code,
            "label": v.knowledge_point.code,
            "adaptive": "false",
            "time-dependent": "false",
            "xml:lang": "zh-CN",
        },
    )
    multiple = item.type == ItemType.MULTIPLE
    base_type = "string" if item.type == ItemType.FILL_IN else "identifier"
    decl = ET.SubElement(
        root,
        _q("qti-response-declaration"),
        {"identifier": "RESPONSE", "cardinality": "multiple" if multiple else "single", "base-type": base_type},
    )
    correct = ET.SubElement(decl, _q("qti-correct-response"))
    for a in v.answer[:1] if item.type == ItemType.FILL_IN else v.answer:
        ET.SubElement(correct, _q("qti-value")).text = a
    if item.type == ItemType.FILL_IN:
        mapping = ET.SubElement(decl, _q("qti-mapping"), {"default-value": "0"})
        for alt in v.answer:
            ET.SubElement(mapping, _q("qti-map-entry"), {"map-key": alt, "mapped-value": str(v.points)})
    outcome = ET.SubElement(
        root, _q("qti-outcome-declaration"), {"identifier": "MAXSCORE", "cardinality": "single", "base-type": "float"}
    )
    ET.SubElement(ET.SubElement(outcome, _q("qti-default-value")), _q("qti-value")).text = str(v.points)
    ET.SubElement(
        root, _q("qti-outcome-declaration"), {"identifier": "SCORE", "cardinality": "single", "base-type": "float"}
    )
    body = ET.SubElement(root, _q("qti-item-body"))
    if item.type == ItemType.FILL_IN:
        p = ET.SubElement(body, _q("p"))
        p.text = v.stem + " "
        ET.SubElement(p, _q("qti-text-entry-interaction"), {"response-identifier": "RESPONSE"})
    else:
        interaction = ET.SubElement(
            body,
            _q("qti-choice-interaction"),
            {"response-identifier": "RESPONSE", "max-choices": "0" if multiple else "1", "shuffle": "true"},
        )
        ET.SubElement(interaction, _q("qti-prompt")).text = v.stem
        for option in v.options:
            ET.SubElement(interaction, _q("qti-simple-choice"), {"identifier": option["key"]}).text = option["text"]
    ET.SubElement(
        root,
        _q("qti-response-processing"),
        {"template": "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"},
    )
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def export_qti(bank: Bank) -> bytes:
    """A QTI 3.0 content package of the bank's objective items (zip)."""
    buffer = io.BytesIO()
    items = list(
        Item.objects.filter(bank=bank, type__in=list(QTI_TYPES))
        .exclude(status=ItemStatus.RETIRED)
        .select_related("latest__knowledge_point")
        .order_by("code")
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        manifest = ET.Element(f"{{{CP_NS}}}manifest", {"identifier": f"bank-{bank.pk}"})
        ET.SubElement(manifest, f"{{{CP_NS}}}organizations")
        resources = ET.SubElement(manifest, f"{{{CP_NS}}}resources")
        for item in items:
            if item.latest is None:
                continue
            name = f"items/{item.code}.xml"
            z.writestr(name, item_to_qti(item))
            res = ET.SubElement(
                resources,
                f"{{{CP_NS}}}resource",
                {"identifier": f"I{item.pk}", "type": "imsqti_item_xmlv3p0", "href": name},
            )
            ET.SubElement(res, f"{{{CP_NS}}}file", {"href": name})
        z.writestr("imsmanifest.xml", ET.tostring(manifest, encoding="utf-8", xml_declaration=True))
    return buffer.getvalue()


def _text(el: ET.Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def qti_to_fields(data: bytes) -> dict[str, Any]:
    """The item fields one `qti-assessment-item` carries; DomainError for what is not an objective item."""
    try:
        root = ET.fromstring(data)  # noqa: S314 - stdlib parser without DTD or entity expansion from the network
    except ET.ParseError as exc:
        raise DomainError(_("不是有效的 QTI XML：%(e)s") % {"e": exc}, field="file", code="qti") from exc
    if root.tag != _q("qti-assessment-item"):
        raise DomainError(_("不是 QTI 3.0 试题（qti-assessment-item）"), field="file", code="qti")
    decl = root.find(_q("qti-response-declaration"))
    answer = [_text(v) for v in decl.iter(_q("qti-value"))] if decl is not None else []
    mapping = [m.get("map-key", "") for m in decl.iter(_q("qti-map-entry"))] if decl is not None else []
    max_score = next(
        (
            _text(o.find(f"{_q('qti-default-value')}/{_q('qti-value')}"))
            for o in root.findall(_q("qti-outcome-declaration"))
            if o.get("identifier") == "MAXSCORE"
        ),
        "1",
    )
    choice = root.find(f".//{_q('qti-choice-interaction')}")
    text_entry = root.find(f".//{_q('qti-text-entry-interaction')}")
    if choice is not None:
        options = [{"key": c.get("identifier", ""), "text": _text(c)} for c in choice.findall(_q("qti-simple-choice"))]
        keys = {o["key"] for o in options}
        if keys == {"T", "F"} and len(answer) == 1:
            type_ = ItemType.TRUE_FALSE
        else:
            type_ = ItemType.MULTIPLE if decl is not None and decl.get("cardinality") == "multiple" else ItemType.SINGLE
        stem = _text(choice.find(_q("qti-prompt")))
    elif text_entry is not None:
        type_ = ItemType.FILL_IN
        options = []
        paragraph = next((p for p in root.iter() if text_entry in list(p)), None)
        stem = (paragraph.text or "").strip() if paragraph is not None else ""
        answer = list(dict.fromkeys(answer + mapping))
    else:
        raise DomainError(_("只支持选择、判断和填空题的 QTI 交互"), field="file", code="qti_type")
    return {
        "code": root.get("title", ""),
        "knowledge_point": root.get("label", ""),
        "type": type_,
        "stem": stem,
        "options": options,
        "answer": answer,
        "points": max_score or "1",
    }


def import_qti(*, actor: User, bank: Bank, upload: IO[bytes]) -> int:
    """Import a QTI 3.0 package (or one item XML); all or nothing with the file named per error."""
    require_bank_staff(actor, bank, "author")
    raw = upload.read()
    files: list[tuple[str, bytes]] = []
    if zipfile.is_zipfile(io.BytesIO(raw)):
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            files = [(n, z.read(n)) for n in z.namelist() if n.endswith(".xml") and n != "imsmanifest.xml"]
    else:
        files = [("item.xml", raw)]
    points = {p.code: p for p in KnowledgePoint.objects.filter(bank=bank)}
    existing = set(Item.objects.filter(bank=bank).values_list("code", flat=True))
    errors: list[str] = []
    ready: list[dict[str, Any]] = []
    for name, data in files:
        try:
            fields = qti_to_fields(data)
            point = points.get(fields.pop("knowledge_point"))
            if point is None:
                raise DomainError(_("鉴定要素代码不在本题库的细目表中（QTI 试题的 label）"), field="knowledge_point")
            code = fields.pop("code") or ""
            if code in existing:
                code = ""
            type_ = fields.pop("type")
            content = clean_content(type=type_, rubric=None, difficulty=Difficulty.MEDIUM, **fields)
            ready.append({"type": type_, "knowledge_point": point, "code": code, **content})
        except DomainError as exc:
            errors.append(f"{name}：{exc.message}")
    if errors:
        err = DomainError(errors[0], field="file", code="invalid_items")
        err.errors = {"file": errors}
        raise err
    if not ready:
        raise DomainError(_("文件中没有试题"), field="file", code="empty")
    with transaction.atomic():
        for fields_ in ready:
            create_item(actor=actor, bank=bank, audit_event=False, **fields_)
        record_event(
            actor=actor, action=ItembankEvent.ITEMS_IMPORTED, obj=bank, after={"rows": len(ready), "format": "QTI 3.0"}
        )
    return len(ready)
