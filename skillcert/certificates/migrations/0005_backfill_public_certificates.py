"""Backfill the public verification rows of certificates issued before they existed (R-CERT-4)."""

from django.db import migrations

BATCH = 2000


def backfill(apps, schema_editor):
    from skillcert.certificates.verification import public_fields

    Certificate = apps.get_model("certificates", "Certificate")
    PublicCertificate = apps.get_model("certificates", "PublicCertificate")
    db = schema_editor.connection.alias
    last = 0
    while True:
        batch = list(
            Certificate.objects.using(db)
            .filter(pk__gt=last, public_record__isnull=True)
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return
        PublicCertificate.objects.using(db).bulk_create(
            PublicCertificate(certificate_id=c.pk, **public_fields(c))
            for c in batch
        )
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("certificates", "0004_public_certificate")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
