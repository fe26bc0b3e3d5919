"""Writes of the exams app, one module per stage of the exam (R-EXAM-1..10).

Each service is keyword-only, validates first (`full_clean` plus the domain rules), writes
and appends its audit event in one transaction, and is the only way its change happens.
Import from the stage's module, e.g. ``from skillcert.exams.services.plans import file_plan``.
"""
