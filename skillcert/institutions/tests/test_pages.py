"""The institution pages: public register, blacklist and application (no login), staff lists with
filters and Excel export under the same scoping, the institution page and the workflow forms."""

from __future__ import annotations

import html
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from skillcert.accounts.choices import OrgKind, Role
from skillcert.accounts.models import User
from skillcert.accounts.tests.factories import UserFactory, authority
from skillcert.institutions import services
from skillcert.institutions.choices import ApplicationKind, InstitutionType
from skillcert.institutions.models import Fee, FilingApplication, Institution, RosterEntry, RuleDocument, Venue
from skillcert.institutions.selectors import current_commitment_text
from skillcert.institutions.tests import factories as f

pytestmark = pytest.mark.django_db


def body(response: Any) -> str:
    return response.content.decode()


def xlsx_rows(response: Any) -> list[list[Any]]:
    content = b"".join(response.streaming_content)
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


# --- public ------------------------------------------------------------------------------------------


def test_public_register_needs_no_login_and_filters(client):
    occupation = f.occupation(levels=(5, 4))
    ready = f.FiledInstitutionFactory(scope=[(occupation, None, 4)])
    f.make_ready(ready)
    other = f.FiledInstitutionFactory(league="150200")
    unfiled = f.FiledInstitutionFactory(filed_on=None, filing_number=None)
    page = body(client.get(reverse("institutions:register")))
    assert ready.filed_name in page and other.filed_name in page and unfiled.filed_name not in page
    assert f"{occupation.name}（四级）" in page
    filtered = body(client.get(reverse("institutions:register") + "?league=150200"))
    assert other.filed_name in filtered and ready.filed_name not in filtered
    detail = body(client.get(reverse("institutions:public_detail", args=[ready.pk])))
    for text in ("备案范围", "考务管理", "已签署", "收费标准", "命题", ready.filing_number):
        assert text in detail
    assert client.get(reverse("institutions:public_detail", args=[unfiled.pk])).status_code == 404
    doc = RuleDocument.objects.filter(institution=ready).first()
    assert doc is not None and "制度正文" in body(
        client.get(reverse("institutions:public_rule_document", args=[doc.pk]))
    )


def test_public_register_query_count_does_not_grow(client, django_assert_max_num_queries):
    def add(n: int) -> None:
        for _ in range(n):
            occupation = f.occupation(levels=(5,))
            f.FiledInstitutionFactory(scope=[(occupation, None, 5)])

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("institutions:register"))
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("institutions:register"))
    assert body(response).count("institutions/register/") >= 8


def test_blacklist_is_public(client, django_assert_max_num_queries):
    for n in range(3):
        institution = f.FiledInstitutionFactory()
        services.change_status(
            actor=f.bureau_user("150100"), institution=institution, to_status="revoked", grounds=f"出具虚假证书{n}"
        )
    with django_assert_max_num_queries(4):
        page = body(client.get(reverse("institutions:blacklist")))
    assert "出具虚假证书2" in page and "取消评价资质" in body(client.get(reverse("institutions:register")))


