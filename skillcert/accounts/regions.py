"""The region's jurisdictions and authority organisations as they exist after migrate (R-ORG-1)."""
# i18n: data-module (place and authority names as stored by the data migration)

from __future__ import annotations

REGION_CODE = "150000"
REGION_NAME = "内蒙古自治区"

# The 12 leagues/cities plus 满洲里市 and 二连浩特市, which the notice addresses as peers.
LEAGUES: list[tuple[str, str, str]] = [
    ("150100", "呼和浩特市", "呼和浩特"),
    ("150200", "包头市", "包头"),
    ("150300", "乌海市", "乌海"),
    ("150400", "赤峰市", "赤峰"),
    ("150500", "通辽市", "通辽"),
    ("150600", "鄂尔多斯市", "鄂尔多斯"),
    ("150700", "呼伦贝尔市", "呼伦贝尔"),
    ("150800", "巴彦淖尔市", "巴彦淖尔"),
    ("150900", "乌兰察布市", "乌兰察布"),
    ("152200", "兴安盟", "兴安盟"),
    ("152500", "锡林郭勒盟", "锡林郭勒盟"),
    ("152900", "阿拉善盟", "阿拉善盟"),
    ("150781", "满洲里市", "满洲里"),
    ("152501", "二连浩特市", "二连浩特"),
]


def authority_organisations() -> list[dict[str, str]]:
    """Code, kind, name and jurisdiction of every authority organisation."""
    orgs = [
        {
            "code": "region_dept",
            "kind": "region_dept",
            "name": "内蒙古自治区人力资源和社会保障厅",
            "short_name": "自治区人社厅",
            "jurisdiction": REGION_CODE,
        },
        {
            "code": "region_center",
            "kind": "region_center",
            "name": "内蒙古自治区就业服务中心",
            "short_name": "自治区就业服务中心",
            "jurisdiction": REGION_CODE,
        },
        {
            "code": "individuals",
            "kind": "individual",
            "name": "个人用户",
            "short_name": "个人用户",
            "jurisdiction": REGION_CODE,
        },
    ]
    for code, name, short in LEAGUES:
        orgs.append(
            {
                "code": f"bureau-{code}",
                "kind": "league_bureau",
                "name": f"{name}人力资源和社会保障局",
                "short_name": f"{short}人社局",
                "jurisdiction": code,
            }
        )
        orgs.append(
            {
                "code": f"center-{code}",
                "kind": "league_center",
                "name": f"{name}就业服务中心",
                "short_name": f"{short}就业服务中心",
                "jurisdiction": code,
            }
        )
    return orgs
