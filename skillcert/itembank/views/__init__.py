"""Pages of the item bank: bank management, the proctor console and the candidate's exam page (R-BANK-1..4).

Every write calls a service; a broken rule re-renders with the Chinese message and status 400;
a record outside the actor's scope answers 404, exactly like the API.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def one_or_404(queryset: QuerySet[M], pk: Any) -> M:
    """One row of an already scoped queryset; a forbidden row answers like a missing one."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404("未找到该记录")
    return obj
