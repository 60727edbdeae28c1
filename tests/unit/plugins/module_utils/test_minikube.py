"""Pure decisions of the minikube_mount module."""
import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._minikube import (
    MinikubeError,
    cluster_unit_name,
    mount_method,
    parse_findmnt,
    parse_status,
    plan,
    render_unit,
    same_entries,
    systemd_escape_path,
    unit_name,
)

PARAMS = {"src": "/home/student/airflow-lab/dags", "dest": "/data/dags", "uid": 50000, "gid": 0,
          "profile": "minikube", "user": "student", "minikube_path": "/usr/local/bin/minikube", "cluster_unit": None}


@pytest.mark.parametrize("path,escaped", [
    ("/data/dags", "data-dags"), ("/data//logs/", "data-logs"), ("/", "-"),
    ("/data/my dags", "data-my\\x20dags"), ("/data/a-b", "data-a\\x2db"), ("/.hidden", "\\x2ehidden"),
])
def test_systemd_escape_path_matches_systemd(path, escaped):
    assert systemd_escape_path(path) == escaped


def test_unit_names():
    assert unit_name("minikube", "/data/dags") == "minikube-mount-minikube-data-dags.service"
    assert cluster_unit_name("lab") == "minikube-lab.service"


def test_unit_runs_the_mount_as_the_user_after_the_cluster():
    text = render_unit(PARAMS, "/home/student")
    assert ('\nExecStart="/usr/local/bin/minikube" "mount" "/home/student/airflow-lab/dags:/data/dags" "--uid" "50000" "--gid" "0"'
            ' "-p" "minikube"\n') in text
    assert "\nUser=student\n" in text and '\nEnvironment="HOME=/home/student"\n' in text
    assert "Restart=always" in text
    assert "After=minikube-minikube.service" in text and "PartOf=minikube-minikube.service" in text
    assert "WantedBy=multi-user.target" in text


def test_unit_follows_a_custom_cluster_unit():
    assert "After=lab-cluster.service" in render_unit(dict(PARAMS, cluster_unit="lab-cluster.service"), "/h")


@pytest.mark.parametrize("stdout,rc,expected", [
    ('{"Name":"minikube","Host":"Running","Kubelet":"Running","APIServer":"Running","Kubeconfig":"Configured"}', 0,
     (True, "Running")),
    ('{"Name":"minikube","Host":"Stopped","Kubelet":"Stopped","APIServer":"Stopped"}', 7, (False, "Stopped")),
    ('{"Name":"minikube","Host":"Nonexistent"}', 85, (False, "Nonexistent")),
    ("", 85, (False, "Nonexistent")),
    ("not json", 1, (False, "Unknown")),
    ('[{"Name":"minikube","Host":"Running","APIServer":"Running"}]', 0, (True, "Running")),
    ('{"Name":"minikube","Host":"Running","APIServer":"Stopped"}', 2, (False, "Running")),
])
def test_parse_status(stdout, rc, expected):
    assert parse_status(stdout, rc) == expected


def test_parse_findmnt():
    out = "/data/dags 192.168.49.1 9p\n/data/logs 192.168.49.1 9p\n"
    assert parse_findmnt(out, "/data/logs/") == {"target": "/data/logs", "source": "192.168.49.1", "fstype": "9p",
                                                 "method": "9p"}
    assert parse_findmnt(out, "/data/data") is None
    assert parse_findmnt("", "/data/dags") is None
    # A bind mount of the lab folder: findmnt -T names the parent that holds the path.
    bind = "/data /dev/sda1[/home/student/airflow-lab] ext4\n"
    assert parse_findmnt(bind, "/data/dags") == {"target": "/data", "source": "/dev/sda1[/home/student/airflow-lab]",
                                                 "fstype": "ext4", "method": "bind"}
    assert parse_findmnt(bind, "/database/x") is None  # a prefix of the name is not a parent folder
    assert parse_findmnt("/ overlay overlay\n", "/data/dags") is None  # not mounted: only the node's root holds it


