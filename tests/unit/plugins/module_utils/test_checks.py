"""User inputs checked against the rules of the program that reads them (pg_hba.conf, Airflow pools)."""
import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import (
    collect_problems, hba_rule_problems, hba_source_problem, pool_problems, problems_message)


@pytest.mark.parametrize("source", ["all", "samehost", "samenet", "192.168.49.0/24", "10.1.2.3/32", "0.0.0.0/0",
                                    "fd00::/64", "::1/128", "pc1.lab.example", ".lab.example", "localhost", "db-1"])
def test_pg_hba_sources_postgresql_accepts(source):
    assert hba_source_problem(source) == ""


@pytest.mark.parametrize("source, reason", [
    ("192.168.49.0/33", "impossible prefix length (0-32 for IPv4)"),
    ("fd00::/129", "impossible prefix length (0-128 for IPv6)"),
    ("10.0.0.1", "without a prefix length"),
    ("10.0.0/24", "not an address with a prefix length"),
    ("lab network", "neither a network"),
    ("-bad.example", "neither a network"),
    ("999.1.1.1", "neither a network"),
    ("samenet,all", "neither a network"),
    ("", "no source"),
    (None, "no source"),
])
def test_pg_hba_sources_postgresql_refuses(source, reason):
    assert reason in hba_source_problem(source)


def test_each_bad_rule_is_named_by_index_with_the_accepted_forms():
    rules = [
        {"contype": "host", "databases": "all", "users": "all", "source": "192.168.1.0/24", "method": "scram-sha-256"},
        {"contype": "host", "databases": "airflow_db", "users": "airflow_user", "source": "lab network"},
        {"contype": "hots", "databases": "", "users": "all", "method": "scram"},
        {"contype": "local", "databases": "all", "users": "postgres", "method": "peer"},
        "host all all 0.0.0.0/0 trust",
    ]
    problems = hba_rule_problems(rules)
    assert problems[0].startswith("postgresql_hba_extra_rules[1].source: 'lab network' is neither")
    assert "a network in CIDR form" in problems[0]
    assert [p.split(" ", 1)[0] for p in problems[1:]] == [
        "postgresql_hba_extra_rules[2].contype", "postgresql_hba_extra_rules[2].databases",
        "postgresql_hba_extra_rules[2].method", "postgresql_hba_extra_rules[4]"]
    assert hba_rule_problems(rules[:1] + rules[3:4]) == []
    assert hba_rule_problems("all") == ["postgresql_hba_extra_rules must be a list of rules, got str"]


def test_pools_follow_airflows_rules():
    assert pool_problems([{"name": "api", "slots": 2}, {"name": "free", "slots": -1}, {"name": "off", "slots": "0"}]) == []
    problems = pool_problems([{"name": "api", "slots": -2}, {"name": "api", "slots": 1}, {"name": "", "slots": "two"},
                              {"name": "x", "slots": 1.5}, {"name": "y", "slots": True}], "airflow_pools")
    assert problems == [
        "airflow_pools[0].slots must be 0 or more, or -1 for unlimited (Airflow's rule), got -2",
        "airflow_pools[1].name 'api' is given twice",
        "airflow_pools[2].name must be a non-empty name of at most 256 characters, got ''",
        "airflow_pools[2].slots must be a whole number (-1 for unlimited), got 'two'",
        "airflow_pools[3].slots must be a whole number (-1 for unlimited), got 1.5",
        "airflow_pools[4].slots must be a whole number (-1 for unlimited), got True",
    ]


def test_each_bad_volume_item_is_named():
    from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import volume_item_problems
    good = [{"volume": "airflow-dags-volume", "claim": "airflow-dags-claim", "path": "/data/dags"}]
    assert volume_item_problems(good) == []
    problems = volume_item_problems(good + [{"volume": "airflow-dags-volume", "claim": "Data_Claim", "path": "data"}])
    assert problems == [
        "volumes_items[1].volume 'airflow-dags-volume' is used by another item: each needs its own",
        "volumes_items[1].claim must be a Kubernetes name (lower-case letters, digits, - and .), got 'Data_Claim'",
        "volumes_items[1].path must be an absolute folder inside the node (such as /data/dags), got 'data'",
    ]


def test_mounts_one_bind_mount_cannot_give_are_named():
    from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import bind_mount_problems
    lab = "/home/student/airflow-lab"
    good = [{"src": lab + "/dags", "dest": "/data/dags"}, {"src": lab + "/logs/", "dest": "/data/logs"}]
    assert bind_mount_problems({"folder": lab, "mounts": good}) == []
    assert bind_mount_problems({"folder": lab + "/", "mounts": []}) == []
    problems = bind_mount_problems({"folder": lab, "mounts": good + [{"src": "/srv/data", "dest": "/data/data"}]})
    assert len(problems) == 1 and "minikube_mounts[2]" in problems[0] and "/srv/data -> /data/data" in problems[0]
    problems = bind_mount_problems({"folder": lab, "mounts": [{"src": lab + "/dags", "dest": "/data/dags"},
                                                              {"src": lab + "/logs", "dest": "/var/logs"}]})
    assert "one node folder" in problems[0] and "/data, /var" in problems[0]
    renamed = bind_mount_problems({"folder": lab, "mounts": [{"src": lab + "/dags", "dest": "/data/airflow-dags"}]})
    assert "same name" in renamed[0]
    assert "9p" in bind_mount_problems({"folder": lab, "mounts": [{"src": lab + "/dags", "dest": "/dags"}]})[0]


