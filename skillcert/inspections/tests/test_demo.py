"""Demo data: a finished campaign on the public portal with a visible correction, made through the
services; running the seed again changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from skillcert.accounts import demo as account_demo
from skillcert.core.audit import verify_chain
from skillcert.inspections import demo
from skillcert.inspections.choices import CampaignStatus
from skillcert.inspections.models import Campaign, ResultVersion
from skillcert.institutions import demo as institution_demo
from skillcert.personnel import demo as personnel_demo

pytestmark = pytest.mark.django_db


def test_demo_has_one_finished_public_campaign_and_is_idempotent(client):
    ctx: dict = {}
    for module in (account_demo, personnel_demo, institution_demo, demo):
        module.seed(ctx)
    campaign = Campaign.objects.get()
    assert campaign.status == CampaignStatus.PUBLISHED and campaign.seed == demo.DEMO_SEED
    assert {s["code"] for s in campaign.strata} >= {"150100", "150200", "150600"}
    assert campaign.versions.count() == 2
    page = client.get(reverse("inspections:public_campaign", args=[campaign.pk])).content.decode()
    assert "复核一致" in page and "更正说明" in page
    from skillcert.sanctions.models import Proposal

    pending = Proposal.objects.get()
    assert pending.status == "pending" and pending.measure == "criticism" and pending.inspection.campaign == campaign
    counts = (Campaign.objects.count(), ResultVersion.objects.count())
    demo.seed({})
    assert (Campaign.objects.count(), ResultVersion.objects.count()) == counts
    assert verify_chain().ok
