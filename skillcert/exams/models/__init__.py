"""Exam affairs (考务): plans, registration and roster imports, eligibility review, sessions and
seats, staffing, check-in and incidents, scoring, publicity, objections and re-checks (R-EXAM-1..10)."""

from skillcert.exams.models.conduct import StaffingConfirmation
from skillcert.exams.models.integrity import StaffingException
from skillcert.exams.models.plans import ExamPlan, PlanLevel, PlanQuery
from skillcert.exams.models.publicity import Objection, RecheckRequest, ResultPublication
from skillcert.exams.models.registration import (
    CandidateProfile,
    EvidenceFile,
    Registration,
    RosterImport,
    RosterRow,
)
from skillcert.exams.models.scoring import (
    ComponentScore,
    ExaminerScore,
    GapReview,
    Result,
    ScoreChange,
    ScoringRubric,
    SheetChange,
)
from skillcert.exams.models.sessions import Attendance, ExamSession, Incident, Seat, SeatDraw, SessionStaff

__all__ = [
    "Attendance",
    "CandidateProfile",
    "ComponentScore",
    "EvidenceFile",
    "ExamPlan",
    "ExamSession",
    "ExaminerScore",
    "GapReview",
    "Incident",
    "Objection",
    "PlanLevel",
    "PlanQuery",
    "RecheckRequest",
    "Registration",
    "Result",
    "ResultPublication",
    "RosterImport",
    "RosterRow",
    "ScoreChange",
    "ScoringRubric",
    "Seat",
    "SeatDraw",
    "SessionStaff",
    "SheetChange",
    "StaffingConfirmation",
    "StaffingException",
]
