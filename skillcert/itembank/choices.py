"""Choices of the item bank (R-BANK-1..4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Importance(models.TextChoices):
    """鉴定要素细目表 importance marks: X core, Y general, Z extended."""

    CORE = "X", _("核心要素（X）")
    GENERAL = "Y", _("一般要素（Y）")
    EXTENDED = "Z", _("辅助要素（Z）")


class ItemType(models.TextChoices):
    """Item types of R-BANK-1."""

    SINGLE = "single", _("单项选择题")
    MULTIPLE = "multiple", _("多项选择题")
    TRUE_FALSE = "true_false", _("判断题")
    FILL_IN = "fill_in", _("填空题")
    SHORT_ANSWER = "short_answer", _("简答题")
    SKILLS_TASK = "skills_task", _("操作技能试题")


OBJECTIVE_TYPES = frozenset({ItemType.SINGLE, ItemType.MULTIPLE, ItemType.TRUE_FALSE, ItemType.FILL_IN})
"""Scored by the machine at submission."""
CHOICE_TYPES = frozenset({ItemType.SINGLE, ItemType.MULTIPLE, ItemType.TRUE_FALSE})
"""Types with options; QTI 3.0 choiceInteraction."""
QTI_TYPES = frozenset({ItemType.SINGLE, ItemType.MULTIPLE, ItemType.TRUE_FALSE, ItemType.FILL_IN})
CBT_TYPES = frozenset(
    {ItemType.SINGLE, ItemType.MULTIPLE, ItemType.TRUE_FALSE, ItemType.FILL_IN, ItemType.SHORT_ANSWER}
)
"""Types a computer-based theory paper may hold."""


class Difficulty(models.IntegerChoices):
    VERY_EASY = 1, _("易")
    EASY = 2, _("较易")
    MEDIUM = 3, _("中等")
    HARD = 4, _("较难")
    VERY_HARD = 5, _("难")


class DifficultyBand(models.TextChoices):
    """Bands a blueprint's difficulty mix is stated in."""

    EASY = "easy", _("容易（1–2）")
    MEDIUM = "medium", _("中等（3）")
    HARD = "hard", _("困难（4–5）")


def band_of(difficulty: int) -> str:
    if difficulty <= 2:
        return DifficultyBand.EASY
    if difficulty == 3:
        return DifficultyBand.MEDIUM
    return DifficultyBand.HARD


class VersionStatus(models.TextChoices):
    """author → review → approved (R-BANK-1)."""

    DRAFT = "draft", _("编写中")
    IN_REVIEW = "in_review", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("退回修改")
    SUPERSEDED = "superseded", _("已被新版本取代")


class ItemStatus(models.TextChoices):
    """An item's state as the bank list shows it."""

    DRAFT = "draft", _("编写中")
    IN_REVIEW = "in_review", _("待审核")
    APPROVED = "approved", _("可用")
    RETIRED = "retired", _("已停用")


class SittingStatus(models.TextChoices):
    """A candidate's computer-based sitting (R-BANK-4)."""

    ANSWERING = "answering", _("作答中")
    SUBMITTED = "submitted", _("已交卷")


class SubmitKind(models.TextChoices):
    EXPLICIT = "explicit", _("考生交卷")
    TIMEOUT = "timeout", _("到时自动交卷")
    FORCED = "forced", _("监考人员强制收卷")


class MarkingStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("无需人工评阅")
    PENDING = "pending", _("待评阅")
    THIRD = "third", _("待第三人评阅")
    DONE = "done", _("评阅完成")


class ItembankEvent(models.TextChoices):
    """Audit actions of the item bank."""

    BANK_CREATED = "itembank.bank_created", _("建立题库")
    KNOWLEDGE_POINT_SAVED = "itembank.knowledge_point_saved", _("保存鉴定要素")
    ITEM_VERSION_SAVED = "itembank.item_version_saved", _("保存试题版本")
    ITEM_SUBMITTED = "itembank.item_submitted", _("提交试题审核")
    ITEM_REVIEWED = "itembank.item_reviewed", _("审核试题")
    ITEM_RETIRED = "itembank.item_retired", _("停用试题")
    ITEMS_IMPORTED = "itembank.items_imported", _("导入试题")
    ITEMS_EXPORTED = "itembank.items_exported", _("导出试题")
    BLUEPRINT_SAVED = "itembank.blueprint_saved", _("保存组卷蓝图")
    PAPERS_ASSEMBLED = "itembank.papers_assembled", _("组卷并密封")
    PAPER_OPENED = "itembank.paper_opened", _("开启密封试卷")
    PAPER_PRINTED = "itembank.paper_printed", _("打印试卷")
    CBT_SCHEDULED = "itembank.cbt_scheduled", _("安排机考")
    SESSION_CODE_REVEALED = "itembank.session_code_revealed", _("查看场次登录码")
    SITTING_STARTED = "itembank.sitting_started", _("考生登录机考")
    SITTING_SUBMITTED = "itembank.sitting_submitted", _("交卷")
    EXTRA_TIME = "itembank.extra_time", _("延长考试时间")
    ANSWER_MARKED = "itembank.answer_marked", _("评阅简答题")
    SCORE_SENT = "itembank.score_sent", _("机考成绩回传")
    STATISTICS_COMPUTED = "itembank.statistics_computed", _("计算试题统计")
    SKILLS_SCHEDULED = "itembank.skills_scheduled", _("安排技能操作试卷")
    SKILLS_RUBRIC_OPENED = "itembank.skills_rubric_opened", _("开启技能操作评分细则")
