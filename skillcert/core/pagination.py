"""Paginators whose cost stays flat as tables grow (R-X-5).

An exact COUNT(*) over a million rows costs hundreds of milliseconds on PostgreSQL, and the
region's unfiltered lists do not need it: "about 1,000,000" is what a reader can use. So when
the list is unfiltered and the table is large, the count is PostgreSQL's own estimate
(`pg_class.reltuples`, kept by ANALYZE and autovacuum); a filtered list, a small table, or
another database gets the exact count. `paginator.estimated` says which, for the page to
print "约".
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

ESTIMATE_FROM_ROWS = 100_000
"""Below this many rows (by the estimate) the exact count is cheap enough."""


def estimated_rows(queryset: Any) -> int | None:
    """PostgreSQL's estimate of the rows an unfiltered queryset returns, or None when it does not apply."""
    if not isinstance(queryset, QuerySet):
        return None
    query = queryset.query
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or query.is_empty() or query.where or query.distinct or query.combinator:
        return None
    if query.low_mark or query.high_mark is not None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table]
        )
        row = cursor.fetchone()
    # -1 (PostgreSQL 14+) or 0: never analysed, the estimate means nothing yet.
    return int(row[0]) if row and row[0] and row[0] > 0 else None


class EstimatedCountPaginator(Paginator):
    """A Paginator that counts an unfiltered large table by estimate and everything else exactly."""

    estimate_from = ESTIMATE_FROM_ROWS

    def __init__(self, object_list: Any, per_page: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, *args, **kwargs)
        self.estimated = False

    @cached_property
    def count(self) -> int:
        estimate = estimated_rows(self.object_list)
        if estimate is not None and estimate >= self.estimate_from:
            self.estimated = True
            return estimate
        return super().count
