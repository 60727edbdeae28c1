"""Every role has a page under docs/roles/ that names every option of its argument specs (tests/harness/role_pages.py)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "tests", "harness"))
import role_pages  # noqa: E402  pylint: disable=wrong-import-position

ROLES = role_pages.roles()


def test_there_are_roles():
    assert "airflow" in ROLES


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_a_page_with_its_sections(role):
    path = role_pages.page_path(role)
    assert os.path.isfile(path), f"docs/roles/{role}.md is missing"
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    missing = [section for section in role_pages.SECTIONS if section not in text]
    assert not missing, f"docs/roles/{role}.md lacks {missing}"


@pytest.mark.parametrize("role", ROLES)
def test_every_option_is_on_the_page_as_the_spec_says(role):
    with open(role_pages.page_path(role), encoding="utf-8") as handle:
        text = handle.read()
    assert role_pages.render(role, text) == text, (
        f"docs/roles/{role}.md: its variables table differs from meta/argument_specs.yml; "
        "run python3 tests/harness/role_pages.py --write")


@pytest.mark.parametrize("role", ROLES)
def test_the_index_links_the_page(role):
    with open(os.path.join(role_pages.ROOT, "docs", "README.md"), encoding="utf-8") as handle:
        assert f"(roles/{role}.md)" in handle.read()
