# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A container image, fetched once from its registry into an archive that `docker load` reads.

Note that this module util is **PRIVATE** to the collection. It can have breaking changes at any time.

The registry HTTP API (distribution spec v2, with Docker Hub's anonymous bearer tokens) is spoken with the
standard library only, so the controller needs no Docker. Every byte is verified: the manifest against the
digest the reference pins (or the one the registry names), the config and each layer against the digests the
manifest lists, and each layer, once uncompressed, against the config's rootfs.diff_ids. The archive is the
format of `docker save` with uncompressed layers, written beside the destination and renamed into place.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile

try:
    from urllib.error import HTTPError
    from urllib.parse import urlencode
    from urllib.request import Request, build_opener
except ImportError:  # pragma: no cover - Python 2 is not supported by the collection
    pass

DOCKER_HUB = "docker.io"
MANIFEST_TYPES = (
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.index.v1+json",
)
_INDEX_TYPES = MANIFEST_TYPES[2:]
_REFERENCE = re.compile(
    r"^(?P<repository>[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*)"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?P<digest>sha256:[0-9a-f]{64}))?$")
_ARCHES = {"x86_64": "amd64", "aarch64": "arm64", "amd64": "amd64", "arm64": "arm64"}


class ImageError(Exception):
    """What keeps an image from being fetched or trusted; the message says which and why."""


def parse_reference(reference):
    """(registry, repository, tag, digest) of an image reference, as Docker reads it: a first part with a dot,
    a colon or 'localhost' is a registry, else the image is on Docker Hub (library/ for a one-part name)."""
    text = str(reference or "")
    first = text.split("/", 1)[0]
    if "/" in text and ("." in first or ":" in first or first == "localhost"):
        registry, rest = first, text.split("/", 1)[1]
    else:
        registry, rest = DOCKER_HUB, text
    match = _REFERENCE.match(rest)
    if not match:
        raise ImageError("not an image reference: {0!r}".format(text))
    repository = match.group("repository")
    if registry == DOCKER_HUB and "/" not in repository:
        repository = "library/" + repository
    tag = match.group("tag") or ("" if match.group("digest") else "latest")
    return registry, repository, tag, match.group("digest") or ""


def canonical_name(reference):
    """The name:tag `docker load` tags the image with (Docker Hub's names short, as `docker images` shows them)."""
    registry, repository, tag, _digest = parse_reference(reference)
    name = repository[len("library/"):] if registry == DOCKER_HUB and repository.startswith("library/") else repository
    return "{0}{1}:{2}".format("" if registry == DOCKER_HUB else registry + "/", name, tag or "latest")


def archive_name(reference):
    """A file name for the image's archive: the canonical name with / and : made safe."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", canonical_name(reference)) + ".tar"


def _sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _copy_hashed(source, out):
    """Copy a file object into another, 1 MiB at a time; the sha256 digest of what was copied."""
    check = hashlib.sha256()
    while True:
        chunk = source.read(1 << 20)
        if not chunk:
            return "sha256:" + check.hexdigest()
        check.update(chunk)
        out.write(chunk)


def _bearer(challenge):
    """The realm, service and scope of a WWW-Authenticate: Bearer challenge."""
    return dict(re.findall(r'(\w+)="([^"]*)"', challenge or ""))


class Registry(object):
    """Reads manifests and blobs from registries; `endpoints` maps a registry name to the URL that serves it
    (a school's mirror of Docker Hub, say); a registry not in it is https://<name> (Docker Hub's API host for
    docker.io)."""

    def __init__(self, endpoints=None, timeout=60, opener=None):
        self.endpoints = dict(endpoints or {})
        self.timeout = timeout
        self.opener = opener or build_opener()
        self.tokens = {}

    def endpoint(self, registry):
        default = "https://registry-1.docker.io" if registry == DOCKER_HUB else "https://" + registry
        return self.endpoints.get(registry, default).rstrip("/")

    def _open(self, registry, repository, path, accept=None):
        url = "{0}/v2/{1}/{2}".format(self.endpoint(registry), repository, path)
        for attempt in (1, 2):
            headers = {"Accept": ", ".join(accept)} if accept else {}
            token = self.tokens.get((registry, repository))
            if token:
                headers["Authorization"] = "Bearer " + token
            try:
                return self.opener.open(Request(url, headers=headers), timeout=self.timeout)
            except HTTPError as exc:
                challenge = exc.headers.get("WWW-Authenticate", "") if exc.headers else ""
                if exc.code == 401 and attempt == 1 and challenge.lower().startswith("bearer"):
                    self.tokens[(registry, repository)] = self._token(challenge, repository)
                    continue
                raise ImageError("{0}: HTTP {1} {2}".format(url, exc.code, exc.reason))
            except (OSError, ValueError) as exc:
                raise ImageError("{0}: {1}".format(url, exc))
        raise ImageError("{0}: the registry refused the token it gave".format(url))  # pragma: no cover

    def _token(self, challenge, repository):
        params = _bearer(challenge)
        if "realm" not in params:
            raise ImageError("the registry asks for a token without saying where to get one: {0}".format(challenge))
        query = {"service": params.get("service", ""), "scope": params.get("scope") or "repository:{0}:pull".format(repository)}
        try:
            with self.opener.open(params["realm"] + "?" + urlencode(query), timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError, HTTPError) as exc:
            raise ImageError("no pull token from {0}: {1}".format(params["realm"], exc))
        return answer.get("token") or answer.get("access_token") or ""

    def manifest(self, registry, repository, reference):
        """(digest, media type, manifest) of a tag or digest; the bytes are checked against the digest."""
        with self._open(registry, repository, "manifests/" + reference, accept=MANIFEST_TYPES) as response:
            data = response.read()
            media_type = (response.headers.get("Content-Type") or "").split(";")[0]
            named = response.headers.get("Docker-Content-Digest") or ""
        digest = _sha256(data)
        for expected in (reference if reference.startswith("sha256:") else "", named):
            if expected and expected != digest:
                raise ImageError("{0}/{1}@{2}: the manifest's bytes have digest {3}".format(
                    registry, repository, expected, digest))
        manifest = json.loads(data.decode("utf-8"))
        return digest, manifest.get("mediaType") or media_type, manifest

    def blob(self, registry, repository, digest, out):
        """Write a blob into the file object `out`, checked against its digest."""
        with self._open(registry, repository, "blobs/" + digest) as response:
            arrived = _copy_hashed(response, out)
        if arrived != digest:
            raise ImageError("{0}/{1}: blob {2} arrived with digest {3}".format(registry, repository, digest, arrived))


def resolve(client, reference, arch):
    """(pinned digest, platform manifest digest, manifest) for the reference on linux/<arch>: a multi-platform
    index is followed to the entry for that platform. The pin is the reference's digest when it has one (it may
    name the index or the platform's manifest), else what the tag points to now."""
    registry, repository, tag, digest = parse_reference(reference)
    top_digest, media_type, manifest = client.manifest(registry, repository, digest or tag)
    platform = _ARCHES.get(arch, arch)
    if media_type in _INDEX_TYPES or "manifests" in manifest:
        entries = [m for m in manifest.get("manifests", [])
                   if (m.get("platform") or {}).get("os") == "linux" and (m.get("platform") or {}).get("architecture") == platform]
        if not entries:
            raise ImageError("{0} has no linux/{1} image".format(reference, platform))
        image_digest, _type, manifest = client.manifest(registry, repository, entries[0]["digest"])
    else:
        image_digest = top_digest
    if manifest.get("schemaVersion") != 2 or "config" not in manifest:
        raise ImageError("{0}: only schema 2 and OCI image manifests are supported".format(reference))
    return top_digest, image_digest, manifest


