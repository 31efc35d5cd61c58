"""Leads of the personas, and helpers shared by the lead page tests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import LeadFactory


@pytest.fixture
def alices_lead(alice):
    return LeadFactory(
        owner=alice,
        company_name="杭州甲乙科技有限公司",
        contact_name="王芳",
        phone="13900001111",
        email="wang@jiayi.example.cn",
    )


@pytest.fixture
def olivias_lead(olivia):
    return LeadFactory(owner=olivia, company_name="北方丙丁有限公司")


@pytest.fixture
def pool_lead(db):
    return LeadFactory(owner=None, company_name="无主线索有限公司")


def lead_data(**overrides) -> dict:
    """POST data for the lead form."""
    data = {
        "company_name": "苏州新线索有限公司",
        "contact_name": "李雷",
        "title": "IT 经理",
        "phone": "13812345678",
        "email": "lilei@xin.example.cn",
        "source": "website",
        "industry": "manufacturing",
        "region": "jiangsu",
        "notes": "",
        "owner": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
