import io
import json
from urllib.error import HTTPError

import pytest

from ansible_collections.dataeng.airflow_lab.plugins.module_utils._registry import (
    ImageError, Registry, archive_name, resolve)


class _Response(io.BytesIO):
    def __init__(self, data, headers=None):
        super().__init__(data)
        self.headers = headers or {}


class _Hub(object):
    """Docker Hub's manner: 401 with a Bearer challenge until the request carries the token its realm gives."""

    def __init__(self, manifests):
        self.manifests, self.requests = manifests, []

    def open(self, request, timeout=None):
        url = request if isinstance(request, str) else request.full_url
        self.requests.append(url)
        if url.startswith("https://auth.example/token"):
            assert "scope=repository%3Aapache%2Fairflow%3Apull" in url
            return _Response(json.dumps({"token": "t0k"}).encode())
        if request.headers.get("Authorization") != "Bearer t0k":
            raise HTTPError(url, 401, "Unauthorized", {"WWW-Authenticate": 'Bearer realm="https://auth.example/token",'
                                                       'service="registry.example",scope="repository:apache/airflow:pull"'}, None)
        data = self.manifests[url.rsplit("/", 1)[1]]
        return _Response(data, {"Content-Type": json.loads(data)["mediaType"]})


def _digest(data):
    import hashlib
    return "sha256:" + hashlib.sha256(data).hexdigest()


def test_an_index_is_followed_to_the_hosts_platform_with_one_anonymous_token():
    image = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                        "config": {"digest": "sha256:" + "c" * 64}, "layers": []}).encode()
    index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
        {"digest": "sha256:" + "9" * 64, "platform": {"os": "linux", "architecture": "arm64"}},
        {"digest": _digest(image), "platform": {"os": "linux", "architecture": "amd64"}}]}).encode()
    hub = _Hub({"3.2.2": index, _digest(image): image})
    pin, platform, manifest = resolve(Registry({"docker.io": "https://hub.example"}, opener=hub), "apache/airflow:3.2.2", "x86_64")
    assert (pin, platform, manifest["config"]["digest"]) == (_digest(index), _digest(image), "sha256:" + "c" * 64)
    assert sum(1 for url in hub.requests if url.startswith("https://auth.example")) == 1


def test_no_image_for_the_platform_is_named():
    index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
        {"digest": "sha256:" + "9" * 64, "platform": {"os": "linux", "architecture": "arm64"}}]}).encode()
    with pytest.raises(ImageError, match="has no linux/amd64 image"):
        resolve(Registry({"docker.io": "https://hub.example"}, opener=_Hub({"3.2.2": index})), "apache/airflow:3.2.2", "amd64")


def test_archive_names_are_file_names():
    assert archive_name("quay.io/prometheus/statsd-exporter:v0.28.0") == "quay.io_prometheus_statsd-exporter_v0.28.0.tar"
    assert archive_name("apache/airflow:3.2.2@sha256:" + "a" * 64) == "apache_airflow_3.2.2.tar"