def test_applying_online_and_following_the_application(client):
    occupation = f.occupation(levels=(5, 4))
    data = {
        "type": "social_league",
        "filed_name": "包头市网上申请评价中心",
        "credit_code": f.credit_code(5555, "150200"),
        "responsible_person": "张三",
        "address": "包头市1号",
        "area": "150200",
        "manager_username": "web_manager",
        "manager_full_name": "王五",
        "document_title": "营业执照",
        "document": f.pdf(),
        "scope-0-target": str(occupation.pk),
        "scope-0-levels": ["5", "4"],
    }
    response = client.post(reverse("institutions:apply"), data)
    assert response.status_code == 200, body(response)
    application = FilingApplication.objects.get()
    assert application.reference in body(response) and application.items.count() == 2
    status = body(
        client.get(
            reverse("institutions:application_status"),
            {"reference": application.reference, "credit_code": application.credit_code},
        )
    )
    assert "待审核" in status and "包头市人力资源和社会保障局" in status


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"credit_code": "91150200000005555A"}, "统一社会信用代码校验码错误"),
        ({"scope-0-target": "", "scope-0-levels": []}, "备案范围：至少填写一个职业（工种）及等级"),
        ({"document": None}, "证明材料文件：不能为空"),
        ({"area": "150000"}, "区域范围：盟市范围的社会培训评价组织，区域范围应为一个盟市"),
    ],
)
def test_bad_applications_come_back_with_the_rule_in_chinese(client, change, message):
    occupation = f.occupation(levels=(5,))
    data = {
        "type": "social_league",
        "filed_name": "测试",
        "credit_code": f.credit_code(5556, "150200"),
        "responsible_person": "张三",
        "address": "包头市1号",
        "area": "150200",
        "manager_username": "web_manager",
        "manager_full_name": "王五",
        "document_title": "营业执照",
        "document": f.pdf(),
        "scope-0-target": str(occupation.pk),
        "scope-0-levels": ["5"],
    }
    data.update(change)
    response = client.post(reverse("institutions:apply"), {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 400
    assert message in body(response)
    assert not FilingApplication.objects.exists()


# --- staff lists -------------------------------------------------------------------------------------


def test_staff_lists_are_scoped_and_exported(client):
    hohhot = f.FiledInstitutionFactory(league="150100")
    baotou = f.FiledInstitutionFactory(league="150200")
    region = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
    url = reverse("institutions:list")
    client.force_login(f.bureau_user("150100"))
    page = body(client.get(url))
    assert hohhot.filed_name in page and baotou.filed_name not in page and region.filed_name not in page
    client.force_login(UserFactory(organisation=authority(OrgKind.REGION_DEPT), roles=[Role.AUDITOR]))
    rows = xlsx_rows(client.get(url + "?export=xlsx&type=social_league"))
    assert rows[0][:3] == ["备案名称", "统一社会信用代码", "机构类型"]
    assert {r[0] for r in rows[1:]} == {hohhot.filed_name, baotou.filed_name}
    client.force_login(f.staff(baotou, Role.CLERK))
    page = body(client.get(url))
    assert baotou.filed_name in page and hohhot.filed_name not in page
    client.force_login(f.staff(baotou, Role.EXAMINER))
    assert reverse("institutions:detail", args=[baotou.pk]) not in body(client.get(url))


def _busy_league(n: int) -> None:
    for _ in range(n):
        occupation = f.occupation(levels=(5,))
        institution = f.FiledInstitutionFactory(scope=[(occupation, None, 5)])
        manager = f.staff(institution, Role.MANAGER)
        services.save_fee(
            actor=manager,
            institution=institution,
            occupation=occupation,
            level=5,
            items=f.fee_items("200", "100"),
            publish=True,
        )
        services.submit_change_application(actor=manager, institution=institution, kind=ApplicationKind.RENEWAL)
        parent = f.FiledInstitutionFactory(type=InstitutionType.SOCIAL_REGION)
        reg = services.register_branch(
            actor=f.staff(parent, Role.MANAGER),
            parent=parent,
            filed_name=f"{parent.filed_name}分部",
            credit_code=f.credit_code(70000 + parent.pk),
            responsible_person="甲",
            address="乙",
            league="150100",
            manager_username=f"busy_{parent.pk}",
            manager_full_name="丙",
        )
        services.submit_branch_filing(
            actor=reg.manager,
            branch=reg.branch,
            league="150100",
            licence_file=f.pdf(),
            venue=f.venue(reg.branch, "150100"),
            responsible_person="甲",
            staff=[{"name": "甲", "role": "乙"}],
        )


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("institutions:list", "备案名称"),
        ("institutions:applications", "申请编号"),
        ("institutions:branch_filings", "报备编号"),
        ("institutions:fees", "机构"),
        ("institutions:fee_flags", "机构"),
    ],
)
def test_staff_list_pages_have_query_guards_and_excel_export(client, django_assert_max_num_queries, name, header):
    client.force_login(f.bureau_user("150100"))
    _busy_league(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(name)).status_code == 200
    _busy_league(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name)).status_code == 200
    rows = xlsx_rows(client.get(reverse(name) + "?export=xlsx"))
    assert rows[0][0] == header and len(rows) - 1 >= 6


def test_fee_flags_page_shows_only_out_of_band_fees(client):
    occupation = f.occupation(levels=(5, 4))
    institution = f.FiledInstitutionFactory(scope=[(occupation, None, 5), (occupation, None, 4)])
    manager = f.staff(institution, Role.MANAGER)
    services.save_fee(
        actor=manager,
        institution=institution,
        occupation=occupation,
        level=5,
        items=f.fee_items("100", "99"),
        publish=True,
    )
    services.save_fee(
        actor=manager,
        institution=institution,
        occupation=occupation,
        level=4,
        items=f.fee_items("300", "100"),
        publish=True,
    )
    client.force_login(f.bureau_user("150100"))
    rows = xlsx_rows(client.get(reverse("institutions:fee_flags") + "?export=xlsx"))
    assert [r[3] for r in rows[1:]] == ["四级/中级工"] and rows[1][6] == 200


# --- the institution page and its forms ----------------------------------------------------------------


