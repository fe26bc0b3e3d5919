"""An examiner's or supervisor's own workbench page: sessions ahead, cards and training due (R-EXAM-6, R-PER-1)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from skillcert.accounts.models import User
from skillcert.accounts.types import AuthedRequest
from skillcert.exams.selectors.workbench import workbench_for


@login_required
def my_assignments(request: AuthedRequest) -> HttpResponse:
    """Only the signed-in person's own entries; someone with no register entry sees an empty list."""
    bench = workbench_for(cast(User, request.user))
    return render(request, "exams/my_assignments.html", {"bench": bench})
