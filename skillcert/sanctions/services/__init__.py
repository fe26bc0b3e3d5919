"""Writes of the sanctions app; each validates, writes and audits in one transaction and changes an
institution's status only through the institutions app's lifecycle service (R-SUP-6, R-INS-8)."""

from skillcert.sanctions.services.inactivity import (
    accept_explanation,
    lapse_case,
    reject_explanation,
    request_explanation,
    submit_explanation,
)
from skillcert.sanctions.services.measures import (
    approve_decision,
    decide,
    impose,
    may_sanction,
    order_rectification,
    propose_decision,
    publish_criticism,
    record_follow_up,
    record_statement,
    reject_decision,
)

__all__ = [
    "accept_explanation",
    "approve_decision",
    "decide",
    "impose",
    "lapse_case",
    "may_sanction",
    "order_rectification",
    "propose_decision",
    "publish_criticism",
    "record_follow_up",
    "record_statement",
    "reject_decision",
    "reject_explanation",
    "request_explanation",
    "submit_explanation",
]