def test_the_institution_page_shows_the_checklist_to_its_own_staff_only(client):
    occupation = f.occupation(levels=(5,))
    institution = f.FiledInstitutionFactory(scope=[(occupation, None, 5)])
    manager = f.staff(institution, Role.MANAGER)
    client.force_login(manager)
    assert client.get(reverse("institutions:mine"))["Location"] == reverse("institutions:detail", args=[institution.pk])
    page = body(client.get(reverse("institutions:detail", args=[institution.pk])))
    assert "尚缺 10 项" in page and "规章制度未公开：考务管理" in page
    tiles = {t.label: t.value for t in client.get(reverse("portal:dashboard")).context["tiles"]}
    assert tiles["开展认定尚缺事项"] == 10
    f.make_ready(institution, manager)
    page = body(client.get(reverse("institutions:detail", args=[institution.pk])))
    assert "全部就绪，可以报送认定计划" in page
    client.force_login(f.staff(f.FiledInstitutionFactory(), Role.MANAGER))
    assert client.get(reverse("institutions:detail", args=[institution.pk])).status_code == 404
    client.force_login(f.staff(institution, Role.EXAMINER))
    assert client.get(reverse("institutions:detail", args=[institution.pk])).status_code == 404


def test_forms_refuse_bad_input_with_the_rule(client):
    occupation = f.occupation(levels=(5,))
    institution = f.FiledInstitutionFactory(type=InstitutionType.ENTERPRISE, scope=[(occupation, None, 5)])
    client.force_login(f.staff(institution, Role.MANAGER))
    fee = {"target": str(occupation.pk), "level": "5", "publish": "on"}
    fee.update({f"amount_{k}": "0" for k in f.fee_items()})
    fee.update({f"cost_{k}": "0" for k in f.fee_items()})
    fee["amount_marking"] = "-3"
    response = client.post(reverse("institutions:add_fee", args=[institution.pk]), fee)
    assert response.status_code == 400 and "收费项目“阅卷”收费金额：不能为负数" in body(response)
    fee["amount_marking"] = "三十"
    assert "须为数字（元），实为“三十”" in body(
        client.post(reverse("institutions:add_fee", args=[institution.pk]), fee)
    )
    assert not Fee.objects.exists()
    venue = client.post(
        reverse("institutions:add_venue", args=[institution.pk]),
        {"name": "外地考点", "league": "150600", "address": "x", "is_active": "on"},
    )
    assert venue.status_code == 400 and "鄂尔多斯市不在本机构备案区域范围（呼和浩特市）内" in body(venue)
    assert not Venue.objects.exists()
    roster = client.post(
        reverse("institutions:roster", args=[institution.pk]),
        {
            "file": f.upload(
                "名册.csv", f.roster_csv([["张三", "150102199003071230", "本单位职工", "", "", "", ""]]).getvalue()
            )
        },
    )
    assert roster.status_code == 400 and "第2行：证件号码身份证号码校验位错误" in body(roster)
    assert not RosterEntry.objects.exists()
    document = client.post(
        reverse("institutions:add_rule_document", args=[institution.pk]),
        {"kind": "quality", "title": "质量", "file": f.upload("质量.exe", b"MZ")},
    )
    assert document.status_code == 400 and "类型不允许" in body(document)


def test_pages_run_the_workflow(client):
    occupation = f.occupation(levels=(5,))
    institution = f.FiledInstitutionFactory(league="150200", scope=[(occupation, None, 5)])
    manager = f.staff(institution, Role.MANAGER)
    client.force_login(manager)
    response = client.post(
        reverse("institutions:add_rule_document", args=[institution.pk]),
        {"kind": "quality", "title": "质量管理制度", "file": f.pdf("质量.pdf"), "publish": "on"},
    )
    assert response.status_code == 302
    download = client.get(
        reverse("institutions:staff_rule_document", args=[RuleDocument.objects.get().pk]) + "?download=1"
    )
    assert b"".join(download.streaming_content) == f.PDF_BYTES
    text = current_commitment_text(institution)
    assert text is not None
    refused = client.post(reverse("institutions:commitment", args=[institution.pk]), {"text": text.pk})
    assert refused.status_code == 400 and "本机构已阅读并承诺遵守" in body(refused)
    client.post(reverse("institutions:commitment", args=[institution.pk]), {"text": text.pk, "agree": "1"})
    signature = institution.commitments.get()
    client.post(
        reverse("institutions:new_application", args=[institution.pk]) + "?kind=renewal",
        {"kind": "renewal", "note": "到期延续"},
    )
    application = FilingApplication.objects.get(kind=ApplicationKind.RENEWAL)
    bureau = f.bureau_user("150200")
    client.force_login(bureau)
    texts = body(client.get(reverse("institutions:commitment_texts")))
    assert institution.filed_name in texts and "待会签（1）" in texts
    client.post(reverse("institutions:countersign", args=[signature.pk]))
    signature.refresh_from_db()
    assert signature.countersigned
    client.post(reverse("institutions:application_detail", args=[application.pk]), {"op": "accept"})
    application.refresh_from_db()
    assert application.status == "accepted"
    response = client.post(
        reverse("institutions:change_status", args=[institution.pk]), {"to_status": "rectification", "grounds": "抽查"}
    )
    assert response.status_code == 400 and "整改期限：限期整改须规定整改期限" in body(response)
    client.post(
        reverse("institutions:change_status", args=[institution.pk]),
        {"to_status": "suspended", "grounds": "抽查发现问题"},
    )
    institution.refresh_from_db()
    assert institution.status == "suspended"
    client.force_login(manager)
    assert (
        client.post(
            reverse("institutions:change_status", args=[institution.pk]), {"to_status": "active", "grounds": "x"}
        ).status_code
        == 403
    )


