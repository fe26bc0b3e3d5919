"""Item-bank models (R-BANK-1..4)."""

from skillcert.itembank.models.bank import Bank, Item, ItemVersion, KnowledgePoint
from skillcert.itembank.models.cbt import Answer, CbtSession, Mark, Sitting
from skillcert.itembank.models.papers import Assembly, Blueprint, ExposureMark, Paper
from skillcert.itembank.models.skills import SkillsSession

__all__ = [
    "Answer",
    "Assembly",
    "Bank",
    "Blueprint",
    "CbtSession",
    "ExposureMark",
    "Item",
    "ItemVersion",
    "KnowledgePoint",
    "Mark",
    "Paper",
    "Sitting",
    "SkillsSession",
]
