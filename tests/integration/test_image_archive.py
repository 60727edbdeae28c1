"""dataeng.airflow_lab.image_archive against a real registry (Debian's docker-registry on the loopback, serving
stand-in images written by tests/harness/standin_image.py), and the archive loaded by the real Docker."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._registry import (
    ImageError, Registry, archive_record, canonical_name, parse_reference, write_archive)
from ansible_collections.dataeng.airflow_lab.plugins.modules import image_archive

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))
import standin_image  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    binary = os.environ.get("LAB_REGISTRY") or shutil.which("docker-registry") or ""
    if not os.access(binary, os.X_OK):
        pytest.fail("Debian's docker-registry is needed: LAB_REGISTRY names it (tests/harness/registry.sh installs it)")
    root = tmp_path_factory.mktemp("registry")
    digests = {"single": standin_image.write_image(str(root / "data"), "library/lab-standin:1.0"),
               "index": standin_image.write_index(str(root / "data"), "kubeflow/spark-operator:2.5.2")}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (root / "config.yml").write_text("version: 0.1\nstorage: {filesystem: {rootdirectory: %s}}\n"
                                     "http: {addr: '127.0.0.1:%d'}\nlog: {level: error}\n" % (root / "data", port))
    proc = subprocess.Popen([binary, "serve", str(root / "config.yml")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = "http://127.0.0.1:%d" % port
    for _attempt in range(50):
        try:
            urllib.request.urlopen(url + "/v2/", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield {"url": url, "root": root / "data", "digests": digests}
    proc.terminate()
    proc.wait(timeout=10)


class _Module(object):
    def __init__(self, params, check_mode=False, **changes):
        self.check_mode = check_mode
        self.params = dict({"digest": "", "arch": "amd64", "endpoints": {}, "offline": False}, **dict(params, **changes))


def test_references_read_as_docker_reads_them():
    assert parse_reference("apache/airflow:3.2.2") == ("docker.io", "apache/airflow", "3.2.2", "")
    assert parse_reference("redis") == ("docker.io", "library/redis", "latest", "")
    assert parse_reference("quay.io/prometheus/statsd-exporter:v0.28.0")[:2] == ("quay.io", "prometheus/statsd-exporter")
    assert parse_reference("localhost:5000/x/y@sha256:" + "a" * 64) == ("localhost:5000", "x/y", "", "sha256:" + "a" * 64)
    assert canonical_name("docker.io/library/redis:7") == "redis:7"
    assert canonical_name("gcr.io/k8s-minikube/kicbase:v0.0.48@sha256:" + "b" * 64) == "gcr.io/k8s-minikube/kicbase:v0.0.48"
    with pytest.raises(ImageError):
        parse_reference("Not An/Image")


def test_a_fetch_is_verified_then_a_rerun_transfers_nothing(registry, tmp_path):
    params = {"reference": "lab-standin:1.0", "dest_dir": str(tmp_path), "endpoints": {"docker.io": registry["url"]}}
    assert image_archive.run(_Module(params, check_mode=True))["changed"] is True
    assert list(tmp_path.iterdir()) == []  # check mode fetched nothing
    first = image_archive.run(_Module(params))
    assert first["changed"] and first["digest"] == registry["digests"]["single"] and first["bytes"] > 0
    assert archive_record(first["archive"]) == {"name": "lab-standin:1.0", "config": first["config"]}
    again = image_archive.run(_Module(params))
    assert (again["changed"], again["bytes"], again["digest"]) == (False, 0, first["digest"])
    # Offline, the archive in hand is enough; a missing one is an error, never a download.
    assert image_archive.run(_Module(params, offline=True))["changed"] is False
    with pytest.raises(ImageError, match="offline, and .* is missing"):
        image_archive.run(_Module(params, offline=True, reference="lab-standin:2.0"))


def test_a_multi_platform_image_gives_the_hosts_architecture_and_its_pin_holds(registry, tmp_path):
    client = Registry({"docker.io": registry["url"]})
    record = write_archive(client, "kubeflow/spark-operator:2.5.2", "x86_64", str(tmp_path / "a.tar"))
    assert record["digest"] == registry["digests"]["index"] and record["image"] != record["digest"]
    arm = write_archive(client, "kubeflow/spark-operator:2.5.2@" + registry["digests"]["index"], "aarch64",
                        str(tmp_path / "b.tar"))
    assert arm["config"] != record["config"]
    # A pin the registry no longer has is an error, never the tag's current image.
    with pytest.raises(ImageError, match="HTTP 404"):
        write_archive(client, "kubeflow/spark-operator:2.5.2@sha256:" + "0" * 64, "amd64", str(tmp_path / "c.tar"))
    # A registry that serves other bytes under the pinned digest is caught.
    pinned = registry["digests"]["index"][7:]
    blob = registry["root"] / "docker/registry/v2/blobs/sha256" / pinned[:2] / pinned / "data"
    original = blob.read_bytes()
    try:
        blob.write_bytes(original.replace(b'"arm64"', b'"arm65"'))
        with pytest.raises(ImageError, match="the manifest's bytes have digest"):
            write_archive(client, "kubeflow/spark-operator:2.5.2@sha256:" + pinned, "amd64", str(tmp_path / "c.tar"))
    finally:
        blob.write_bytes(original)
    assert not (tmp_path / "c.tar").exists()


def test_a_tampered_layer_is_refused_and_leaves_no_archive(registry, tmp_path):
    client = Registry({"docker.io": registry["url"]})
    manifest = client.manifest("docker.io", "library/lab-standin", "1.0")[2]
    layer = manifest["layers"][0]["digest"][7:]
    blob = registry["root"] / "docker/registry/v2/blobs/sha256" / layer[:2] / layer / "data"
    original = blob.read_bytes()
    try:
        blob.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
        with pytest.raises(ImageError, match="arrived with digest"):
            write_archive(client, "lab-standin:1.0", "amd64", str(tmp_path / "x.tar"))
        assert sorted(p.name for p in tmp_path.iterdir()) == []
    finally:
        blob.write_bytes(original)


def test_docker_loads_the_archive_with_its_name_and_config(registry, tmp_path):
    if subprocess.run(["docker", "info"], capture_output=True, check=False).returncode != 0:
        pytest.fail("a running Docker is needed to load the archive (tests/harness/docker.sh starts one)")
    record = write_archive(Registry({"docker.io": registry["url"]}), "lab-standin:1.0", "amd64", str(tmp_path / "i.tar"))
    subprocess.run(["docker", "rmi", "-f", record["name"]], capture_output=True, check=False)
    loaded = subprocess.run(["docker", "load", "-i", str(tmp_path / "i.tar")], capture_output=True, text=True, check=True)
    assert "Loaded image: lab-standin:1.0" in loaded.stdout
    inspect = json.loads(subprocess.run(["docker", "image", "inspect", record["name"]], capture_output=True,
                                        text=True, check=True).stdout)
    assert inspect[0]["Id"] == record["config"]
    subprocess.run(["docker", "rmi", "-f", record["name"]], capture_output=True, check=False)
