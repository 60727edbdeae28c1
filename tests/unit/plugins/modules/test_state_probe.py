"""The state_probe module run in-process against real files of a temporary folder."""
import hashlib
import json
import os
import pwd

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.dataeng.airflow_lab.plugins.modules import state_probe


def run(capsys, args):
    with patch_module_args(args), pytest.raises(SystemExit):
        state_probe.main()
    return json.loads(capsys.readouterr().out)


def test_files_space_and_accounts(tmp_path, capsys):
    conf = tmp_path / "redis.conf"
    conf.write_text("bind 127.0.0.1\n")
    conf.chmod(0o640)
    me = pwd.getpwuid(os.getuid()).pw_name
    wanted = hashlib.sha1(b"bind 127.0.0.1\n").hexdigest()
    result = run(capsys, {
        "files": [
            {"path": str(conf), "checksum": wanted, "owner": me, "mode": "0640"},
            {"path": str(tmp_path / "gone"), "state": "absent"},
            {"path": str(tmp_path), "state": "directory"},
            {"path": str(tmp_path / "missing.conf"), "checksum": wanted},
        ],
        "accounts": [me, "no-such-account-here"],
        "space": [str(tmp_path), str(tmp_path / "nothing")],
        "_ansible_diff": True,
    })
    assert result["changed"] is False
    assert result["differs"]["files"] == [str(tmp_path / "missing.conf")]
    assert result["reasons"] == [str(tmp_path / "missing.conf") + ": missing"]
    assert result["in_state"] is False
    assert "missing" in result["diff"]["before"]
    assert list(result["ansible_facts"]["getent_passwd"]) == [me]
    assert result["space"][str(tmp_path)]["free_bytes"] > 0
    assert result["space"][str(tmp_path / "nothing")]["exists"] is False


def test_a_changed_file_is_reported(tmp_path, capsys):
    conf = tmp_path / "daemon.json"
    conf.write_text("{}\n")
    conf.chmod(0o600)
    result = run(capsys, {"files": [{"path": str(conf), "checksum": hashlib.sha1(b"{ }\n").hexdigest(), "mode": "0644"}]})
    assert result["differs"]["files"] == [str(conf)]
    assert result["reasons"] == [str(conf) + ": content differs", str(conf) + ": mode is 0600, should be 0644"]


def test_bad_mode_fails_with_the_fix(tmp_path, capsys):
    result = run(capsys, {"files": [{"path": str(tmp_path), "state": "directory", "mode": "rwxr-x---"}]})
    assert result["failed"] is True
    assert "mode must be an octal string such as '0640'" in result["msg"]


def test_line_without_regexp_fails(tmp_path, capsys):
    result = run(capsys, {"files": [{"path": str(tmp_path / "start.conf"), "line": "auto"}]})
    assert result["failed"] is True
    assert "line needs regexp" in result["msg"]


def test_a_required_line_is_read_with_the_checksum(tmp_path, capsys):
    start = tmp_path / "start.conf"
    start.write_text("# how the cluster starts\nmanual\n")
    regexp = r"^\s*(auto|manual|disabled)\s*$"
    checksum = hashlib.sha1(b"# how the cluster starts\nmanual\n").hexdigest()
    result = run(capsys, {"files": [{"path": str(start), "line": "auto", "regexp": regexp, "checksum": checksum}]})
    assert result["reasons"] == [str(start) + ": lacks the line 'auto'"]
    start.write_text("# how the cluster starts\nauto\n")
    result = run(capsys, {"files": [{"path": str(start), "line": "auto", "regexp": regexp}]})
    assert result["in_state"] is True


def test_folders_say_what_the_lab_folder_is(tmp_path, capsys):
    project = tmp_path / "airflow-lab"
    (project / ".git").mkdir(parents=True)
    lab = tmp_path / "lab"
    (lab / "dags" / ".git").mkdir(parents=True)
    (lab / "course" / ".git").mkdir(parents=True)
    (lab / "notes.txt").write_text("mine\n")
    (tmp_path / "link").symlink_to(lab)
    inside = str(project / "lab")
    folders = [str(lab), inside, str(tmp_path / "link"), str(tmp_path / "none"), str(lab) + "/"]
    result = run(capsys, {"folders": folders})
    found = result["folders"]
    assert found[str(lab)] == {"exists": True, "link": False, "checkouts": [], "nested_checkouts": ["course", "dags"],
                               "homes": []}
    assert found[inside] == {"exists": False, "link": False, "checkouts": [str(project)], "nested_checkouts": [],
                             "homes": []}
    assert found[str(tmp_path / "link")]["link"] is True
    assert found[str(tmp_path / "link")]["nested_checkouts"] == []
    assert found[str(tmp_path / "none")]["exists"] is False
    # Keyed by the path as given, read as its normal form.
    assert found[str(lab) + "/"]["nested_checkouts"] == ["course", "dags"]


def test_folders_find_the_homes_they_are_or_hold(capsys):
    me = pwd.getpwuid(os.getuid())
    home = os.path.normpath(me.pw_dir)
    result = run(capsys, {"folders": [home, os.path.dirname(home), os.path.join(home, "airflow-lab-data")]})
    assert home in result["folders"][home]["homes"]
    assert home in result["folders"][os.path.dirname(home)]["homes"]
    assert result["folders"][os.path.join(home, "airflow-lab-data")]["homes"] == []
