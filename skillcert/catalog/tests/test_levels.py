"""Level labels (R-CAT-2)."""

from __future__ import annotations

import pytest

from skillcert.catalog.choices import Level, level_label


def test_level_labels_in_certificate_form() -> None:
    assert level_label(3) == "三级/高级工"
    assert [level_label(n) for n in (5, 4, 3, 2, 1)] == [
        "五级/初级工",
        "四级/中级工",
        "三级/高级工",
        "二级/技师",
        "一级/高级技师",
    ]
    assert Level.TWO.label == "二级/技师"


def test_unknown_level_is_refused_in_chinese() -> None:
    with pytest.raises(ValueError, match="技能等级应为1至5"):
        level_label(6)
