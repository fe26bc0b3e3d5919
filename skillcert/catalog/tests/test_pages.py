"""Catalogue pages: list with filters, detail with standard, marks, ratios and conditions (R-CAT-1..4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from skillcert.catalog.choices import Edition
from skillcert.catalog.models import Occupation

pytestmark = pytest.mark.django_db


def test_occupation_list_page_searches(client: Client, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(12):
        response = client.get(reverse("catalog:occupation_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "职业目录" in html and "6-18-02-04" in html and "电焊工、气焊工、钎焊工、焊接设备操作工" in html
    assert "6-04-02-05" not in html  # older editions only when asked for
    older = client.get(reverse("catalog:occupation_list"), {"edition": Edition.E1999}).content.decode()
    assert "6-04-02-05" in older and "→ 6-18-02-04 焊工" in older
    found = client.get(reverse("catalog:occupation_list"), {"q": "焊工"}).content.decode()
    assert "6-18-02-04" in found and "养老护理员" not in found
    none = client.get(reverse("catalog:occupation_list"), {"q": "宇航员"}).content.decode()
    assert "没有符合条件的职业" in none


def test_occupation_detail_page_shows_what_a_candidate_needs(client: Client) -> None:
    welder = Occupation.objects.get(edition=Edition.E2022, code="6-18-02-04")
    html = client.get(reverse("catalog:occupation_detail", args=[welder.pk])).content.decode()
    assert "焊工国家职业技能标准" in html and "2018年版" in html
    assert "综合评审" in html and "60分及以上" in html
    assert "监考人员与考生配比 1:15，每个考场不少于 2 名监考人员" in html
    assert "考评人员与考生配比 1:5，且不少于 3 人、为单数" in html
    assert "具备以下条件之一者，可申报四级/中级工" in html
    assert "累计从事本职业工作6年（含）以上" in html
    assert "6-04-02-05" in html  # the 1999 edition code


def test_detail_of_an_occupation_without_work_types_prints_dashes(client: Client) -> None:
    electrician = Occupation.objects.get(edition=Edition.E2022, code="6-31-01-03")
    html = client.get(reverse("catalog:occupation_detail", args=[electrician.pk])).content.decode()
    assert "<th>工种</th><td>--</td>" in html


def test_missing_occupation_is_404(client: Client) -> None:
    assert client.get(reverse("catalog:occupation_detail", args=[999999])).status_code == 404