def _decompress(path, media_type):
    if media_type.endswith("gzip") or media_type.endswith("tar.gzip"):
        return gzip.open(path, "rb")
    if media_type.endswith("zstd"):
        raise ImageError("zstd-compressed layers are not supported (docker load reads gzip and plain tar)")
    return open(path, "rb")


def write_archive(client, reference, arch, dest, workdir=None):
    """Fetch the image into `dest` (the `docker save` format, uncompressed layers) and return its record:
    {reference, name, digest (the pin), image (the platform manifest's digest), config, bytes}."""
    registry, repository, _tag, _digest = parse_reference(reference)
    pin, image_digest, manifest = resolve(client, reference, arch)
    work = tempfile.mkdtemp(prefix=".image-", dir=workdir or os.path.dirname(os.path.abspath(dest)))
    try:
        config_path = os.path.join(work, "config.json")
        with open(config_path, "wb") as out:
            client.blob(registry, repository, manifest["config"]["digest"], out)
        with open(config_path, "rb") as handle:
            config = json.load(handle)
        diff_ids = (config.get("rootfs") or {}).get("diff_ids") or []
        if len(diff_ids) != len(manifest.get("layers", [])):
            raise ImageError("{0}: the config lists {1} layers, the manifest {2}".format(
                reference, len(diff_ids), len(manifest.get("layers", []))))
        config_name = manifest["config"]["digest"].split(":")[1] + ".json"
        members, fetched = [], os.path.getsize(config_path)
        tmp_archive = os.path.join(work, "image.tar")
        with tarfile.open(tmp_archive, "w", format=tarfile.PAX_FORMAT) as archive:
            for layer, diff_id in zip(manifest["layers"], diff_ids):
                blob_path = os.path.join(work, "layer.blob")
                with open(blob_path, "wb") as out:
                    client.blob(registry, repository, layer["digest"], out)
                fetched += os.path.getsize(blob_path)
                plain_path = os.path.join(work, "layer.tar")
                with _decompress(blob_path, layer.get("mediaType", "")) as source, open(plain_path, "wb") as plain:
                    uncompressed = _copy_hashed(source, plain)
                if uncompressed != diff_id:
                    raise ImageError("{0}: layer {1} uncompressed to {2}, the config says {3}".format(
                        reference, layer["digest"], uncompressed, diff_id))
                name = diff_id.split(":")[1] + "/layer.tar"
                if name not in members:
                    archive.add(plain_path, arcname=name)
                    members.append(name)
                os.remove(blob_path)
                os.remove(plain_path)
            archive.add(config_path, arcname=config_name)
            record = {"reference": reference, "name": canonical_name(reference), "digest": pin,
                      "image": image_digest, "config": manifest["config"]["digest"], "bytes": fetched}
            index = json.dumps([{"Config": config_name, "RepoTags": [record["name"]],
                                 "Layers": [d.split(":")[1] + "/layer.tar" for d in diff_ids]}]).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mode = len(index), 0o644
            archive.addfile(info, io.BytesIO(index))
        os.replace(tmp_archive, dest)
        return record
    finally:
        shutil.rmtree(work, ignore_errors=True)


def archive_record(path):
    """What an archive written by write_archive holds: {name, config} from its manifest.json (None when the
    file is absent or not such an archive)."""
    try:
        with tarfile.open(path, "r") as archive:
            index = json.load(archive.extractfile("manifest.json"))
    except (OSError, KeyError, ValueError, tarfile.TarError):
        return None
    if not index or "Config" not in index[0]:
        return None
    return {"name": (index[0].get("RepoTags") or [""])[0], "config": "sha256:" + index[0]["Config"].split(".")[0]}
