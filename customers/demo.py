"""Demo customers and contacts for `seed_demo`, with valid credit codes."""

import random

from customers.credit_code import ALPHABET, check_character
from customers.models import BuyingRole, Contact, Customer
from users.models import User

# legal name, industry, region, address, website
DEMO_CUSTOMERS = [
    (
        "上海华东精密制造有限公司",
        "manufacturing",
        "shanghai",
        "上海市嘉定区安亭镇墨玉路 88 号",
        "https://www.hdjm-demo.cn",
    ),
    (
        "江苏长江智能装备股份有限公司",
        "manufacturing",
        "jiangsu",
        "苏州市工业园区星湖街 328 号",
        "https://www.cjzn-demo.cn",
    ),
    (
        "浙江钱塘数字科技有限公司",
        "it",
        "zhejiang",
        "杭州市滨江区网商路 599 号",
        "https://www.qtsz-demo.cn",
    ),
    ("安徽皖能新材料有限公司", "energy", "anhui", "合肥市高新区创新大道 2800 号", ""),
    (
        "上海申通医药供应链有限公司",
        "healthcare",
        "shanghai",
        "上海市浦东新区张江路 1000 号",
        "https://www.stsc-demo.cn",
    ),
    ("南京紫金软件技术有限公司", "it", "jiangsu", "南京市雨花台区软件大道 101 号", ""),
    (
        "Siemens Healthineers (Shanghai) Co., Ltd.",
        "healthcare",
        "shanghai",
        "278 Zhouzhu Road, Pudong, Shanghai",
        "https://www.healthineers-demo.cn",
    ),
    (
        "福建闽江港口物流有限公司",
        "logistics",
        "fujian",
        "福州市马尾区江滨东大道 68 号",
        "",
    ),
    (
        "北京中关村云计算有限公司",
        "it",
        "beijing",
        "北京市海淀区中关村大街 27 号",
        "https://www.zgccloud-demo.cn",
    ),
    (
        "天津渤海重工机械有限公司",
        "manufacturing",
        "tianjin",
        "天津市滨海新区黄海路 19 号",
        "",
    ),
    (
        "河北燕赵钢铁集团有限公司",
        "manufacturing",
        "hebei",
        "唐山市路北区建设北路 66 号",
        "https://www.yzsteel-demo.cn",
    ),
    (
        "山东齐鲁能源发展有限公司",
        "energy",
        "shandong",
        "济南市历下区经十路 9999 号",
        "",
    ),
    (
        "北京京师教育集团有限公司",
        "education",
        "beijing",
        "北京市西城区新街口外大街 19 号",
        "https://www.jsedu-demo.cn",
    ),
    (
        "辽宁沈飞航空配套有限公司",
        "manufacturing",
        "liaoning",
        "沈阳市皇姑区陵北街 1 号",
        "",
    ),
    (
        "Volvo Construction Equipment (Jinan) Co., Ltd.",
        "construction",
        "shandong",
        "1 Volvo Road, Jinan",
        "https://www.volvoce-demo.cn",
    ),
    (
        "山西晋商银行信息技术有限公司",
        "finance",
        "shanxi",
        "太原市小店区长风街 59 号",
        "",
    ),
]

# name, department, title, buying role
DEMO_CONTACTS = [
    ("王志刚", "总经办", "总经理", BuyingRole.DECISION_MAKER),
    ("李静", "信息部", "IT 经理", BuyingRole.INFLUENCER),
    ("赵磊", "采购部", "采购专员", BuyingRole.GATEKEEPER),
    ("陈芳", "销售部", "销售总监", BuyingRole.USER),
    ("Anna Schmidt", "IT", "Head of IT", BuyingRole.INFLUENCER),
    ("刘建华", "财务部", "财务总监", BuyingRole.DECISION_MAKER),
]


def demo_credit_code(rng: random.Random) -> str:
    body = "91" + "".join(rng.choice(ALPHABET[:10]) for _ in range(6))
    body += "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


def seed_customers(users: dict[str, User], rng: random.Random) -> list[Customer]:
    """Create the demo customers (two teams' worth) with two or three contacts."""
    east = [users["sales1"], users["sales2"], users["sales3"]]
    north = [users["sales4"], users["sales5"], users["sales6"]]
    customers = []
    for index, (name, industry, region, address, website) in enumerate(DEMO_CUSTOMERS):
        owners = east if index < len(DEMO_CUSTOMERS) // 2 else north
        customer = Customer.objects.filter(legal_name=name).first()
        if customer is None:
            customer = Customer(
                legal_name=name,
                credit_code=demo_credit_code(rng),
                industry=industry,
                region=region,
                address=address,
                website=website,
                phone=f"0{rng.randint(10, 99)}-{rng.randint(60000000, 69999999)}",
                owner=owners[index % 3],
            )
            customer.full_clean()
            customer.save()
            people = rng.sample(DEMO_CONTACTS, k=rng.choice([2, 3]))
            # Most customers' decision maker is known; every fifth has none
            # on file yet, so its deals cannot have one on their buying team.
            if index % 5 and not any(p[3] == BuyingRole.DECISION_MAKER for p in people):
                people.append(DEMO_CONTACTS[index % 2 * 5])
            for name_, department, title, role in people:
                Contact.objects.create(
                    customer=customer,
                    name=name_,
                    department=department,
                    title=title,
                    buying_role=role,
                    phone=f"13{rng.randint(100000000, 999999999)}",
                    email=f"{rng.choice(['wang', 'li', 'zhao', 'chen', 'liu'])}"
                    f"{rng.randint(1, 99)}@customer{index + 1}.demo.cn",
                )
        customers.append(customer)
    return customers
