"""Lists: one page size, one pager and one way to export (R-X-5, R-REP-2).

Every list page reads the same query parameters: `page` for the page, and `export=xlsx` or
`export=pdf` for the whole filtered list as a download. A view describes its export once,

    PEOPLE = ListExport(_("考评人员"), [Column(_("姓名"), lambda p: p.name), ...])

marks the page with `@exports(PEOPLE)` (next to `def`), and answers with

    return list_page(request, "personnel/people.html", filterset.qs, export=PEOPLE, context={"filter": filterset})

which is the download when one is asked for, else the template with one `page` of the rows. A view that
must do more with the page (annotate its rows) uses the two steps `export_or_none` and `paginate` itself.

The template shows the pager and the two export links with `{% pager page export=True %}`
(`{% load core_tags %}`). An unknown `export` value answers 400 naming the parameter.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.core.errors import DomainError
from skillcert.core.pagination import EstimatedCountPaginator

__all__ = [
    "EXPORT_FORMATS",
    "Column",
    "ListExport",
    "export_format",
    "export_or_none",
    "export_response",
    "exports",
    "list_page",
    "page_size",
    "paginate",
    "query_without",
]

EXPORT_FORMATS = {"xlsx": gettext_lazy("Excel"), "pdf": gettext_lazy("PDF")}
PDF_MAX_ROWS = 2000
"""A PDF export prints at most this many rows (and says so); the Excel export has them all."""


def page_size() -> int:
    """Rows per page on every list page (`SKILLCERT_PAGE_SIZE`, 50 unless set)."""
    return int(getattr(settings, "SKILLCERT_PAGE_SIZE", 50))


def paginate(request: HttpRequest, rows: Any, per_page: int | None = None) -> Page:  # type: ignore[type-arg]
    """The requested page of `rows`; a page number out of range gives the last page.

    An unfiltered list over a large PostgreSQL table is counted by estimate (`core.pagination`).
    """
    return EstimatedCountPaginator(rows, per_page or page_size()).get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without `page`, `export` and the given parameters."""
    params = request.GET.copy()
    for name in ("page", "export", *names):
        params.pop(name, None)
    return params.urlencode()


@dataclass(frozen=True)
class Column:
    header: Any
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class ListExport:
    """How one list is written to a file: a title (sheet, PDF heading, file name) and columns."""

    title: Any
    columns: Sequence[Column]
    landscape: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns]

    def rows(self, objects: Iterable[Any]) -> Iterator[list[Any]]:
        for obj in objects:
            yield [c.value(obj) for c in self.columns]


def export_format(request: HttpRequest) -> str | None:
    """`xlsx`, `pdf` or None; any other value is refused naming the parameter."""
    value = request.GET.get("export")
    if not value:
        return None
    if value not in EXPORT_FORMATS:
        raise DomainError(
            _("导出格式：只能是%(formats)s") % {"formats": "、".join(EXPORT_FORMATS)}, field="export", code="invalid"
        )
    return value


def _filename(title: str) -> str:
    return f"{title}-{timezone.localdate():%Y%m%d}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else f"{value:%Y-%m-%d %H:%M}"
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def export_response(fmt: str, export: ListExport, objects: Iterable[Any]) -> HttpResponseBase:
    """The whole list as an Excel workbook or a PDF table."""
    from skillcert.core.excel import xlsx_response
    from skillcert.core.pdf import pdf_response, table_pdf

    title = str(export.title)
    if fmt == "xlsx":
        return xlsx_response(_filename(title), export.headers, export.rows(objects), title=title)
    rows: list[list[str]] = []
    truncated = False
    for n, row in enumerate(export.rows(objects)):
        if n >= PDF_MAX_ROWS:
            truncated = True
            break
        rows.append([_text(v) for v in row])
    note = (
        _("仅打印前%(n)s行；完整数据请导出 Excel。") % {"n": PDF_MAX_ROWS}
        if truncated
        else _("共%(n)s行。") % {"n": len(rows)}
    )
    generated = _("生成于 %(when)s") % {"when": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    data = table_pdf(title, export.headers, rows, note=f"{note}{generated}", landscape=export.landscape)
    return pdf_response(data, f"{_filename(title)}.pdf", inline=False)


V = TypeVar("V", bound=Callable[..., Any])


def exports(export: ListExport) -> Callable[[V], V]:
    """Mark a list page as exporting `export`; put it next to `def` so outer decorators copy the mark.

    The URL-conf test finds every marked page and downloads both formats.
    """

    def mark(view: V) -> V:
        view.list_export = export  # type: ignore[attr-defined]
        return view

    return mark


def export_or_none(request: HttpRequest, export: ListExport, objects: Iterable[Any]) -> HttpResponseBase | None:
    """The download when the request asks for one (`?export=xlsx|pdf`), else None."""
    fmt = export_format(request)
    return export_response(fmt, export, objects) if fmt else None


def list_page(
    request: HttpRequest,
    template: str,
    rows: Any,
    *,
    export: ListExport,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponseBase:
    """A list page: the whole list as a download when `?export=` asks for one, else one page of it.

    The template gets `page` plus `context`; `status` lets a page that also holds a form answer 400.
    """
    if (response := export_or_none(request, export, rows)) is not None:
        return response
    return render(request, template, {**(context or {}), "page": paginate(request, rows)}, status=status)
