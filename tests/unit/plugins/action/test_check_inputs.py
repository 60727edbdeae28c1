"""The check_inputs action run by a real ansible-playbook: every problem listed, nothing when fine, in check mode too."""
import pytest

PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Check
      dataeng.airflow_lab.check_inputs:
        subject: demo role input
        problems:
          - "{{ 'demo_size must be a quantity, got ' ~ demo_size if demo_size is not match('^[0-9]+Gi$') else '' }}"
          - "{{ ['demo_items[0] needs a name'] if demo_bad_items else [] }}"
"""


@pytest.mark.parametrize("check_mode", [[], ["--check"]])
def test_every_problem_is_listed_before_any_change(tmp_path, play, check_mode):
    rc, (result,) = play(tmp_path, PLAY, {"demo_size": "1GB", "demo_bad_items": True}, *check_mode)
    assert rc == 2
    assert result["msg"] == "demo role input: 2 problem(s):\n- demo_size must be a quantity, got 1GB\n- demo_items[0] needs a name"
    assert result["problems"] == ["demo_size must be a quantity, got 1GB", "demo_items[0] needs a name"]


def test_fine_inputs_pass_unchanged(tmp_path, play):
    rc, (result,) = play(tmp_path, PLAY, {"demo_size": "1Gi", "demo_bad_items": False})
    assert rc == 0
    assert result["changed"] is False and result["problems"] == []


COLLECT_PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: First role
      dataeng.airflow_lab.check_inputs:
        subject: one role input
        problems: ["one_x is wrong", ""]
        collect: true
    - name: Second role, twice (a dependency may run again)
      dataeng.airflow_lab.check_inputs:
        subject: two role input
        problems: ["two_y is wrong"]
        collect: true
      loop: [1, 2]
    - name: Everything at once
      dataeng.airflow_lab.check_inputs:
        subject: The settings of this run
        problems: "{{ __lab_input_problems | default([]) }}"
"""


def test_collected_problems_are_listed_together_once(tmp_path, play):
    rc, tasks = play(tmp_path, COLLECT_PLAY)
    assert rc == 2
    assert not tasks[0].get("failed") and not tasks[1].get("failed")
    assert tasks[2]["msg"] == ("The settings of this run: 2 problem(s):\n- one role input: one_x is wrong\n"
                               "- two role input: two_y is wrong")
