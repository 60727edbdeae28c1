"""The lab folder (lab_dir) refused before any change when the lab must not take it: the rules the issue sets (not
/, not a home or a folder holding one, not a git checkout or a folder inside one, not the controller's project or
virtualenv), each with a folder the lab may take next to it."""
import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._checks import lab_folder_problems

NAMES = ["dags", "logs", "data", "objects"]
FREE = {"exists": False, "link": False, "checkouts": [], "nested_checkouts": [], "homes": []}


def problems(folder, found=None, controller=None):
    return lab_folder_problems({"folder": folder, "names": NAMES, "controller": controller or [], "found": found})


def test_a_folder_of_its_own_is_taken():
    assert problems("/home/student/airflow-lab-data", FREE) == []
    assert problems("/srv/lab", dict(FREE, exists=True, nested_checkouts=["dags"])) == []


@pytest.mark.parametrize("folder, words", [
    ("airflow-lab", ["lab_dir must be an absolute path", "'airflow-lab'"]),
    ("/", ["lab_dir must not be /"]),
    ("/home/student/lab/", ["plain absolute path", "'/home/student/lab'"]),
    ("/home//lab", ["plain absolute path", "'/home/lab'"]),
    ("/home/student/../lab", ["plain absolute path"]),
    ("//srv/lab", ["plain absolute path"]),
])
def test_shapes_refused_without_the_host(folder, words):
    found = problems(folder)
    assert len(found) == 1
    for word in words:
        assert word in found[0]


@pytest.mark.parametrize("found, words", [
    (dict(FREE, exists=True, link=True), ["is a symbolic link"]),
    (dict(FREE, exists=True, checkouts=["/home/student/airflow-lab"]),
     ["git checkout (/home/student/airflow-lab)", "lab_dir: /home/<lab user>/airflow-lab-data"]),
    (dict(FREE, exists=True, nested_checkouts=["airflow-lab"]), ["git checkout (/home/student/x/airflow-lab)"]),
    (dict(FREE, exists=True, homes=["/home/student/x"]), ["home folder (/home/student/x)"]),
])
def test_what_the_host_has_refused(found, words):
    message = problems("/home/student/x", found)
    assert len(message) == 1 and message[0].startswith("lab_dir '/home/student/x' ")
    for word in words:
        assert word in message[0]


def test_a_checkout_in_a_lab_folder_is_the_students_own():
    # A student may clone the DAGs' repository as dags/: that is the lab's folder, not a checkout around the lab.
    assert problems("/home/student/x", dict(FREE, exists=True, nested_checkouts=["dags", "logs"])) == []
    assert len(problems("/home/student/x", dict(FREE, exists=True, nested_checkouts=["dags", "course"]))) == 1


@pytest.mark.parametrize("folder", ["/home/student/airflow-lab", "/home/student/airflow-lab/lab", "/home/student"])
def test_the_controllers_project_and_virtualenv(folder):
    controller = ["/home/student/airflow-lab", "/home/student/airflow-lab/.venv"]
    message = problems(folder, None, controller)
    assert message and all("controller's project or virtualenv" in line for line in message)
    assert problems("/home/student/airflow-lab-data", None, controller) == []


def test_every_problem_at_once():
    found = dict(FREE, exists=True, link=True, checkouts=["/srv"], homes=["/srv/home/a", "/srv/home/b"])
    message = problems("/srv", found, ["/srv/project"])
    assert len(message) == 4
    assert "home folder (/srv/home/a, /srv/home/b)" in message[3]
