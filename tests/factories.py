import factory
from django.contrib.contenttypes.models import ContentType
from factory.django import DjangoModelFactory

from users.models import Role, Team, User


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = Role.SALESPERSON
    password = factory.django.Password("secret-pass-123")

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True


class ManagerFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    role = Role.MANAGER

    @factory.post_generation
    def manages(self, create, extracted, **kwargs):
        if create and extracted:
            for team in extracted:
                team.managers.add(self)


class AdminFactory(UserFactory):
    role = Role.ADMIN


class LeadFactory(DjangoModelFactory):
    class Meta:
        model = "leads.Lead"

    company_name = factory.Sequence(lambda n: f"线索公司{n}有限公司")
    contact_name = factory.Faker("name", locale="zh_CN")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.Sequence(lambda n: f"lead{n}@example.cn")
    source = "website"
    owner = factory.SubFactory(UserFactory)


class CustomerFactory(DjangoModelFactory):
    class Meta:
        model = "customers.Customer"

    legal_name = factory.Sequence(lambda n: f"客户{n}科技有限公司")
    industry = "manufacturing"
    region = "shanghai"
    owner = factory.SubFactory(UserFactory)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = "customers.Contact"

    customer = factory.SubFactory(CustomerFactory)
    name = factory.Faker("name", locale="zh_CN")
    title = "采购经理"
    buying_role = "decision_maker"


class CompetitorFactory(DjangoModelFactory):
    class Meta:
        model = "opportunities.Competitor"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Competitor {n}")


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = "opportunities.Product"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P-{n:03d}")
    name = factory.Sequence(lambda n: f"产品 {n}")
    unit_price = 1000


def _first_open_stage():
    from opportunities.models import Stage

    return Stage.objects.first_open()


class OpportunityFactory(DjangoModelFactory):
    class Meta:
        model = "opportunities.Opportunity"

    name = factory.Sequence(lambda n: f"Project {n}")
    owner = factory.SubFactory(UserFactory)
    customer = factory.SubFactory(
        CustomerFactory, owner=factory.SelfAttribute("..owner")
    )
    amount = 100000
    stage = factory.LazyFunction(_first_open_stage)


class DealContactFactory(DjangoModelFactory):
    """A contact on a deal's buying team (of the deal's customer)."""

    class Meta:
        model = "opportunities.DealContact"

    opportunity = factory.SubFactory(OpportunityFactory)
    contact = factory.SubFactory(
        ContactFactory, customer=factory.SelfAttribute("..opportunity.customer")
    )
    role = factory.SelfAttribute("contact.buying_role")


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = "opportunities.Activity"

    customer = factory.SubFactory(CustomerFactory)
    kind = "call"
    summary = "Talked about the requirements"
    logged_by = factory.SelfAttribute("customer.owner")


class ContractFactory(DjangoModelFactory):
    """A draft contract; pass status="signed" etc. for a later one."""

    class Meta:
        model = "contracts.Contract"

    number = factory.Sequence(lambda n: f"HT-TEST-{n:05d}")
    title = factory.Sequence(lambda n: f"Contract {n}")
    owner = factory.SubFactory(UserFactory)
    customer = factory.SubFactory(
        CustomerFactory, owner=factory.SelfAttribute("..owner")
    )
    amount = 100000


class InstallmentFactory(DjangoModelFactory):
    class Meta:
        model = "payments.Installment"

    contract = factory.SubFactory(ContractFactory)
    due_date = factory.Faker("date_this_year")
    amount = 50000


class PaymentFactory(DjangoModelFactory):
    """A payment row as stored; use payments.services.payment_record to check rules."""

    class Meta:
        model = "payments.Payment"
        skip_postgeneration_save = True

    contract = factory.SubFactory(ContractFactory, status="signed")
    received_on = factory.Faker("date_this_year", after_today=False)
    amount = 10000
    method = "bank_transfer"
    recorded_by = factory.SelfAttribute("contract.owner")

    @factory.post_generation
    def totals(payment, create, extracted, **kwargs):
        # As the services do after every payment: the contract's stored total.
        if create:
            _refresh_totals(payment.contract)


class InvoiceFactory(DjangoModelFactory):
    class Meta:
        model = "payments.Invoice"
        skip_postgeneration_save = True

    contract = factory.SubFactory(ContractFactory, status="signed")
    number = factory.Sequence(lambda n: f"{44000000 + n:08d}")
    kind = "vat_special"
    amount = 10000
    issued_on = factory.Faker("date_this_year", after_today=False)
    issued_by = factory.SelfAttribute("contract.owner")

    @factory.post_generation
    def totals(invoice, create, extracted, **kwargs):
        if create:
            _refresh_totals(invoice.contract)


def _refresh_totals(contract) -> None:
    from payments.services import contract_totals_refresh

    contract_totals_refresh(contract=contract)


class NotificationFactory(DjangoModelFactory):
    """A next-contact reminder; pass `record` (a deal, customer or lead)."""

    class Meta:
        model = "users.Notification"
        exclude = ["record"]

    recipient = factory.SubFactory(UserFactory)
    kind = "contact_due"
    record = None
    params = factory.LazyAttribute(
        lambda o: {
            "record": "opportunities.opportunity",
            "name": str(o.record) if o.record else "Project",
            "due_at": "2026-06-17T10:00:00+08:00",
        }
    )
    content_type = factory.LazyAttribute(
        lambda o: ContentType.objects.get_for_model(o.record) if o.record else None
    )
    object_id = factory.LazyAttribute(lambda o: o.record.pk if o.record else None)