def test_accepting_a_first_filing_on_the_page_shows_the_initial_password_once(client):
    occupation = f.occupation(levels=(5,))
    application = services.submit_initial_application(
        actor=None,
        type="enterprise",
        filed_name="页面备案企业",
        credit_code=f.credit_code(4040),
        responsible_person="甲",
        address="乙",
        area="150100",
        items=f.scope_entries((occupation, None, [5])),
        documents=[services.SupportingDocument("营业执照", f.pdf())],
        manager_username="page_manager",
        manager_full_name="丙",
    )
    f.pass_entry_stages(application)
    client.force_login(f.bureau_user("150100"))
    detail = body(client.get(reverse("institutions:application_detail", args=[application.pk])))
    assert "NMPJ-150100-" in detail and "营业执照" in detail
    dup = f.FiledInstitutionFactory(filing_number="DUP-1")
    response = client.post(
        reverse("institutions:application_detail", args=[application.pk]),
        {"op": "accept", "filing_number": dup.filing_number},
    )
    assert response.status_code == 400 and "备案编号不能重复" in body(response)
    response = client.post(
        reverse("institutions:application_detail", args=[application.pk]), {"op": "accept", "filing_number": "HH-77"}
    )
    page = body(response)
    password = response.context["password"]
    shown = html.escape(password)  # a generated password may contain & < > as HTML entities
    assert "初始密码只显示这一次" in page and shown in page
    assert User.objects.get(username="page_manager").check_password(password)
    assert shown not in body(client.get(reverse("institutions:application_detail", args=[application.pk])))
    assert Institution.objects.get(filing_number="HH-77").filed_name == "页面备案企业"


def test_authority_workbench_tiles_count_what_waits_for_it(client):
    occupation = f.occupation(levels=(5,))
    institution = f.FiledInstitutionFactory(league="150200", scope=[(occupation, None, 5)])
    manager = f.staff(institution, Role.MANAGER)
    services.submit_change_application(actor=manager, institution=institution, kind=ApplicationKind.RENEWAL)
    text = current_commitment_text(institution)
    assert text is not None
    services.sign_commitment(actor=manager, institution=institution, text_version=text)
    services.save_fee(
        actor=manager,
        institution=institution,
        occupation=occupation,
        level=5,
        items=f.fee_items("500", "100"),
        publish=True,
    )
    client.force_login(f.bureau_user("150200"))
    tiles = {t.label: t.value for t in client.get(reverse("portal:dashboard")).context["tiles"]}
    assert tiles["待审核备案申请"] == 1 and tiles["待会签诚信承诺书"] == 1 and tiles["收费偏离成本预警"] == 1
    client.force_login(f.bureau_user("150100"))
    tiles = {t.label: t.value for t in client.get(reverse("portal:dashboard")).context["tiles"]}
    assert tiles["待审核备案申请"] == 0 and tiles["收费偏离成本预警"] == 0


def test_the_application_form_is_for_applicants(client):
    client.force_login(f.bureau_user("150100"))
    assert client.get(reverse("institutions:apply"))["Location"] == reverse("institutions:applications")
    filed = f.FiledInstitutionFactory()
    client.force_login(f.staff(filed, Role.MANAGER))
    assert client.get(reverse("institutions:apply"))["Location"] == reverse("institutions:mine")
    from skillcert.accounts.tests.factories import InstitutionFactory

    client.force_login(UserFactory(organisation=InstitutionFactory(), roles=[Role.MANAGER]))
    page = client.get(reverse("institutions:apply"))
    assert page.status_code == 200 and "备案通过后沿用本机构现有账号" in body(page)
