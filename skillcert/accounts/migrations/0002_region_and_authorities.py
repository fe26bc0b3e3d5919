"""The region, its 14 league-level jurisdictions and the authority organisations (R-ORG-1)."""

from django.db import migrations


def create(apps, schema_editor):
    from skillcert.accounts.regions import LEAGUES, REGION_CODE, REGION_NAME, authority_organisations

    Jurisdiction = apps.get_model("accounts", "Jurisdiction")
    Organisation = apps.get_model("accounts", "Organisation")
    region, _ = Jurisdiction.objects.update_or_create(
        code=REGION_CODE, defaults={"name": REGION_NAME, "level": "region", "parent": None, "sort_order": 0}
    )
    for i, (code, name, _short) in enumerate(LEAGUES, start=1):
        Jurisdiction.objects.update_or_create(
            code=code, defaults={"name": name, "level": "league", "parent": region, "sort_order": i}
        )
    by_code = {j.code: j for j in Jurisdiction.objects.all()}
    for org in authority_organisations():
        Organisation.objects.update_or_create(
            code=org["code"],
            defaults={
                "kind": org["kind"],
                "name": org["name"],
                "short_name": org["short_name"],
                "jurisdiction": by_code[org["jurisdiction"]],
                "is_active": True,
            },
        )


def remove(apps, schema_editor):
    from skillcert.accounts.regions import authority_organisations

    Organisation = apps.get_model("accounts", "Organisation")
    Jurisdiction = apps.get_model("accounts", "Jurisdiction")
    Organisation.objects.filter(code__in=[o["code"] for o in authority_organisations()]).delete()
    Jurisdiction.objects.filter(level="league").delete()
    Jurisdiction.objects.filter(level="region").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
