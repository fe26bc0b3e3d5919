"""Fixture for the load test: three office users with API tokens and a sample of certificate numbers.

Writes var/load/fixture.json, read by bench/load/locustfile.py. Run against the database the
server will use (DATABASE_URL), which should hold generated data (`manage.py generate_scale_data`).
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from skillcert.accounts.choices import OrgKind, Role
    from skillcert.accounts.models import Organisation, User, UserRole
    from skillcert.accounts.services import create_api_token
    from skillcert.certificates.models import Certificate
    from skillcert.core.models import PolicyValue
    from skillcert.exams.models import ExamPlan

    plan = ExamPlan.objects.order_by("-id").select_related("institution", "league").first()
    if plan is None:
        print("no plans: run manage.py generate_scale_data first", file=sys.stderr)
        return 1
    organisations = {
        "region": Organisation.objects.get(kind=OrgKind.REGION_CENTER),
        "league": Organisation.objects.get(code=f"bureau-{plan.league.code}"),
        "institution": plan.institution.organisation,
    }
    tokens = {}
    for who, organisation in organisations.items():
        user, _ = User.objects.get_or_create(username=f"load-{who}", defaults={"organisation": organisation})
        UserRole.objects.get_or_create(user=user, role=Role.CLERK)
        user = User.objects.get(pk=user.pk)
        _, tokens[who] = create_api_token(actor=user, name=f"load {random.randrange(10**9)}")
    # The limit stays in force (checked on every look-up) but a load test from one address must not hit it.
    PolicyValue.objects.update_or_create(key="certificates.verify_rate_limit", defaults={"value": 10**9})
    rng = random.Random(16)
    top = Certificate.objects.order_by("-id").values_list("id", flat=True).first() or 1
    sample = list(
        Certificate.objects.filter(id__in=[rng.randint(1, top) for _ in range(3000)]).values_list("number", "name")
    )
    out = Path("var/load")
    out.mkdir(parents=True, exist_ok=True)
    (out / "fixture.json").write_text(
        json.dumps({"tokens": tokens, "certificates": sample, "plan": plan.pk}, ensure_ascii=False)
    )
    print(f"var/load/fixture.json: {len(sample)} certificates, tokens for {', '.join(tokens)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
