"""Writes of the sanctions app; each validates, writes and audits in one transaction and changes an
institution's status only through the institutions app's lifecycle service (R-SUP-6, R-INS-8)."""

from skillcert.sanctions.services.access import may_decide_now, may_decide_proposal, require_proposal_decider
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
from skillcert.sanctions.services.proposals import accept_proposal, decline_proposal, propose_from_inspection

__all__ = [
    "accept_explanation",
    "accept_proposal",
    "approve_decision",
    "decide",
    "decline_proposal",
    "impose",
    "lapse_case",
    "may_decide_now",
    "may_decide_proposal",
    "may_sanction",
    "order_rectification",
    "propose_decision",
    "propose_from_inspection",
    "publish_criticism",
    "record_follow_up",
    "record_statement",
    "reject_decision",
    "reject_explanation",
    "request_explanation",
    "require_proposal_decider",
    "submit_explanation",
]
