"""report_files' logic: argument checks, what to write, and writing without following a link."""
import os

import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._report_files import (
    file_problems, read_current, to_write, write_atomically)

GOOD = [{"name": "status.html", "content": "<p>ok</p>"}, {"name": "status.json", "content": "{}\n"}]


def test_good_arguments_have_no_problem():
    assert file_problems("/root/.airflow-lab/status", GOOD) == []


@pytest.mark.parametrize("folder", ["status", "", None, "~/status"])
def test_the_folder_must_be_absolute(folder):
    assert file_problems(folder, GOOD) == ["dir must be an absolute path on the controller, got {0!r}".format(folder)]


@pytest.mark.parametrize("name", ["../passwd", "a/b", "/etc/passwd", "..", ".", "", ".hidden", "a\nb", 7])
def test_a_name_with_a_folder_or_no_name_is_refused(name):
    assert file_problems("/r", [{"name": name, "content": "x"}]) == [
        "files[0].name must be a file name without a folder, got {0!r}".format(name)]


def test_each_file_needs_text_its_own_name_and_nothing_else():
    assert file_problems("/r", []) == ["files must list the files to write, each with a name and its content"]
    assert file_problems("/r", [{"name": "a", "content": 1}]) == ["files[0].content must be text"]
    assert file_problems("/r", [{"name": "a"}]) == ["files[0] must have a name and a content, and nothing else"]
    assert file_problems("/r", [{"name": "a", "content": "", "mode": "0777"}]) == [
        "files[0] must have a name and a content, and nothing else"]
    assert file_problems("/r", [{"name": "a", "content": ""}, {"name": "a", "content": "x"}]) == [
        "each file of files needs its own name, got a, a"]


def test_only_what_differs_is_written():
    assert to_write(GOOD, {"status.html": "<p>ok</p>", "status.json": None}) == ["status.json"]
    assert to_write(GOOD, {"status.html": "<p>old</p>", "status.json": "{}\n"}) == ["status.html"]
    assert to_write(GOOD, {"status.html": "<p>ok</p>", "status.json": "{}\n"}) == []
    assert to_write([{"name": "e", "content": ""}], {"e": None}) == ["e"]


def test_a_planted_link_is_replaced_not_followed(tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("precious")
    (tmp_path / "status.html").symlink_to(target)
    assert read_current(str(tmp_path), "status.html") is None
    write_atomically(str(tmp_path), "status.html", "<p>ok</p>", 0o644)
    assert target.read_text() == "precious"
    assert not os.path.islink(tmp_path / "status.html")
    assert (tmp_path / "status.html").read_text() == "<p>ok</p>"
    assert oct(os.stat(tmp_path / "status.html").st_mode & 0o777) == "0o644"
    assert sorted(os.listdir(tmp_path)) == ["elsewhere", "status.html"]


def test_text_is_read_back_as_written(tmp_path):
    write_atomically(str(tmp_path), "s.json", "é\n", 0o600)
    assert read_current(str(tmp_path), "s.json") == "é\n"
    assert read_current(str(tmp_path), "missing") is None