@pytest.mark.parametrize("state,current,wanted,enabled,active,steps", [
    ("present", None, "U", False, False, ["write", "daemon_reload", "enable", "start"]),
    ("present", "U", "U", True, True, []),
    ("present", "U", "U", True, False, ["start"]),
    ("present", "old", "U", True, True, ["write", "daemon_reload", "restart"]),
    ("present", "U", "U", False, True, ["enable"]),
    ("absent", "U", None, True, True, ["stop", "disable", "remove", "daemon_reload"]),
    ("absent", None, None, False, False, []),
    # bind: no unit is wanted; one left from 9p goes, none is written
    ("present", "U", None, True, True, ["stop", "disable", "remove", "daemon_reload"]),
    ("present", None, None, False, False, []),
])
def test_plan(state, current, wanted, enabled, active, steps):
    assert plan(state, current, wanted, enabled, active) == steps


@pytest.mark.parametrize("listing,names,same", [
    ("a.py\nmy dag.py\n.hidden\n", ["my dag.py", "a.py", ".hidden"], True),
    ("", [], True),
    ("a.py\n", ["a.py", "b.py"], False),
    ("a.py\nold.py\n", ["a.py"], False),
    # The probe of a run under way, on either side, does not count.
    ("a.py\n.airflow-lab-mount-probe\n", ["a.py"], True),
    ("a.py\n", ["a.py", ".airflow-lab-mount-probe"], True),
])
def test_same_entries_compares_the_nodes_listing_with_the_hosts(listing, names, same):
    assert same_entries(listing, names, ignore=".airflow-lab-mount-probe") is same


def exec_words(line):
    """ExecStart='s words as systemd.service(5) reads them (written here, apart from the product): words split on
    spaces, a double-quoted word takes C escapes (backslash, quote), $$ is one $ and %% one %."""
    words, word, quoted, index = [], None, False, 0
    while index < len(line):
        char = line[index]
        if quoted:
            if char == "\\":
                index += 1
                word += line[index]
            elif char == '"':
                quoted = False
            else:
                word += char
        elif char == " ":
            if word is not None:
                words.append(word)
            word = None
        elif char == '"':
            quoted, word = True, word or ""
        else:
            word = (word or "") + char
        index += 1
    if word is not None:
        words.append(word)
    return [w.replace("$$", "$").replace("%%", "%") for w in words]


@pytest.mark.parametrize("src", ["/home/student/lab dir/dags", "/home/o'neil/airflow-lab/dags", "/srv/100%/dags",
                                 '/srv/a"b\\c/$HOME/dags'])
def test_a_folder_with_spaces_quotes_and_percent_reaches_minikube_as_it_is(src):
    text = render_unit(dict(PARAMS, src=src), "/home/o'neil %h")
    line = [l for l in text.splitlines() if l.startswith("ExecStart=")][0][len("ExecStart="):]
    assert exec_words(line) == ["/usr/local/bin/minikube", "mount", src + ":/data/dags", "--uid", "50000", "--gid", "0",
                                "-p", "minikube"]
    assert '\nEnvironment="HOME=/home/o\'neil %%h"\n' in text
    assert len(text.splitlines()) == 17


@pytest.mark.parametrize("field,value", [("src", "/srv/dags\nExecStartPre=/bin/sh -c id"), ("dest", "/data/x\rY=1"),
                                         ("user", "student\nUser=root"), ("profile", "p\n[Service]"),
                                         ("cluster_unit", "c.service\nExecStartPre=/tmp/x")])
def test_a_line_break_in_any_value_is_refused(field, value):
    with pytest.raises(MinikubeError, match="line break"):
        render_unit(dict(PARAMS, **{field: value}), "/home/student")


