"""The region-wide integrity commitment text (R-INS-4), built from the obligations of 内人社办发〔2021〕193号 §4.

League bureaus publish their own versions on the platform; where a bureau has none yet,
institutions sign this one with their local bureau.
"""

import hashlib

from django.db import migrations
from django.utils import timezone

TITLE = "职业技能等级认定工作诚信承诺书"
BODY = """本机构自愿开展职业技能等级认定工作，依据《关于进一步规范开展全区职业技能等级认定工作的通知》（内人社办发〔2021〕193号），现郑重承诺：

一、严格按照本机构备案的职业（工种）、等级和区域范围，依据国家职业技能标准或评价规范开展职业技能等级认定，不超范围、不超区域开展认定。
二、制定考务管理、质量管理、题（卷）库管理、评分管理、证书管理、违规违纪处理和收费标准等规章制度，向社会公开并严格执行。
三、建立健全考评员和内部质量督导员队伍，规范考评流程，严肃考评纪律，主动接受外部质量督导。
四、按照命题技术规程建立题（卷）库并定期更新充实，确保试题试卷安全保密。
五、完善考核评价场地设施设备等硬件条件，确保评价工作质量。
六、对评价合格的人员按全国统一编码规则和参考样式颁发职业技能等级证书，不出具虚假证书，按照“谁评价、谁发证、谁负责”原则承担主体责任。
七、妥善保管评价工作全过程资料，纸质材料保管不少于3年，电子材料不少于5年，确保评价过程和结果可追溯、可倒查。
八、本着充分测算、以支定收的原则定价并主动向社会公示，不以营利为目的，不明显低于或高于评价成本开展工作。
九、主动接受各级人力资源社会保障部门监管和社会监督，如实提供资料，配合调查核实。

如违反上述承诺，本机构自愿接受通报批评、限期整改、取消评价资质并列入评价机构失信黑名单等处理。"""


def create_template(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    CommitmentText = apps.get_model("institutions", "CommitmentText")
    authority = Organisation.objects.filter(code="region_dept").first()
    if authority is None or CommitmentText.objects.filter(authority=authority).exists():
        return
    CommitmentText.objects.create(
        authority=authority,
        version=1,
        title=TITLE,
        body=BODY,
        sha256=hashlib.sha256(BODY.encode("utf-8")).hexdigest(),
        published_at=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0001_initial"),
        ("accounts", "0002_region_and_authorities"),
    ]

    operations = [migrations.RunPython(create_template, migrations.RunPython.noop)]
