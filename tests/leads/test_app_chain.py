"""Leads come first after users in the chain: they import no app after them."""

import ast
from pathlib import Path

import leads

LATER_APPS = {"customers", "opportunities", "contracts", "payments", "reports"}


def imported_modules(source: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


def test_leads_imports_no_app_after_it_in_the_chain():
    package = Path(leads.__file__).parent
    offending = {
        f"{source.relative_to(package)}: {module}"
        for source in package.rglob("*.py")
        for module in imported_modules(source)
        if module.split(".")[0] in LATER_APPS
    }
    assert offending == set()


def test_the_check_sees_an_import_of_customers(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text("import os\nfrom customers.models import Customer\n")
    assert imported_modules(source) == {"os", "customers.models"}
