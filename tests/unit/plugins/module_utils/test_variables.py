"""Misspelled settings are found, with the nearest declared name; other variables are left alone."""
import os

import yaml

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._variables import (
    declared_options, describe, role_options, spec_problems, unknown_variables)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
ROLES = os.path.join(ROOT, "roles")
SPECS = {role: yaml.safe_load(open(os.path.join(ROLES, role, "meta", "argument_specs.yml"), encoding="utf-8"))
         for role in os.listdir(ROLES)}
PREFIXES = [role + "_" for role in SPECS]


def test_every_entry_point_counts():
    specs = {"a": {"argument_specs": {"main": {"options": {"a_x": {}}}, "other": {"options": {"a_y": {}}}}},
             "b": {"argument_specs": {"main": {}}}}
    assert declared_options(specs) == {"a_x", "a_y"}


def test_typos_are_found_with_the_nearest_setting():
    declared = declared_options(SPECS)
    names = ["airflow_executer", "redis_pasword", "lab_layer", "lab_user", "airflow_executor", "ansible_user",
             "inventory_hostname", "groups", "docker_whatever_else", "spark_operator_job_namspace", "__airflow_values"]
    assert unknown_variables(names, declared, PREFIXES) == [
        ("airflow_executer", "airflow_executor"), ("docker_whatever_else", ""), ("lab_layer", "lab_layers"),
        ("redis_pasword", "redis_password"), ("spark_operator_job_namspace", "spark_operator_job_namespace")]
    assert describe([("airflow_executer", "airflow_executor"), ("docker_x", "")]) == [
        "airflow_executer is not a setting of any dataeng.airflow_lab role; did you mean airflow_executor?",
        "docker_x is not a setting of any dataeng.airflow_lab role"]


def test_the_shipped_inventories_use_declared_settings_only():
    declared = declared_options(SPECS)
    names = []
    for folder, _dirs, files in os.walk(os.path.join(ROOT, "inventories")):
        for name in files:
            if name.endswith(".yml") and os.path.basename(folder) in ("group_vars", "host_vars"):
                names += list(yaml.safe_load(open(os.path.join(folder, name), encoding="utf-8")) or {})
    assert names
    assert unknown_variables(names, declared, PREFIXES) == []


def test_the_values_given_are_checked_against_the_specs_of_the_roles_that_run():
    options = role_options(SPECS, ["lab", "docker", "redis"])
    # Expected words: Ansible's own argument-spec validation (what a role says when it starts).
    assert spec_problems({"docker_install_source": "snap", "redis_port": "abc", "redis_version": "7.4.8",
                          "airflow_executor": "DaskExecutor", "ansible_user": "root"}, options) == [
        "argument 'redis_port' is of type str and we were unable to convert to int: "
        "\"'abc'\" cannot be converted to an int",
        "value of docker_install_source must be one of: repository, distro, got: snap"]
    # airflow_executor belongs to a role that does not run: left to that role.
    assert spec_problems({"airflow_executor": "DaskExecutor"}, options) == []


def test_a_value_given_is_never_missing_and_nested_rules_hold():
    options = {"x_list": {"type": "list", "elements": "dict", "required": True,
                          "options": {"name": {"type": "str", "required": True}}}}
    assert spec_problems({}, options) == []
    assert spec_problems({"x_list": [{"name": "a"}]}, options) == []
    assert spec_problems({"x_list": [{}]}, options) == ["missing required arguments: name found in x_list"]


def test_the_first_role_that_declares_a_name_wins():
    specs = {"a": {"argument_specs": {"main": {"options": {"x": {"type": "int"}}}}},
             "b": {"argument_specs": {"main": {"options": {"x": {"type": "str"}, "y": {}}}}}}
    assert role_options(specs, ["a", "b", "missing"]) == {"x": {"type": "int"}, "y": {}}


def test_the_suggestion_comes_from_the_names_of_the_same_role_first():
    # Names of another prefix sort before and after the role's own and are closer to the typo: the role's own
    # setting is suggested all the same (make mutation found this rule untested).
    declared = ["aredis_port_x", "redis_port", "xredis_port_x"]
    assert unknown_variables(["redis_port_x"], declared, ["redis_"]) == [("redis_port_x", "redis_port")]
    # Without a name of its own prefix, the nearest of all.
    assert unknown_variables(["redis_port_x"], ["aredis_port_x", "lab_dir"], ["redis_"]) == [
        ("redis_port_x", "aredis_port_x")]
