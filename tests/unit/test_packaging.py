"""The execution environment and the collection's declared controller needs match what the code needs."""
import ast
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Import names of the controller's third-party packages, and the distributions that provide them.
DISTRIBUTIONS = {"yaml": "pyyaml", "jinja2": "jinja2"}
# What ansible-core itself brings (its own requirements): never listed again.
CORE = {"ansible", "ansible_collections"}


def _load(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _imports(path):
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def _controller_code():
    """The plugins that run on the controller (action, filter, lookup, callback) and the module_utils they use."""
    files = []
    for kind in ("action", "filter", "lookup", "callback"):
        folder = os.path.join(ROOT, "plugins", kind)
        files += [os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".py")] if os.path.isdir(folder) else []
    utils = set()
    for path in files:
        with open(path, encoding="utf-8") as handle:
            utils.update(re.findall(r"airflow_lab\.plugins\.module_utils\.(\w+)", handle.read()))
    return files + [os.path.join(ROOT, "plugins", "module_utils", name + ".py") for name in sorted(utils)]


def _requirements():
    with open(os.path.join(ROOT, "requirements.txt"), encoding="utf-8") as handle:
        lines = [line.split("#")[0].strip() for line in handle]
    return {re.split(r"[<>=!~ \[]", line)[0].lower() for line in lines if line}


def test_requirements_txt_lists_every_third_party_import_of_the_controller_code():
    needed = set()
    for path in _controller_code():
        third_party = _imports(path) - set(sys.stdlib_module_names) - CORE - {"__future__"}
        needed.update(DISTRIBUTIONS.get(name, name).lower() for name in third_party)
    assert needed, "no controller code found"
    assert needed <= _requirements(), f"requirements.txt lacks {sorted(needed - _requirements())}"


def test_bindep_names_the_ssh_client_and_tar_for_both_families():
    with open(os.path.join(ROOT, "bindep.txt"), encoding="utf-8") as handle:
        entries = [line.split("#")[0].strip() for line in handle if line.split("#")[0].strip()]
    assert "openssh-clients [platform:rpm]" in entries and "openssh-client [platform:dpkg]" in entries
    assert any(entry.startswith("tar ") for entry in entries) and any(entry.startswith("gzip ") for entry in entries)


def test_the_collection_declares_its_needs_for_ansible_builder():
    meta = _load("meta", "execution-environment.yml")
    assert meta["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}
    ee = _load("execution-environment.yml")
    assert ee["dependencies"]["python"] == "requirements.txt" and ee["dependencies"]["system"] == "bindep.txt"


def test_the_execution_environment_is_a_tested_controller_set():
    ee = _load("execution-environment.yml")
    with open(os.path.join(ROOT, "requirements", "controller-3.12.txt"), encoding="utf-8") as handle:
        pins = dict(line.strip().split("==") for line in handle if "==" in line)
    assert ee["dependencies"]["ansible_core"]["package_pip"] == "ansible-core==" + pins["ansible-core"]
    assert ee["dependencies"]["python_interpreter"]["python_path"].endswith("python3.12")
    galaxy = _load(ee["dependencies"]["galaxy"])["collections"]
    dependencies = _load("galaxy.yml")["dependencies"]
    assert {c["name"]: c["version"] for c in galaxy} == dependencies


def test_galaxy_metadata_is_complete_and_the_license_is_there():
    galaxy = _load("galaxy.yml")
    for field in ("repository", "documentation", "homepage", "issues"):
        assert re.match(r"^https://", galaxy.get(field) or ""), f"galaxy.yml: {field} is missing"
        assert "example" not in galaxy[field], f"galaxy.yml: {field} is a placeholder"
    with open(os.path.join(ROOT, "LICENSE"), encoding="utf-8") as handle:
        assert "GNU GENERAL PUBLIC LICENSE" in handle.read(2000) and galaxy["license"] == ["GPL-3.0-or-later"]
