"""Write a stand-in container image into a Docker registry's filesystem storage (distribution's layout),
so that a real registry (Debian's docker-registry) serves it: nothing can be pulled here.

    python3 standin_image.py <storage root> <name:tag> [<name:tag> ...]

Each image is one small layer (a file naming the image) and its config, under a schema 2 manifest (write_index
makes a multi-platform one). Prints "<name:tag> <manifest digest>" for each.
"""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile


def _blob(root, data):
    digest = hashlib.sha256(data).hexdigest()
    path = os.path.join(root, "docker/registry/v2/blobs/sha256", digest[:2], digest, "data")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
    return "sha256:" + digest


def _link(root, *parts, digest):
    path = os.path.join(root, "docker/registry/v2/repositories", *parts, "link")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="ascii") as handle:
        handle.write(digest)


def write_image(root, reference, arch="amd64"):
    name, tag = reference.rsplit(":", 1)
    content = "stand-in for {0} on {1}\n".format(reference, arch).encode()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo("standin.txt")
        info.size, info.mtime, info.mode = len(content), 0, 0o644
        tar.addfile(info, io.BytesIO(content))
    layer_tar = raw.getvalue()
    layer = gzip.compress(layer_tar, mtime=0)
    config = json.dumps({
        "architecture": arch, "os": "linux",
        "config": {"Cmd": ["/standin.txt"], "Labels": {"org.opencontainers.image.title": reference}},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer_tar).hexdigest()]},
    }, sort_keys=True).encode()
    config_digest, layer_digest = _blob(root, config), _blob(root, layer)
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": len(config),
                   "digest": config_digest},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": len(layer),
                    "digest": layer_digest}],
    }, indent=3).encode()
    manifest_digest = _blob(root, manifest)
    for digest in (config_digest, layer_digest):
        _link(root, name, "_layers/sha256", digest.split(":")[1], digest=digest)
    _link(root, name, "_manifests/revisions/sha256", manifest_digest.split(":")[1], digest=manifest_digest)
    _link(root, name, "_manifests/tags", tag, "current", digest=manifest_digest)
    _link(root, name, "_manifests/tags", tag, "index/sha256", manifest_digest.split(":")[1], digest=manifest_digest)
    return manifest_digest


def write_index(root, reference, arches=("amd64", "arm64")):
    """A multi-platform image: one image per architecture under an OCI index, the tag naming the index."""
    name, tag = reference.rsplit(":", 1)
    entries = []
    for arch in arches:
        digest = write_image(root, "{0}:{1}-{2}".format(name, tag, arch), arch)
        size = os.path.getsize(os.path.join(root, "docker/registry/v2/blobs/sha256", digest[7:9], digest[7:], "data"))
        entries.append({"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "digest": digest,
                        "size": size, "platform": {"architecture": arch, "os": "linux"}})
    index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
                        "manifests": entries}, indent=3).encode()
    digest = _blob(root, index)
    _link(root, name, "_manifests/revisions/sha256", digest.split(":")[1], digest=digest)
    _link(root, name, "_manifests/tags", tag, "current", digest=digest)
    _link(root, name, "_manifests/tags", tag, "index/sha256", digest.split(":")[1], digest=digest)
    return digest


if __name__ == "__main__":
    for ref in sys.argv[2:]:
        print(ref, write_image(sys.argv[1], ref))