def test_a_lab_folder_minikube_cannot_read_in_a_mount_string_is_named():
    from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import bind_mount_problems
    lab = "/home/student/lab:2026"
    problems = bind_mount_problems({"folder": lab, "mounts": [{"src": lab + "/dags", "dest": "/data/dags"}]})
    assert len(problems) == 1 and "must not contain ':'" in problems[0] and "HOST:NODE" in problems[0]
    # Spaces and quotes are fine: the unit quotes the argument, and minikube splits on ':' only.
    spaced = "/home/student/my lab's"
    assert bind_mount_problems({"folder": spaced, "mounts": [{"src": spaced + "/dags", "dest": "/data/dags"}]}) == []


def test_collect_problems_keeps_each_message_once_and_flattens_lists():
    assert collect_problems(["", "a is wrong", None, ["b is wrong", "a is wrong"], "  ", False]) == ["a is wrong", "b is wrong"]


def test_collect_problems_refuses_a_bare_condition():
    with pytest.raises(ValueError, match="not true"):
        collect_problems([True])


def test_problems_message_lists_one_problem_a_line():
    assert problems_message("redis role input", ["x", "y"]) == "redis role input: 2 problem(s):\n- x\n- y"
    assert problems_message("lab", ["x"]) == "lab: 1 problem(s):\n- x"


@pytest.mark.parametrize("url", ["http://proxy.school.example:3128", "https://10.0.0.1:8080/", "http://[fd00::1]:3128",
                                 "http://lab:p%40ss%3Aw%25rd@127.0.0.1:8888", "http://proxy"])
def test_proxy_urls_a_proxy_client_reads(url):
    from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import proxy_problems
    assert proxy_problems({"http": url, "https": url, "no_proxy": ".school.example,10.0.0.0/8,localhost"}) == []


@pytest.mark.parametrize("url, why", [
    ("proxy:3128", "must be http://host:port"),
    ("socks5://proxy:1080", "must be http://host:port"),
    ("http://proxy:99999", "port that is not 1 to 65535"),
    ("http://proxy:0", "port that is not 1 to 65535"),
    ("http://lab:p@ss@proxy:3128", "unencoded @"),
    ("http://lab:100%@proxy:3128", "does not start a percent-encoded byte"),
    ('http://lab:pa"ss@proxy:3128', "cannot carry unencoded"),
    ("http://lab:pa ss@proxy:3128", "cannot carry unencoded"),
    ("http://-bad-.example:3128", "no valid host"),
    ("http://proxy:3128/path", "must be http://host:port"),
    ("http://lab:pa%20ss@proxy:3128", "whitespace separates"),
    ("http://la%09b:pass@proxy:3128", "whitespace separates"),
])
def test_proxy_urls_refused_name_the_key_and_hide_the_value(url, why):
    from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import proxy_problems
    problems = proxy_problems({"https": url})
    assert len(problems) == 1 and problems[0].startswith("lab_proxy.https ") and why in problems[0]
    # The value may hold a password: the message gives its length, never the value.
    assert url not in problems[0]


def test_proxy_setting_shape_and_no_proxy_entries():
    from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import proxy_problems
    assert proxy_problems("http://proxy:3128") == ["lab_proxy must be a dict with http, https and no_proxy, got str"]
    problems = proxy_problems({"htp": "x", "no_proxy": "localhost, bad host,\"q\""})
    assert problems[0] == "lab_proxy has an unknown key 'htp' (known: http, https, no_proxy)"
    assert "are not a host" in problems[1] and "' bad host'" in problems[1] and "'\"q\"'" in problems[1]


def test_proxy_parts_named_by_their_own_variables():
    from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import proxy_problems
    problems = proxy_problems({"http": "proxy:1", "https": "", "no_proxy": "a b"}, "docker_{key}_proxy")
    assert problems[0].startswith("docker_http_proxy must be") and problems[1].startswith("docker_no_proxy: is not")


@pytest.mark.parametrize("value, words", [
    ({"postgresql_airflow_database": "airflow_db", "postgresql_airflow_user": "airflow_user",
      "postgresql_extra_databases": [{"name": "reports", "owner": "analyst"}], "postgresql_extra_users": [{"name": "analyst"}]},
     []),
    ({"postgresql_airflow_database": "Airflow-DB"}, ["postgresql_airflow_database must be 1 to 63 lower-case", "'Airflow-DB'"]),
    ({"postgresql_airflow_database": "a" * 64}, ["postgresql_airflow_database must be 1 to 63"]),
    ({"postgresql_airflow_database": "all"}, ["postgresql_airflow_database must not be 'all', a keyword of pg_hba.conf"]),
    ({"postgresql_airflow_user": "pg_lab"}, ["postgresql_airflow_user must not be public or start with pg_"]),
    ({"postgresql_extra_users": [{"name": "ok"}, {"name": "o'brien"}]}, ["postgresql_extra_users[1].name must be"]),
    ({"postgresql_extra_databases": [{"name": ""}]}, ["postgresql_extra_databases[0].name must be a name"]),
])
def test_postgresql_names_as_postgresql_takes_them_unquoted(value, words):
    from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import pg_name_problems
    found = pg_name_problems(value)
    assert len(found) == (1 if words else 0)
    for word in words:
        assert word in found[0]


@pytest.mark.parametrize("addresses, bad", [
    (["127.0.0.1", "192.168.49.1", "::1", "-::1", "*", "::*", "fd00::99"], []),
    (["127.0.0.1", "localhost"], [1]),
    (["10.0.0.256"], [0]),
    (["127.0.0.1 192.168.49.1"], [0]),
])
def test_listen_addresses_as_redis_binds_them(addresses, bad):
    from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import listen_address_problems
    found = listen_address_problems(addresses)
    assert [int(message.split("[")[1].split("]")[0]) for message in found] == bad
    assert listen_address_problems([]) == ["redis_bind must be a list of one or more addresses, got []"]
