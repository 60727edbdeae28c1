"""Misspelled settings are found, with the nearest declared name; other variables are left alone."""
import os

import yaml

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._variables import (
    declared_options, describe, unknown_variables)

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
