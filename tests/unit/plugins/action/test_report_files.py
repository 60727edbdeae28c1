"""The report_files action run by a real ansible-playbook: it writes, leaves the same content alone, and writes
nothing in check mode."""
import os

PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Write
      dataeng.airflow_lab.report_files:
        dir: "{{ out }}"
        files:
          - {name: a.html, content: "{{ text }}"}
          - {name: b.json, content: "{}"}
"""


def run(play, tmp_path, out, text, *args):
    rc, (result,) = play(tmp_path, PLAY, {"out": out, "text": text}, *args)
    return rc, result


def test_writes_then_leaves_the_same_alone_and_check_mode_writes_nothing(tmp_path, play):
    out = tmp_path / "status" / "page"
    rc, result = run(play, tmp_path, str(out), "<p>1 & 2</p>", "--check")
    assert (rc, result["changed"], result["written"], out.exists()) == (0, True, ["a.html", "b.json"], False)
    rc, result = run(play, tmp_path, str(out), "<p>1 & 2</p>")
    assert (rc, result["changed"], result["written"]) == (0, True, ["a.html", "b.json"])
    assert (out / "a.html").read_text() == "<p>1 & 2</p>" and (out / "b.json").read_text() == "{}"
    assert oct(os.stat(out).st_mode & 0o777) == "0o755"
    rc, result = run(play, tmp_path, str(out), "<p>1 & 2</p>")
    assert (rc, result["changed"], result["written"]) == (0, False, [])
    rc, result = run(play, tmp_path, str(out), "<p>3</p>", "--diff")
    assert (rc, result["written"]) == (0, ["a.html"])
    assert result["diff"] == [{"before_header": str(out / "a.html"), "after_header": str(out / "a.html"),
                               "before": "<p>1 & 2</p>", "after": "<p>3</p>"}]


def test_a_name_with_a_folder_is_refused_before_anything_is_written(tmp_path, play):
    rc, (result,) = play(tmp_path, PLAY.replace("a.html", "../a.html"), {"out": str(tmp_path / "o"), "text": "x"})
    assert rc == 2
    assert result["msg"] == "report_files: files[0].name must be a file name without a folder, got '../a.html'"
    assert not (tmp_path / "o").exists()
