"""Every role's defaults/main.yml is its API, and meta/argument_specs.yml must mirror it."""
import os

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
ROLES_DIR = os.path.join(ROOT, "roles")
ROLES = sorted(d for d in os.listdir(ROLES_DIR) if os.path.isdir(os.path.join(ROLES_DIR, d)))


def _load(role, *parts):
    path = os.path.join(ROLES_DIR, role, *parts)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def test_there_are_roles():
    assert "preflight" in ROLES


@pytest.mark.parametrize("role", ROLES)
def test_argument_specs_mirror_defaults(role):
    defaults = _load(role, "defaults", "main.yml") or {}
    specs = _load(role, "meta", "argument_specs.yml")
    assert specs is not None, f"roles/{role}/meta/argument_specs.yml is missing"
    options = specs["argument_specs"]["main"].get("options", {})
    assert sorted(defaults) == sorted(options), (
        f"roles/{role}: only in defaults: {sorted(set(defaults) - set(options))}; "
        f"only in argument_specs: {sorted(set(options) - set(defaults))}"
    )


@pytest.mark.parametrize("role", ROLES)
def test_public_variables_carry_the_role_prefix(role):
    defaults = _load(role, "defaults", "main.yml") or {}
    bad = [name for name in defaults if not name.startswith(role + "_")]
    assert not bad, f"roles/{role}/defaults/main.yml: not prefixed with {role}_: {bad}"


@pytest.mark.parametrize("role", ROLES)
def test_every_option_is_described(role):
    """Literal defaults agree with defaults/main.yml in test_ansible_doc_shows_every_known_default (every entry point)."""
    options = _load(role, "meta", "argument_specs.yml")["argument_specs"]["main"].get("options", {})
    for name, spec in options.items():
        assert spec.get("description"), f"roles/{role}: {name} has no description"
        assert spec.get("type"), f"roles/{role}: {name} has no type"


@pytest.mark.parametrize("role", ROLES)
def test_every_entry_point_mirrors_the_defaults_too(role):
    defaults = _load(role, "defaults", "main.yml") or {}
    for entry, spec in _load(role, "meta", "argument_specs.yml")["argument_specs"].items():
        options = (spec or {}).get("options", {})
        assert sorted(defaults) == sorted(options), (
            f"roles/{role} entry point {entry}: only in defaults: {sorted(set(defaults) - set(options))}; "
            f"only in its options: {sorted(set(options) - set(defaults))}"
        )


def _templated(value):
    """A default that Jinja computes (anywhere inside it): no literal to show."""
    if isinstance(value, str):
        return "{{" in value
    if isinstance(value, dict):
        return any(_templated(v) for v in value.values())
    if isinstance(value, list):
        return any(_templated(v) for v in value)
    return False


@pytest.mark.parametrize("role", ROLES)
def test_ansible_doc_shows_every_known_default(role):
    """ansible-doc -t role prints default: null for an option without one: a literal default must be in every entry
    point's spec, and a computed one must be described (how it is derived)."""
    defaults = _load(role, "defaults", "main.yml") or {}
    for entry, spec in _load(role, "meta", "argument_specs.yml")["argument_specs"].items():
        for name, option in (spec or {}).get("options", {}).items():
            value = defaults.get(name)
            if _templated(value):
                description = option.get("description")
                text = " ".join(description) if isinstance(description, list) else str(description)
                assert "default" in text.lower(), f"roles/{role} {entry}: {name} is computed; say how in its description"
            else:
                assert "default" in option and option["default"] == value, (
                    f"roles/{role} {entry}: {name} needs default: {value!r} in its spec (ansible-doc shows null)")
