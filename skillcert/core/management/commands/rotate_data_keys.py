"""python manage.py rotate_data_keys — re-encrypt personal data under the active key (R-X-3).

After a new key is put first in SKILLCERT_DATA_KEYS (the old one kept behind it), this
rewrites every encrypted column whose token names another key id; when it reports zero
remaining, the old key can be retired.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils.translation import gettext

from skillcert.core import crypto
from skillcert.core.audit import record_event
from skillcert.core.choices import CoreAction
from skillcert.core.fields import EncryptedTextField


class Command(BaseCommand):
    help = "用当前主密钥重新加密所有个人信息字段（密钥轮换）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=1000, help=gettext("每批处理的行数"))

    def handle(self, *args: Any, batch: int, **options: Any) -> None:
        totals: dict[str, int] = {}
        quote = connection.ops.quote_name
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, EncryptedTextField):
                    continue
                table, column, pk = model._meta.db_table, field.column, model._meta.pk.column  # type: ignore[union-attr]
                label = f"{model._meta.label}.{field.name}"
                rotated, last = 0, None
                while True:
                    with transaction.atomic(), connection.cursor() as cursor:
                        where = f"WHERE {quote(pk)} > %s " if last is not None else ""
                        cursor.execute(
                            f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} {where}"  # noqa: S608
                            f"ORDER BY {quote(pk)} LIMIT %s",
                            [last, batch] if last is not None else [batch],
                        )
                        rows = cursor.fetchall()
                        for row_pk, token in rows:
                            if token and crypto.is_token(token) and crypto.needs_rotation(token):
                                cursor.execute(
                                    f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk)} = %s",  # noqa: S608
                                    [crypto.rotate(token, field.encryption_context), row_pk],
                                )
                                rotated += 1
                    if not rows:
                        break
                    last = rows[-1][0]
                totals[label] = rotated
                self.stdout.write(gettext("%(label)s: 重新加密 %(rotated)s 行") % {"label": label, "rotated": rotated})
        with transaction.atomic():
            record_event(
                actor=None, action=CoreAction.CRYPTO_ROTATE, after=totals, object_repr=gettext("个人信息加密密钥轮换")
            )
        self.stdout.write(gettext("完成：共重新加密 %(sum)s 个值") % {"sum": sum(totals.values())})