def test_a_line_break_in_the_home_folder_is_refused():
    with pytest.raises(MinikubeError, match="line break"):
        render_unit(PARAMS, "/home/student\nExecStartPre=/bin/true")


# Found by make mutation. Strings are built at run time where the module gets them from outside (parameters, a file,
# a command's output): a comparison by identity (`is`) that literals would pass fails on them.

def fresh(text):
    """text as a new object, as a module parameter or a file's content is."""
    return "".join(list(text))


@pytest.mark.parametrize("path,escaped", [
    # As systemd-escape --path prints them (systemd 252, Debian 12): '~' escaped, '.' kept after the first
    # character, ':' and '_' kept.
    ("/data/a~b/c.d/.e/f_g:h i", "data-a\\x7eb-c.d-.e-f_g:h\\x20i"),
    ("/a.b", "a.b"),
    ("/data/a=b", "data-a\\x3db"),
])
def test_systemd_escape_path_matches_systemd_escape(path, escaped):
    assert systemd_escape_path(path) == escaped


@pytest.mark.parametrize("stdout,rc", [
    # rc says no, whatever the document says
    ('{"Host":"Running","APIServer":"Running"}', 1),
    ('{"Host":"Running","APIServer":"Running"}', -9),
    # rc 0 but a state other than Running
    ('{"Host":"Stopped","APIServer":"Running"}', 0),
    ('{"Host":"Paused","APIServer":"Running"}', 0),
    ('{"Host":"Running","APIServer":"Stopped"}', 0),
    ('{"Host":"Running","APIServer":"Paused"}', 0),
])
def test_the_cluster_runs_only_when_rc_host_and_api_server_all_say_so(stdout, rc):
    assert parse_status(stdout, rc)[0] is False


def test_status_reads_the_last_line_and_the_first_node():
    # minikube prints warnings before the document; with several nodes the document is a list, the first the
    # control plane.
    two = '[{"Host":"Running","APIServer":"Running"},{"Host":"Stopped","APIServer":"Irrelevant"}]'
    assert parse_status("! a warning first\n" + two, 0) == (True, "Running")
    assert parse_status('[{"Host":"Stopped"},{"Host":"Running","APIServer":"Running"}]', 0) == (False, "Stopped")


def test_only_exit_code_85_means_no_cluster():
    assert parse_status("", 86) == (False, "Unknown")
    assert parse_status("", 84) == (False, "Unknown")


def test_findmnt_s_root_line_never_holds_a_mount_even_for_the_root_itself():
    assert parse_findmnt(fresh("/ overlay overlay\n"), "/") is None
    # A line without every column is skipped, not read past its end.
    assert parse_findmnt("/data/dags 9p\n/data/dags 192.168.49.1 9p\n", "/data/dags")["source"] == "192.168.49.1"


def test_mount_method_is_9p_for_9p_only():
    assert mount_method(fresh("9p")) == "9p"
    assert mount_method("0p") == "bind" and mount_method("ext4") == "bind"


@pytest.mark.parametrize("probe", ["a-probe", "z-probe"])
def test_same_entries_ignores_the_probe_whichever_way_its_name_sorts(probe):
    names = [fresh(probe), "m.py"]
    assert same_entries("m.py\n", names, ignore=probe) is True
    assert same_entries("m.py\n{0}\n".format(probe), ["m.py"], ignore=probe) is True
    assert same_entries("a.py\nz.py\n", ["a.py"], ignore=probe) is False
    assert same_entries("a.py\n", ["a.py", "z.py"], ignore=probe) is False
    assert same_entries("a.py\n", ["a.py"]) is True


def test_plan_reads_the_state_and_the_unit_as_the_module_gets_them():
    wanted = "[Unit]\nDescription=x\n"
    assert plan(fresh("present"), fresh(wanted), wanted, True, True) == []
    assert plan(fresh("absent"), "U", "U", True, True) == ["stop", "disable", "remove", "daemon_reload"]
