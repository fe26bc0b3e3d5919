"""Region-scale data for dashboards, scans and benchmarks: `manage.py generate_scale_data` (R-SUP-1).

Realistic and valid: institutions with credit codes, filings, scope, venues and site serials;
plans with levels, sessions, registrations with resident ID numbers (GB 11643 check digit,
real area codes, encrypted with their blind index like every other row), results whose pass
rate varies by institution (a beta distribution around 70%), publicity, and certificates
with national numbers composed and checked by `core.validators` (counters left where the
numbers stop, so later issuance continues the series). Rows go in with PostgreSQL's COPY
(every field prepared by its own Django field: encryption, blind index, timestamps), or
`bulk_create` on SQLite, in chunks so memory stays flat.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from skillcert.accounts.choices import OrgKind
from skillcert.accounts.models import Jurisdiction, Organisation
from skillcert.catalog.models import Occupation
from skillcert.certificates.choices import CertificateStatus
from skillcert.certificates.models import Certificate, NumberCounter, PublicCertificate, SiteSerial
from skillcert.certificates.verification import public_record_for
from skillcert.core.validators import build_certificate_number, credit_code_check_char, resident_id_check_digit
from skillcert.exams.choices import (
    IdType,
    PlanStatus,
    PublicationStatus,
    RegistrationSource,
    RegistrationStatus,
)
from skillcert.exams.models import ExamPlan, ExamSession, PlanLevel, Registration, Result, ResultPublication
from skillcert.institutions.choices import CertificateKind, InstitutionStatus, InstitutionType, RoomKind
from skillcert.institutions.models import Institution, Room, ScopeItem, ScopeVersion, Venue

AREAS = ["150102", "150105", "150203", "150204", "150302", "150402", "150502", "150602", "150702", "150802"]
SURNAMES = gettext_lazy(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN = gettext_lazy(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅文建国志海峰云飞鹏宇浩然巴特尔其其格乌兰图雅"
)
CHUNK = 20000


def write_rows(model: type[models.Model], objects: Iterable[models.Model]) -> int:
    """Insert unsaved objects (with their primary keys set): COPY on PostgreSQL, bulk_create elsewhere."""
    rows = 0
    batch: list[models.Model] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= CHUNK:
            rows += _flush(model, batch)
            batch = []
    if batch:
        rows += _flush(model, batch)
    return rows


def _flush(model: type[models.Model], batch: list[models.Model]) -> int:
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(batch, batch_size=2000)
        return len(batch)
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[union-attr]
        for obj in batch:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    return len(batch)


def _next_id(model: type[models.Model]) -> int:
    return int(model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


def _reset_sequences(models_: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models_)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@dataclass
class ScaleReport:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass
class _Inst:
    id: int
    org_id: int
    league_id: int
    occupations: list[Occupation]
    venue_id: int
    room_id: int
    site_serial_id: int
    site_serial: str
    name: str
    pass_rate: float


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _id_number(i: int) -> tuple[str, datetime.date]:
    birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=(i // 1000) % 13000)
    first17 = f"{AREAS[i % len(AREAS)]}{birth:%Y%m%d}{i % 1000:03d}"
    return first17 + resident_id_check_digit(first17), birth


def generate(
    *,
    institutions: int = 1000,
    plans: int = 24000,
    sessions: int = 20000,
    certificates: int = 1_000_000,
    years: int = 2,
    seed: int = 2026,
    outlier_league: str | None = None,
    echo: Callable[[str], None] | None = None,
) -> ScaleReport:
    """Fill the database with region-scale data; returns the rows written per table."""
    started = timezone.now()
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    say = echo or (lambda _msg: None)
    report = ScaleReport()
    today = timezone.localdate()
    leagues = list(Jurisdiction.objects.filter(level="league").order_by("code"))
    # Most certification concentrates on a few occupations: the pool grows with the institutions.
    occupations = list(Occupation.objects.order_by("code")[: min(60, max(6, institutions // 20))])
    if not leagues or not occupations:
        raise RuntimeError(gettext("需要先完成数据库迁移（辖区与职业目录）"))
    outlier = next((j for j in leagues if j.code == outlier_league), None)

    with transaction.atomic():
        org_id, inst_id = _next_id(Organisation), _next_id(Institution)
        base = inst_id
        orgs, insts, versions, items, venues, rooms, serials = [], [], [], [], [], [], []
        version_id, item_id, venue_id, room_id, serial_id = (
            _next_id(ScopeVersion),
            _next_id(ScopeItem),
            _next_id(Venue),
            _next_id(Room),
            _next_id(SiteSerial),
        )
        used_serials = set(SiteSerial.objects.values_list("serial", flat=True))
        serial_no = 700000
        catalogue: list[_Inst] = []
        filed_on = today - datetime.timedelta(days=365 * years + 60)
        now = timezone.now()
        for i in range(institutions):
            league = leagues[i % len(leagues)]
            name = gettext("%(name)s第%(value)s职业技能评价中心（规模数据）") % {"name": league.name, "value": i + 1}
            n = base + i
            orgs.append(
                Organisation(
                    id=org_id + i,
                    kind=OrgKind.INSTITUTION,
                    name=name,
                    short_name=name[:50],
                    code=f"scale-{n}",
                    jurisdiction=league,
                )
            )
            first17 = f"52{league.code}{n:09d}"
            insts.append(
                Institution(
                    id=n,
                    organisation_id=org_id + i,
                    type=InstitutionType.SOCIAL_LEAGUE,
                    filed_name=name,
                    credit_code=first17 + credit_code_check_char(first17),
                    responsible_person=_name(rng),
                    address=gettext("%(name)s示例路%(value)s号") % {"name": league.name, "value": i + 1},
                    area=league,
                    certificate_kind=CertificateKind.SOCIAL,
                    filing_number=f"SCALE-BA-{n:06d}",
                    filed_on=filed_on,
                    valid_until=filed_on + datetime.timedelta(days=365 * 5),
                    status=InstitutionStatus.ACTIVE,
                    status_since=now - datetime.timedelta(days=365 * years + 60),
                )
            )
            versions.append(ScopeVersion(id=version_id + i, institution_id=n, number=1, valid_from=filed_on))
            own = rng.sample(occupations, 2)
            for occ in own:
                for level in (5, 4, 3):
                    items.append(ScopeItem(id=item_id, version_id=version_id + i, occupation=occ, level=level))
                    item_id += 1
            venues.append(
                Venue(
                    id=venue_id + i,
                    institution_id=n,
                    name=gettext("第一考点"),
                    league=league,
                    address=gettext("%(name)s考点路%(i)s号") % {"name": league.name, "i": i},
                )
            )
            rooms.append(Room(id=room_id + i, venue_id=venue_id + i, name="101", kind=RoomKind.WRITTEN, capacity=80))
            while f"{serial_no:06d}" in used_serials:
                serial_no += 1
            serials.append(
                SiteSerial(id=serial_id + i, institution_id=n, serial=f"{serial_no:06d}", assigned_on=filed_on)
            )
            rate = min(max(rng.betavariate(14, 6), 0.3), 0.97)
            if outlier is not None and league.pk == outlier.pk and (i // len(leagues)) % 2 == 0:
                rate = 0.995  # a league with institutions that pass almost everyone
            catalogue.append(
                _Inst(
                    n,
                    org_id + i,
                    league.pk,
                    own,
                    venue_id + i,
                    room_id + i,
                    serial_id + i,
                    f"{serial_no:06d}",
                    name,
                    rate,
                )
            )
            serial_no += 1
        report.rows["institutions"] = write_rows(Organisation, orgs) and write_rows(Institution, insts)
        write_rows(ScopeVersion, versions)
        write_rows(ScopeItem, items)
        write_rows(Venue, venues)
        write_rows(Room, rooms)
        write_rows(SiteSerial, serials)
        through = Institution.visible_in.through
        through_id = _next_id(through)
        write_rows(
            through,
            [
                through(id=through_id + k, institution_id=c.id, jurisdiction_id=c.league_id)
                for k, c in enumerate(catalogue)
            ],
        )
        say(gettext("评价机构 %(institutions)s 家") % {"institutions": institutions})

        # Plans, levels, sessions, publicity.
        plan_id, level_id, session_id, pub_id = (
            _next_id(ExamPlan),
            _next_id(PlanLevel),
            _next_id(ExamSession),
            _next_id(ResultPublication),
        )
        plan_rows, level_rows, session_rows, pubs = [], [], [], []
        plan_info: list[tuple[int, _Inst, Occupation, tuple[int, ...], datetime.date, datetime.date]] = []
        span = 365 * years - 40
        for p in range(plans):
            inst = catalogue[p % institutions]
            occ = inst.occupations[p % 2]
            first = today - datetime.timedelta(days=40 + rng.randrange(span))
            levels = (5, 4) if p % 3 else (4, 3)
            pid = plan_id + p
            plan_rows.append(
                ExamPlan(
                    id=pid,
                    number=f"JH-S-{pid:07d}",
                    institution_id=inst.id,
                    league_id=inst.league_id,
                    occupation=occ,
                    venue_id=inst.venue_id,
                    title=gettext("%(name)s等级认定") % {"name": occ.name},
                    first_session_on=first,
                    last_session_on=first + datetime.timedelta(days=1),
                    expected_candidates=60,
                    registration_deadline=first - datetime.timedelta(days=10),
                    status=PlanStatus.FINAL,
                    filed_at=timezone.make_aware(
                        datetime.datetime.combine(first - datetime.timedelta(days=20), datetime.time(10))
                    ),
                    filed_on_time=True,
                    lead_working_days=14,
                    contact="0471-0000000",
                )
            )
            for level in levels:
                level_rows.append(PlanLevel(id=level_id, plan_id=pid, level=level, capacity=200))
                level_id += 1
            if p < sessions:
                start = timezone.make_aware(datetime.datetime.combine(first, datetime.time(9)))
                session_rows.append(
                    ExamSession(
                        id=session_id + p,
                        plan_id=pid,
                        level=levels[0],
                        component="theory",
                        room_id=inst.room_id,
                        starts_at=start,
                        ends_at=start + datetime.timedelta(hours=2),
                        capacity=80,
                    )
                )
            published = first + datetime.timedelta(days=6)
            pubs.append(
                ResultPublication(
                    id=pub_id + p,
                    plan_id=pid,
                    published_at=timezone.make_aware(datetime.datetime.combine(published, datetime.time(9))),
                    publicity_ends_on=published + datetime.timedelta(days=7),
                    recheck_deadline=published + datetime.timedelta(days=14),
                    status=PublicationStatus.FINAL,
                )
            )
            plan_info.append((pid, inst, occ, levels, first, published + datetime.timedelta(days=7)))
        report.rows["plans"] = write_rows(ExamPlan, plan_rows)
        write_rows(PlanLevel, level_rows)
        report.rows["sessions"] = write_rows(ExamSession, session_rows)
        write_rows(ResultPublication, pubs)
        say(gettext("认定计划 %(plans)s 个，考试场次 %(min)s 场") % {"plans": plans, "min": min(sessions, plans)})

        # Registrations, results and certificates, plan by plan, streamed in chunks.
        per_plan = certificates / plans
        reg_id, result_id, cert_id = _next_id(Registration), _next_id(Result), _next_id(Certificate)
        counters: dict[str, int] = defaultdict(int)
        for prefix, last in NumberCounter.objects.values_list("prefix", "last_serial"):
            counters[prefix] = last
        person = 0
        made = {"registrations": 0, "results": 0, "certificates": 0, "public_records": 0}

        def rows() -> Iterator[tuple[Registration, Result, Certificate | None]]:
            nonlocal reg_id, result_id, cert_id, person
            target_left = certificates
            for index, (pid, inst, occ, levels, first, publicity_end) in enumerate(plan_info):
                plans_left = plans - index
                want = round(target_left / plans_left) if plans_left else 0
                want = max(0, min(want, int(per_plan * 2) + 1))
                n_regs = max(want, round(want / inst.pass_rate))
                issued_on = min(publicity_end + datetime.timedelta(days=3), today)
                issued_at = timezone.make_aware(datetime.datetime.combine(issued_on, datetime.time(15)))
                decided = timezone.make_aware(
                    datetime.datetime.combine(first + datetime.timedelta(days=4), datetime.time(11))
                )
                passed_left = want
                for r in range(n_regs):
                    person += 1
                    id_number, birth = _id_number(person)
                    level = levels[r % len(levels)]
                    name = _name(rng)
                    reg = Registration(
                        id=reg_id,
                        plan_id=pid,
                        level=level,
                        name=name,
                        id_type=IdType.RESIDENT_ID,
                        id_number=id_number,
                        birth_date=birth,
                        status=RegistrationStatus.APPROVED,
                        submitted_at=decided - datetime.timedelta(days=30),
                        reviewed_at=decided - datetime.timedelta(days=25),
                        source=RegistrationSource.IMPORT,
                    )
                    passed = passed_left > 0 and (n_regs - r <= passed_left or rng.random() < inst.pass_rate)
                    result = Result(
                        id=result_id, registration_id=reg_id, passed=passed, decided_at=decided, final_at=decided
                    )
                    cert = None
                    if passed:
                        passed_left -= 1
                        year = issued_on.year
                        prefix_key = f"S000015{inst.site_serial}{year % 100:02d}{level}"
                        counters[prefix_key] += 1
                        number = build_certificate_number(
                            kind="S",
                            institution_code="0000",
                            site_serial=inst.site_serial,
                            year=year,
                            level=level,
                            serial=counters[prefix_key],
                        )
                        cert = Certificate(
                            id=cert_id,
                            number=number,
                            prefix=number[:16],
                            serial=counters[prefix_key],
                            registration_id=reg_id,
                            plan_id=pid,
                            institution_id=inst.id,
                            league_id=inst.league_id,
                            site_serial_id=inst.site_serial_id,
                            name=name,
                            id_type=IdType.RESIDENT_ID,
                            id_number=id_number,
                            occupation=occ,
                            occupation_code=occ.code,
                            occupation_name=occ.name,
                            institution_name=inst.name,
                            level=level,
                            exam_date=first,
                            publicity_ended_on=publicity_end,
                            issued_on=issued_on,
                            issued_at=issued_at,
                            status=CertificateStatus.VALID,
                            exported_at=issued_at,
                        )
                        cert_id += 1
                    reg_id += 1
                    result_id += 1
                    yield reg, result, cert
                target_left -= want - passed_left

        buffer_regs: list[Registration] = []
        buffer_results: list[Result] = []
        buffer_certs: list[Certificate] = []
        for reg, result, cert in rows():
            buffer_regs.append(reg)
            buffer_results.append(result)
            if cert is not None:
                buffer_certs.append(cert)
            if len(buffer_regs) >= CHUNK:
                made["registrations"] += write_rows(Registration, buffer_regs)
                made["results"] += write_rows(Result, buffer_results)
                made["certificates"] += write_rows(Certificate, buffer_certs)
                made["public_records"] += write_rows(PublicCertificate, map(public_record_for, buffer_certs))
                buffer_regs, buffer_results, buffer_certs = [], [], []
                if made["registrations"] % (CHUNK * 10) == 0:
                    say(
                        gettext("报名 %(value)s，证书 %(value2)s")
                        % {"value": made["registrations"], "value2": made["certificates"]}
                    )
        made["registrations"] += write_rows(Registration, buffer_regs)
        made["results"] += write_rows(Result, buffer_results)
        made["certificates"] += write_rows(Certificate, buffer_certs)
        made["public_records"] += write_rows(PublicCertificate, map(public_record_for, buffer_certs))
        report.rows.update(made)
        existing = set(NumberCounter.objects.filter(prefix__in=list(counters)).values_list("prefix", flat=True))
        NumberCounter.objects.bulk_create(
            [NumberCounter(prefix=p, last_serial=n) for p, n in counters.items() if p not in existing], batch_size=2000
        )
        for known in existing:
            NumberCounter.objects.filter(prefix=known).update(last_serial=counters[known])
        _reset_sequences(
            [
                Organisation,
                Institution,
                ScopeVersion,
                ScopeItem,
                Venue,
                Room,
                SiteSerial,
                ExamPlan,
                PlanLevel,
                ExamSession,
                ResultPublication,
                Registration,
                Result,
                Certificate,
                through,
            ]
        )
    # The certificates went in around the services that keep the workbench's tally current.
    from skillcert.portal.rollups import rebuild_certificate_tally

    rebuild_certificate_tally()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    report.seconds = (timezone.now() - started).total_seconds()
    return report
