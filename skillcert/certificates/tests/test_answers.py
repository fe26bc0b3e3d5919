"""One answer for each situation on the certificate pages: a missing or hidden record is 404, a wrong role on a
visible record is 403 with the reason on the page, bad input is 400 naming the field."""

from __future__ import annotations

import pytest

from skillcert.certificates.tests.factories import final_plan, region_registrar

pytestmark = pytest.mark.django_db


def test_answers(client):
    f = final_plan(1)
    certificate = f.issue(0)
    other = final_plan(1)
    cases = [
        (f.clerk, "get", "/certificates/999999/", {}, 404, ""),
        (other.clerk, "get", f"/certificates/{certificate.pk}/", {}, 404, ""),
        (
            f.clerk,
            "post",
            "/certificates/site-serials/",
            {"institution": f.s.institution.pk, "serial": "135791"},
            403,
            "站点序号由自治区人社厅分配",
        ),
        (
            region_registrar(),
            "post",
            "/certificates/site-serials/",
            {"institution": f.s.institution.pk, "serial": "12ab"},
            400,
            "站点序号",
        ),
    ]
    for user, method, url, data, status, text in cases:
        client.force_login(user)
        response = getattr(client, method)(url, data)
        assert response.status_code == status, (url, response.status_code)
        assert text in response.content.decode()
