from decimal import Decimal

from django.db import migrations

# Guidance and judgment criteria for the default stages, by stage order:
# (what the buyer does, key persons, recommended work, criteria), each (en, zh).
GUIDANCE = {
    1: (
        ("The buyer admits a problem worth solving and starts asking around.",
         "客户承认存在值得解决的问题，开始四处了解。"),
        ("The head of the user department", "使用部门负责人"),
        ("Learn the pain and its cost; find who else is affected.",
         "了解痛点及其代价；找出还有谁受到影响。"),
        [
            ("The buyer described a concrete problem or goal to us",
             "客户向我们描述了具体的问题或目标"),
            ("A named person at the buyer owns the problem", "客户方有明确的问题负责人"),
            ("The buyer agreed to a follow-up meeting", "客户同意进一步沟通"),
        ],
    ),
    2: (
        ("The buyer writes down requirements and a rough budget.",
         "客户整理书面需求和大致预算。"),
        ("User department, technical lead", "使用部门、技术负责人"),
        ("Shape the requirements around our strengths; confirm budget and timeline.",
         "引导需求贴合我们的优势；确认预算和时间表。"),
        [
            ("The buyer shared written requirements or an RFI",
             "客户提供了书面需求或信息征询"),
            ("A budget range has been stated", "客户说明了预算范围"),
            ("A target timeline has been stated", "客户说明了目标时间表"),
            ("The buyer's technical lead is involved", "客户技术负责人已参与"),
        ],
    ),
    3: (
        ("The buyer compares vendors: demos, trials, proposals.",
         "客户比较供应商：演示、试用、方案。"),
        ("Technical evaluators, the decision maker's delegate", "技术评估人员、决策者的代表"),
        ("Run a demo or pilot; meet the decision maker; know the competitors.",
         "安排演示或试点；拜访决策者；摸清竞争对手。"),
        [
            ("The buyer attended a demo or started a trial", "客户参加了演示或开始试用"),
            ("We received the evaluation criteria or an RFP", "我们收到了评估标准或招标文件"),
            ("The decision maker has met us", "决策者已与我们会面"),
            ("We know which competitors are being evaluated", "已了解参与评估的竞争对手"),
        ],
    ),
    4: (
        ("The buyer has chosen us and negotiates terms.", "客户已选定我们，正在谈判条款。"),
        ("Decision maker, procurement", "决策者、采购部门"),
        ("Agree price and terms; remove the last objections.",
         "商定价格和条款；消除最后的顾虑。"),
        [
            ("The buyer told us we are the preferred vendor", "客户明确表示我们是首选供应商"),
            ("The buyer asked for a formal quotation or terms", "客户要求正式报价或商务条款"),
            ("The decision maker accepted the solution scope", "决策者认可方案范围"),
        ],
    ),
    5: (
        ("The purchase goes through approval and contract review.",
         "采购进入审批和合同审核流程。"),
        ("Procurement, legal, finance", "采购、法务、财务"),
        ("Prepare the contract; follow each approval step daily.",
         "准备合同；每天跟进每个审批环节。"),
        [
            ("The purchase request was submitted for approval", "采购申请已提交审批"),
            ("The buyer's legal or procurement is reviewing our contract",
             "客户法务或采购正在审核我们的合同"),
            ("A signing date has been agreed", "已约定签约日期"),
        ],
    ),
}

# docs/PRODUCT.md §4: no competitor 80%, one 50%; more than the table holds use 1/(n+1).
COMPETITION = [(0, Decimal("0.8")), (1, Decimal("0.5"))]


def fill_defaults(apps, schema_editor):
    Stage = apps.get_model("opportunities", "Stage")
    Criterion = apps.get_model("opportunities", "JudgmentCriterion")
    Factor = apps.get_model("opportunities", "CompetitionFactor")
    Settings = apps.get_model("opportunities", "FunnelSettings")
    for stage in Stage.objects.filter(order__in=GUIDANCE, kind="open"):
        buyer, persons, work, criteria = GUIDANCE[stage.order]
        stage.buyer_activity_en, stage.buyer_activity_zh = buyer
        stage.key_persons_en, stage.key_persons_zh = persons
        stage.recommended_work_en, stage.recommended_work_zh = work
        stage.save()
        if not Criterion.objects.filter(stage=stage).exists():
            Criterion.objects.bulk_create(
                Criterion(stage=stage, order=i, text_en=en, text_zh=zh)
                for i, (en, zh) in enumerate(criteria, start=1)
            )
    if not Factor.objects.exists():
        Factor.objects.bulk_create(Factor(competitors=n, factor=f) for n, f in COMPETITION)
    Settings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0003_stage_guidance_criteria_and_competition")]

    operations = [migrations.RunPython(fill_defaults, migrations.RunPython.noop)]
