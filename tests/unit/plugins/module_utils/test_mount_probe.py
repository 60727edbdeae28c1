"""The mount probe that root writes into a folder the pods can write (#40): never through a planted link."""
import errno
import os

import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._minikube import (
    MinikubeError, remove_probe, write_probe)

NAME = ".airflow-lab-mount-probe"


def test_the_probe_is_written_and_removed(tmp_path):
    write_probe(str(tmp_path), NAME, "token")
    assert (tmp_path / NAME).read_text() == "token"
    assert oct(os.lstat(tmp_path / NAME).st_mode & 0o777) in ("0o644", "0o604", "0o600", "0o640")
    remove_probe(str(tmp_path), NAME)
    assert os.listdir(tmp_path) == []
    remove_probe(str(tmp_path), NAME)


def test_a_link_planted_as_the_probe_is_replaced_and_its_target_untouched(tmp_path):
    victim = tmp_path / "shadow"
    victim.write_text("root:x:0:0")
    folder = tmp_path / "dags"
    folder.mkdir()
    (folder / NAME).symlink_to(victim)
    write_probe(str(folder), NAME, "token")
    assert victim.read_text() == "root:x:0:0"
    assert not os.path.islink(folder / NAME) and (folder / NAME).read_text() == "token"
    (folder / NAME).unlink()
    (folder / NAME).symlink_to(victim)
    remove_probe(str(folder), NAME)
    assert victim.exists() and not os.path.lexists(folder / NAME)


def test_a_dangling_link_and_a_stale_probe_are_replaced(tmp_path):
    (tmp_path / NAME).symlink_to(tmp_path / "nowhere")
    write_probe(str(tmp_path), NAME, "a")
    assert not (tmp_path / "nowhere").exists() and (tmp_path / NAME).read_text() == "a"
    write_probe(str(tmp_path), NAME, "b")
    assert (tmp_path / NAME).read_text() == "b"


def test_a_folder_replaced_by_a_link_is_refused(tmp_path):
    target = tmp_path / "etc"
    target.mkdir()
    (tmp_path / "dags").symlink_to(target)
    with pytest.raises(MinikubeError, match="is not a folder"):
        write_probe(str(tmp_path / "dags"), NAME, "token")
    assert os.listdir(target) == []
    remove_probe(str(tmp_path / "dags"), NAME)


def test_a_folder_in_the_probe_s_place_is_refused(tmp_path):
    (tmp_path / NAME).mkdir()
    with pytest.raises(MinikubeError, match="is a folder"):
        write_probe(str(tmp_path), NAME, "token")


# Found by make mutation: the flags each open needs, one at a time.

def test_a_file_in_the_folder_s_place_is_refused(tmp_path):
    # O_DIRECTORY: a file is not a folder to write into.
    (tmp_path / "dags").write_text("not a folder")
    with pytest.raises(MinikubeError, match="is not a folder"):
        write_probe(str(tmp_path / "dags"), NAME, "token")


def _plant_after_unlink(monkeypatch, plant):
    """os.unlink as it is, then something planted in the probe's place: what a pod racing the module can do."""
    real_unlink = os.unlink

    def unlink(name, dir_fd=None):
        try:
            real_unlink(name, dir_fd=dir_fd)
        finally:
            plant()
    monkeypatch.setattr(os, "unlink", unlink)


def test_a_link_planted_between_the_removal_and_the_write_is_not_followed(tmp_path, monkeypatch):
    victim = tmp_path / "shadow"
    victim.write_text("root:x:0:0")
    folder = tmp_path / "dags"
    folder.mkdir()
    _plant_after_unlink(monkeypatch, lambda: (folder / NAME).symlink_to(victim))
    with pytest.raises(OSError):
        write_probe(str(folder), NAME, "token")
    assert victim.read_text() == "root:x:0:0"


def test_a_file_planted_between_the_removal_and_the_write_is_not_written_into(tmp_path, monkeypatch):
    # O_EXCL: the probe is a new file of root's, never one someone else made meanwhile.
    folder = tmp_path / "dags"
    folder.mkdir()
    _plant_after_unlink(monkeypatch, lambda: (folder / NAME).write_text("theirs"))
    with pytest.raises(FileExistsError):
        write_probe(str(folder), NAME, "token")
    assert (folder / NAME).read_text() == "theirs"


@pytest.mark.parametrize("code", [errno.EBUSY, errno.EROFS, errno.EACCES])
def test_any_other_error_of_the_removal_stops_the_write(tmp_path, monkeypatch, code):
    def unlink(name, dir_fd=None):
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr(os, "unlink", unlink)
    with pytest.raises(OSError) as raised:
        write_probe(str(tmp_path), NAME, "token")
    assert raised.value.errno == code
    assert os.listdir(tmp_path) == []
