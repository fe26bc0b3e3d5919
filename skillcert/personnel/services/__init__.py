"""Writes of the personnel app, one module per sub-domain (R-PER-1..3, R-SUP-7, R-SUP-8).

- `people`: registering a person once, changing them, opening their login;
- `appointments`: roles and cards — an institution's proposal, the centre's decision, renewal, revocation;
- `qualifications`: qualifications and training records;
- `relations`: declared relations that candidates are avoided by (conflicts);
- `sanctions`: violations, sanctions, dismissals and referrals;
- `dispatch`: assignments and random draws of external supervisors;
- `workforce`: workforce targets;
- `imports`: Excel/CSV import of people and qualifications through the services above;
- `access`: who may do what — the `may_*` predicates the pages ask and the `require_*` checks.

Every function is the only way its change happens: keyword arguments, validation first, one
`transaction.atomic`, the audit event inside it (R-X-1, R-X-4). `actor=None` is the system
(demo data, management commands, the exams app staffing a session on its own authority).
Import from the sub-domain's module, e.g. ``from skillcert.personnel.services.people import register_person``.

Who manages whom (seed §2(二), §4(四)(五)): the region centre trains and appoints anyone,
in particular external supervisors; a league centre trains and appoints examiners, internal
supervisors, experts and managers working in its league; an institution proposes its own
examiners, internal supervisors and managers, which the league centre approves or rejects.
Sanctions are decided by the regulators (region and league organisations); those on
external supervisors by the region, which manages them.
"""
