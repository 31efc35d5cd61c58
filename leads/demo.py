"""Demo leads for `seed_demo`: a realistic, bilingual mix, some in the pool."""

import random
from datetime import timedelta

from django.utils import timezone

from leads.models import Lead, LeadStatus
from leads.services import lead_log_activity
from users.models import User

DEMO_LEADS = [
    # company, contact, title, industry, region, source
    (
        "苏州精工机械有限公司",
        "周建国",
        "设备部经理",
        "manufacturing",
        "jiangsu",
        "exhibition",
    ),
    ("杭州云帆网络科技有限公司", "吴倩", "CTO", "it", "zhejiang", "website"),
    ("宁波港联物流有限公司", "郑海涛", "运营总监", "logistics", "zhejiang", "referral"),
    ("合肥新能电池材料有限公司", "孙磊", "采购主管", "energy", "anhui", "cold_call"),
    (
        "南京鼎信金融服务有限公司",
        "钱敏",
        "信息中心主任",
        "finance",
        "jiangsu",
        "partner",
    ),
    (
        "上海瑞康医疗器械有限公司",
        "冯丽",
        "总经理助理",
        "healthcare",
        "shanghai",
        "website",
    ),
    (
        "无锡华润纺织有限公司",
        "陈志强",
        "IT 主管",
        "manufacturing",
        "jiangsu",
        "advertising",
    ),
    (
        "Bosch Rexroth (Changzhou) Co., Ltd.",
        "Michael Weber",
        "Plant IT Manager",
        "manufacturing",
        "jiangsu",
        "exhibition",
    ),
    (
        "北京智源教育科技有限公司",
        "刘畅",
        "校区运营经理",
        "education",
        "beijing",
        "website",
    ),
    (
        "天津滨海港口装备有限公司",
        "王海",
        "副总经理",
        "manufacturing",
        "tianjin",
        "referral",
    ),
    (
        "石家庄康泰制药有限公司",
        "李红",
        "质量部经理",
        "healthcare",
        "hebei",
        "exhibition",
    ),
    (
        "济南齐鲁软件园发展有限公司",
        "张涛",
        "招商部主任",
        "government",
        "shandong",
        "partner",
    ),
    ("太原晋能热电有限公司", "赵强", "信息化负责人", "energy", "shanxi", "cold_call"),
    (
        "青岛海澜冷链物流有限公司",
        "孙悦",
        "客服经理",
        "logistics",
        "shandong",
        "website",
    ),
    (
        "Schneider Electric (Tianjin) Co., Ltd.",
        "Claire Martin",
        "Procurement Lead",
        "energy",
        "tianjin",
        "referral",
    ),
    (
        "大连北方建设集团有限公司",
        "高峰",
        "项目经理",
        "construction",
        "liaoning",
        "advertising",
    ),
    ("郑州中原零售连锁有限公司", "马丽", "门店运营总监", "retail", "henan", "website"),
    (
        "呼和浩特草原乳业有限公司",
        "白云",
        "供应链经理",
        "retail",
        "inner_mongolia",
        "exhibition",
    ),
    ("武汉光谷微电子有限公司", "黄俊", "研发总监", "it", "hubei", "partner"),
    ("长沙湘江环保科技有限公司", "罗平", "总经理", "energy", "hunan", "cold_call"),
    (
        "深圳前海跨境电商有限公司",
        "林晓",
        "运营负责人",
        "retail",
        "guangdong",
        "website",
    ),
    (
        "成都天府智慧城市科技有限公司",
        "何勇",
        "商务总监",
        "government",
        "sichuan",
        "referral",
    ),
]

# A lead's note, by whether the company name is English (True) or Chinese.
NOTE = {
    False: "客户主动咨询，预算待确认。",
    True: "Inbound enquiry; budget to be confirmed.",
}

# Chinese companies' follow-ups in Chinese, English-named ones' in English.
SUMMARIES = {
    "zh": [
        "电话沟通了现有流程的痛点，对方愿意进一步了解。",
        "发送了产品介绍资料和案例。",
        "电话初步沟通：目前用表格跟进商机，希望有可视化的销售漏斗。",
        "展会上交换名片，约了下周电话。",
        "发送了演示视频，等待对方 IT 团队反馈。",
    ],
    "en": [
        "Intro call: they track deals in spreadsheets and want a pipeline view.",
        "Sent a short demo video; waiting for feedback from their IT team.",
        "Sent the product brochure and two customer stories.",
    ],
}


def seed_leads(users: dict[str, User], rng: random.Random) -> int:
    """Spread the demo leads over the salespeople and the pool; return new count."""
    salespeople = [users[f"sales{i}"] for i in range(1, 7)]
    now = timezone.now()
    created = 0
    for index, (company, contact, title, industry, region, source) in enumerate(
        DEMO_LEADS
    ):
        if Lead.objects.filter(company_name=company).exists():
            continue
        team_half = salespeople[:3] if index % 2 == 0 else salespeople[3:]
        owner = None if index % 5 == 4 else rng.choice(team_half)
        lead = Lead.objects.create(
            company_name=company,
            contact_name=contact,
            title=title,
            phone=f"1{rng.choice('35789')}{rng.randrange(10**8, 10**9)}",
            email=f"contact{index + 1}@demo-lead{index + 1}.cn",
            industry=industry,
            region=region,
            source=source,
            owner=owner,
            created_by=owner,
            status=LeadStatus.NEW,
            notes="" if index % 3 else NOTE[company.isascii()],
        )
        Lead.objects.filter(pk=lead.pk).update(
            created_at=now - timedelta(days=rng.randint(1, 60))
        )
        created += 1
        if owner is not None and index % 3 != 2:
            lead_log_activity(
                lead=lead,
                by=owner,
                kind=rng.choice(["call", "email", "visit", "message"]),
                summary=rng.choice(
                    SUMMARIES["en" if lead.company_name.isascii() else "zh"]
                ),
                occurred_at=now
                - timedelta(days=rng.randint(0, 20), hours=rng.randint(1, 8)),
                next_contact_at=now + timedelta(days=rng.randint(-3, 10), hours=2),
            )
            if index % 4 == 0:
                Lead.objects.filter(pk=lead.pk).update(status=LeadStatus.QUALIFIED)
    return created
