"""A registry that holds a stand-in for every image it is asked for, for tests only (nothing can be pulled here).

    python3 any_registry.py <port> <storage root> <request log>

Serves the distribution API's read side on 127.0.0.1:<port> without authentication: the first request for a
repository's tag writes a stand-in with that name and tag (standin_image.write_image: one small layer naming the
image) into <storage root>, laid out as Debian's docker-registry keeps it; manifests by digest and blobs are
served from there. Every request is appended to <request log> as "METHOD path status", so a test can count what
crossed from "outside". The images the charts render are thus served under their real names and tags, with no
list kept in the tests.
"""
import http.server
import os
import re
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from standin_image import write_image  # noqa: E402  pylint: disable=wrong-import-position

MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
LOCK = threading.Lock()


def blob_path(root, digest):
    hexdigest = digest.split(":", 1)[1]
    return os.path.join(root, "docker/registry/v2/blobs/sha256", hexdigest[:2], hexdigest, "data")


def tag_digest(root, name, tag):
    path = os.path.join(root, "docker/registry/v2/repositories", name, "_manifests/tags", tag, "current/link")
    with LOCK:
        if not os.path.exists(path):
            write_image(root, "{0}:{1}".format(name, tag))
    with open(path, encoding="ascii") as handle:
        return handle.read().strip()


class Handler(http.server.BaseHTTPRequestHandler):
    root = log = None

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass

    def reply(self, status, body=b"", kind="application/json", digest=None):
        with LOCK, open(self.log, "a", encoding="utf-8") as handle:
            handle.write("{0} {1} {2}\n".format(self.command, self.path, status))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if digest:
            self.send_header("Docker-Content-Digest", digest)
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the handler's API
        if self.path in ("/v2/", "/v2"):
            return self.reply(200, b"{}")
        match = re.match(r"^/v2/(?P<name>.+)/(?P<kind>manifests|blobs)/(?P<ref>[^/]+)$", self.path)
        if not match:
            return self.reply(404)
        name, kind, ref = match.group("name", "kind", "ref")
        digest = ref if ref.startswith("sha256:") else tag_digest(self.root, name, ref)
        try:
            with open(blob_path(self.root, digest), "rb") as handle:
                body = handle.read()
        except OSError:
            return self.reply(404)
        return self.reply(200, body, MANIFEST if kind == "manifests" else "application/octet-stream", digest)

    do_HEAD = do_GET


def main(port, root, log):
    Handler.root, Handler.log = root, log
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:4])
