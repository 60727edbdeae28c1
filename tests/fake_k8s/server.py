"""A small, real-HTTP stand-in for the Kubernetes API server, for tests only.

It serves the core/v1 paths the collection uses (namespaces, persistentvolumes,
persistentvolumeclaims, pods) with get, list, create, merge/strategic/JSON patch, replace and
delete, resourceVersion conflicts, server-side dry run, and the discovery documents the
`kubernetes` dynamic client reads. A binder imitates the PV controller after every write,
including the misbinding the course warns about: an unbound claim takes *any* matching
Available volume, in an order chosen by a seed. Claims in use by a pod are only marked for
deletion (the pvc-protection finalizer) until the pod is gone. The storage classes in
Cluster.provisioners provision as a shared cluster's do: an unbound claim of such a class (without a
volumeName) gets a new volume of its own, pvc-<claim uid>, with the Delete reclaim policy.

Run standalone: python tests/fake_k8s/server.py --port 8001 --seed 3
"""

import argparse
import copy
import datetime
import itertools
import json
import random
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

RESOURCES = {
    # plural: (kind, namespaced, short names)
    "namespaces": ("Namespace", False, ["ns"]),
    "persistentvolumes": ("PersistentVolume", False, ["pv"]),
    "persistentvolumeclaims": ("PersistentVolumeClaim", True, ["pvc"]),
    "pods": ("Pod", True, ["po"]),
}
# Served only when a test asks (FakeApiServer(extra=...)): without Secrets, helm itself fails (test_failure_hints).
# "selfsubjectaccessreviews" (authorization.k8s.io/v1) answers from Cluster.denied.
EXTRA_RESOURCES = {
    "secrets": ("Secret", True, []),
    "services": ("Service", True, ["svc"]),
    "nodes": ("Node", False, ["no"]),
    # storage.k8s.io/v1: a claim of a StorageClass stored here is provisioned as for Cluster.provisioners.
    "storageclasses": ("StorageClass", False, ["sc"]),
    # rbac.authorization.k8s.io/v1, stored only (nothing is authorized by them).
    "roles": ("Role", True, []),
    "rolebindings": ("RoleBinding", True, []),
    # argoproj.io/v1alpha1, stored only (no Argo CD syncs them): what the gitops role writes, patches and deletes.
    "applications": ("Application", True, ["app"]),
    # apps/v1, stored only (no controller makes their pods): what the airflow role scales around a restore.
    "deployments": ("Deployment", True, ["deploy"]),
    "statefulsets": ("StatefulSet", True, ["sts"]),
}
# The resources served outside the core group: plural -> groupVersion.
GROUPS = {"storageclasses": "storage.k8s.io/v1", "roles": "rbac.authorization.k8s.io/v1",
          "rolebindings": "rbac.authorization.k8s.io/v1", "applications": "argoproj.io/v1alpha1",
          "deployments": "apps/v1", "statefulsets": "apps/v1"}
VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
_PATH = re.compile(
    r"^/api/v1(?:/namespaces/(?P<ns>[^/]+))?/(?P<plural>namespaces|persistentvolumes|persistentvolumeclaims|pods|secrets|"
    r"services|nodes)"
    r"(?:/(?P<name>[^/]+))?(?:/(?P<sub>status))?$"
    r"|^/apis/(?P<group>[a-z0-9.]+)/(?P<gversion>v[0-9a-z]+)(?:/namespaces/(?P<gns>[^/]+))?/(?P<gplural>[a-z]+)"
    r"(?:/(?P<gname>[^/]+))?$"
)
_QUANTITY = re.compile(r"^(\d+(?:\.\d+)?)([KMGTPE]i?|m)?$")
_UNITS = {None: 1, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50,
          "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "m": 0.001}


class ApiError(Exception):
    def __init__(self, code, reason, message):
        super().__init__(message)
        self.code, self.reason, self.message = code, reason, message

    def status(self):
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": self.message, "reason": self.reason, "code": self.code}


def quantity(value):
    match = _QUANTITY.match(str(value))
    if not match:
        raise ApiError(422, "Invalid", f"quantities must match the regular expression: {value}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def merge_patch(target, patch):
    """RFC 7386 JSON merge patch (also used for strategic merge: lists are replaced)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if key.startswith("$"):
            continue
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def json_patch(target, operations):
    doc = copy.deepcopy(target)
    for op in operations:
        parts = [p.replace("~1", "/").replace("~0", "~") for p in op["path"].lstrip("/").split("/")]
        parent = doc
        for part in parts[:-1]:
            parent = parent[int(part)] if isinstance(parent, list) else parent.setdefault(part, {})
        last = parts[-1]
        if op["op"] in ("add", "replace"):
            if isinstance(parent, list):
                parent.insert(len(parent) if last == "-" else int(last), op["value"])
            else:
                parent[last] = op["value"]
        elif op["op"] == "remove":
            if isinstance(parent, list):
                parent.pop(int(last))
            else:
                parent.pop(last, None)
        else:
            raise ApiError(422, "Invalid", f"unsupported JSON patch op {op['op']}")
    return doc


class Cluster:
    """The stored objects and the PV controller's behaviour."""

    def __init__(self, seed=0, extra=()):
        self.resources = dict(RESOURCES, **dict((plural, EXTRA_RESOURCES[plural]) for plural in extra
                                                if plural in EXTRA_RESOURCES))
        self.lock = threading.RLock()
        self.objects = {}  # (plural, namespace or "", name) -> object
        self.rv = itertools.count(1)
        self.seed = seed
        self.writes = []  # (method, path) of every stored (not dry-run) change
        # Storage classes with a provisioner (a test adds them): each unbound claim of one gets a new volume.
        self.provisioners = set()
        # SelfSubjectAccessReviews: (verb, group, resource, namespace or None for any) the user may not do.
        self.access_reviews = "selfsubjectaccessreviews" in extra
        self.denied = set()
        self.reviews = []  # every resourceAttributes asked
        self.pvc_protection = True
        # A test sets hold_on = ("POST", "persistentvolumeclaims") to stop the first such request before it is
        # stored: held is set, the request waits for release and is then dropped, as if its client had died.
        self.hold_on = None
        self.held = threading.Event()
        self.release = threading.Event()

    # storage helpers -------------------------------------------------------------------------
    def _now(self):
        return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def get(self, plural, namespace, name):
        obj = self.objects.get((plural, namespace or "", name))
        if obj is None:
            raise ApiError(404, "NotFound", f'{plural} "{name}" not found')
        return obj

    def find(self, plural, namespace=None):
        return [o for (p, ns, _name), o in sorted(self.objects.items(), key=lambda kv: kv[1]["metadata"]["_order"])
                if p == plural and (namespace is None or ns == namespace)]

    def _store(self, plural, obj):
        meta = obj["metadata"]
        meta["resourceVersion"] = str(next(self.rv))
        self.objects[(plural, meta.get("namespace", ""), meta["name"])] = obj

    def _public(self, obj):
        out = copy.deepcopy(obj)
        out["metadata"].pop("_order", None)
        return out

    # API verbs -------------------------------------------------------------------------------
    def create(self, plural, namespace, body, dry_run=False):
        kind, namespaced, _short = self.resources[plural]
        body = copy.deepcopy(body)
        meta = body.setdefault("metadata", {})
        name = meta.get("name")
        if not name:
            raise ApiError(422, "Invalid", f"{kind}: metadata.name: Required value")
        if namespaced:
            namespace = namespace or meta.get("namespace") or "default"
            if ("namespaces", "", namespace) not in self.objects:
                raise ApiError(404, "NotFound", f'namespaces "{namespace}" not found')
            meta["namespace"] = namespace
        if (plural, namespace if namespaced else "", name) in self.objects:
            raise ApiError(409, "AlreadyExists", f'{plural} "{name}" already exists')
        body["apiVersion"], body["kind"] = GROUPS.get(plural, "v1"), kind
        meta.update(uid=str(uuid.uuid4()), creationTimestamp=self._now(), _order=next(self.rv))
        meta.pop("resourceVersion", None)
        body.setdefault("spec", {})
        body["status"] = {"phase": "Active"} if plural == "namespaces" else {"phase": "Pending"}
        if plural == "persistentvolumeclaims" and self.pvc_protection:
            meta.setdefault("finalizers", ["kubernetes.io/pvc-protection"])
        if plural == "persistentvolumes":
            body["spec"].setdefault("persistentVolumeReclaimPolicy", "Retain")
        if dry_run:
            return self._public(body)
        self._store(plural, body)
        self.reconcile()
        return self._public(self.get(plural, namespace if namespaced else "", name))

    def update(self, plural, namespace, name, new, dry_run=False):
        old = self.get(plural, namespace, name)
        sent_rv = new.get("metadata", {}).get("resourceVersion")
        if sent_rv and sent_rv != old["metadata"]["resourceVersion"]:
            raise ApiError(409, "Conflict", f'Operation cannot be fulfilled on {plural} "{name}": '
                           "the object has been modified; please apply your changes to the latest version")
        merged = copy.deepcopy(new)
        merged["metadata"] = dict(new.get("metadata", {}))
        for key in ("uid", "creationTimestamp", "_order", "namespace", "name", "deletionTimestamp"):
            if key in old["metadata"]:
                merged["metadata"][key] = old["metadata"][key]
        merged["metadata"]["resourceVersion"] = old["metadata"]["resourceVersion"]
        merged["apiVersion"], merged["kind"] = old["apiVersion"], old["kind"]
        if plural == "persistentvolumeclaims":
            self._check_claim_update(old, merged)
        if merged == old:
            return self._public(old)
        if dry_run:
            return self._public(merged)
        self._store(plural, merged)
        self.reconcile()
        return self._public(self.get(plural, namespace, name))

    @staticmethod
    def _check_claim_update(old, new):
        before, after = dict(old.get("spec", {})), dict(new.get("spec", {}))
        before.pop("resources", None)
        after.pop("resources", None)
        if before.get("volumeName") and not after.get("volumeName"):
            after["volumeName"] = before["volumeName"]
        if not before.get("volumeName"):
            after.pop("volumeName", None)
            before.pop("volumeName", None)
        if before != after:
            raise ApiError(422, "Invalid", "PersistentVolumeClaim is invalid: spec: Forbidden: spec is immutable "
                           "after creation except resources.requests and volumeAttributesClassName for bound claims")

    def delete(self, plural, namespace, name, dry_run=False):
        obj = self.get(plural, namespace, name)
        if dry_run:
            return self._public(obj)
        # A claim in use, or an Application with Argo CD's finalizer (no Argo CD here removes it), is only marked.
        if obj["metadata"].get("finalizers") and (
                plural == "applications" or (plural == "persistentvolumeclaims" and self._claim_in_use(obj))):
            obj["metadata"].setdefault("deletionTimestamp", self._now())
            self._store(plural, obj)
            return self._public(obj)
        del self.objects[(plural, namespace or "", name)]
        if plural == "namespaces":
            for key in [k for k in self.objects if k[1] == name]:
                del self.objects[key]
        self.reconcile()
        return self._public(obj)

    # the PV controller -----------------------------------------------------------------------
    def _claim_in_use(self, claim):
        ns, name = claim["metadata"]["namespace"], claim["metadata"]["name"]
        for pod in self.find("pods", ns):
            for volume in pod.get("spec", {}).get("volumes", []) or []:
                if (volume.get("persistentVolumeClaim") or {}).get("claimName") == name:
                    return True
        return False

    @staticmethod
    def _matches(volume, claim):
        vspec, cspec = volume.get("spec", {}), claim.get("spec", {})
        if (vspec.get("storageClassName") or "") != (cspec.get("storageClassName") or ""):
            return False
        if not set(cspec.get("accessModes") or []) <= set(vspec.get("accessModes") or []):
            return False
        want = ((cspec.get("resources") or {}).get("requests") or {}).get("storage", "0")
        return quantity(vspec.get("capacity", {}).get("storage", "0")) >= quantity(want)

    def _bind(self, volume, claim):
        cmeta = claim["metadata"]
        volume["spec"]["claimRef"] = {"kind": "PersistentVolumeClaim", "apiVersion": "v1",
                                      "namespace": cmeta["namespace"], "name": cmeta["name"], "uid": cmeta["uid"]}
        volume["status"] = {"phase": "Bound"}
        claim["spec"]["volumeName"] = volume["metadata"]["name"]
        claim["status"] = {"phase": "Bound", "accessModes": volume["spec"].get("accessModes", []),
                           "capacity": dict(volume["spec"].get("capacity", {}))}
        self._store("persistentvolumes", volume)
        self._store("persistentvolumeclaims", claim)

    def reconcile(self):
        with self.lock:
            # Finalize claims marked for deletion once no pod uses them.
            for claim in self.find("persistentvolumeclaims"):
                if claim["metadata"].get("deletionTimestamp") and not self._claim_in_use(claim):
                    meta = claim["metadata"]
                    del self.objects[("persistentvolumeclaims", meta["namespace"], meta["name"])]
            claims = {(c["metadata"]["namespace"], c["metadata"]["name"]): c for c in self.find("persistentvolumeclaims")}
            # Volume phases follow their claimRef.
            for volume in self.find("persistentvolumes"):
                ref = volume["spec"].get("claimRef")
                phase = "Available"
                if ref and ref.get("uid"):
                    claim = claims.get((ref.get("namespace"), ref.get("name")))
                    phase = "Bound" if claim and claim["metadata"]["uid"] == ref["uid"] else "Released"
                if volume.get("status", {}).get("phase") != phase:
                    volume["status"] = {"phase": phase}
                    self._store("persistentvolumes", volume)
            # A bound claim whose volume no longer points back is Lost, as in Kubernetes.
            for claim in claims.values():
                if claim.get("status", {}).get("phase") != "Bound":
                    continue
                key = ("persistentvolumes", "", claim["spec"].get("volumeName"))
                ref = (self.objects.get(key) or {}).get("spec", {}).get("claimRef") or {}
                if ref.get("uid") != claim["metadata"]["uid"]:
                    claim["status"] = {"phase": "Lost"}
                    self._store("persistentvolumeclaims", claim)
            # Pending claims take a volume: their named one, one reserved for them, or any match.
            for claim in claims.values():
                if claim.get("status", {}).get("phase") in ("Bound", "Lost") or claim["metadata"].get("deletionTimestamp"):
                    continue
                volume = self._pick_volume(claim)
                if volume is None and not claim["spec"].get("volumeName") and \
                        claim["spec"].get("storageClassName") in self.provisioners | set(
                            c["metadata"]["name"] for c in self.find("storageclasses")
                            if c.get("provisioner") != "kubernetes.io/no-provisioner"):
                    volume = self._provision(claim)
                if volume is not None:
                    self._bind(volume, claim)

    def _provision(self, claim):
        """A new volume for the claim, as a dynamic provisioner makes it."""
        cspec = claim["spec"]
        volume = {"apiVersion": "v1", "kind": "PersistentVolume",
                  "metadata": {"name": "pvc-" + claim["metadata"]["uid"], "uid": str(uuid.uuid4()),
                               "creationTimestamp": self._now(), "_order": next(self.rv),
                               "annotations": {"pv.kubernetes.io/provisioned-by": "fake.provisioner/" + cspec["storageClassName"]}},
                  "spec": {"storageClassName": cspec["storageClassName"], "accessModes": list(cspec.get("accessModes") or []),
                           "capacity": {"storage": ((cspec.get("resources") or {}).get("requests") or {}).get("storage", "1Gi")},
                           "persistentVolumeReclaimPolicy": "Delete", "nfs": {"server": "nfs.example", "path": "/exports"}},
                  "status": {"phase": "Available"}}
        self._store("persistentvolumes", volume)
        return volume

    def _pick_volume(self, claim):
        cmeta = claim["metadata"]
        volumes = [v for v in self.find("persistentvolumes") if v.get("status", {}).get("phase") == "Available"]

        def reserved_for_claim(volume):
            ref = volume["spec"].get("claimRef")
            return ref and ref.get("namespace") == cmeta["namespace"] and ref.get("name") == cmeta["name"]

        wanted = claim["spec"].get("volumeName")
        if wanted:
            for volume in volumes:
                if volume["metadata"]["name"] == wanted and (not volume["spec"].get("claimRef") or reserved_for_claim(volume)):
                    return volume
            return None
        reserved = [v for v in volumes if reserved_for_claim(v) and self._matches(v, claim)]
        if reserved:
            return reserved[0]
        free = [v for v in volumes if not v["spec"].get("claimRef") and self._matches(v, claim)]
        # Any matching volume will do: the order is the seed's, which is how claims end up on
        # the wrong one of several identical volumes.
        random.Random(f"{self.seed}/{cmeta['namespace']}/{cmeta['name']}").shuffle(free)
        return free[0] if free else None


class Handler(BaseHTTPRequestHandler):
    server_version = "fake-kube-apiserver/1.33"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    @property
    def cluster(self):
        return self.server.cluster

    def _send(self, code, payload):
        body = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"null") if length else None

    def _discovery(self, path):
        if path == "/version":
            return {"major": "1", "minor": "33", "gitVersion": "v1.33.0", "platform": "linux/amd64"}
        if path == "/api":
            return {"kind": "APIVersions", "versions": ["v1"],
                    "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:0"}]}
        version = {"groupVersion": "authorization.k8s.io/v1", "version": "v1"}
        authorization = {"name": "authorization.k8s.io", "versions": [version], "preferredVersion": version}
        # The groups of the served resources outside the core group (GROUPS).
        served = {}
        for plural, group_version in GROUPS.items():
            if plural in self.cluster.resources:
                served.setdefault(group_version, []).append(plural)
        groups = [{"name": gv.split("/")[0], "versions": [{"groupVersion": gv, "version": gv.split("/")[1]}],
                   "preferredVersion": {"groupVersion": gv, "version": gv.split("/")[1]}} for gv in sorted(served)]
        if path == "/apis":
            return {"kind": "APIGroupList", "apiVersion": "v1",
                    "groups": ([authorization] if self.cluster.access_reviews else []) + groups}
        for group in groups:
            group_version = group["versions"][0]["groupVersion"]
            if path == "/apis/" + group["name"]:
                return dict(group, kind="APIGroup", apiVersion="v1")
            if path == "/apis/" + group_version:
                return {"kind": "APIResourceList", "groupVersion": group_version, "resources": [
                    {"name": plural, "singularName": self.cluster.resources[plural][0].lower(),
                     "namespaced": self.cluster.resources[plural][1], "kind": self.cluster.resources[plural][0],
                     "verbs": VERBS, "shortNames": self.cluster.resources[plural][2]} for plural in served[group_version]]}
        if self.cluster.access_reviews and path == "/apis/authorization.k8s.io":
            return dict(authorization, kind="APIGroup", apiVersion="v1")
        if self.cluster.access_reviews and path == "/apis/authorization.k8s.io/v1":
            return {"kind": "APIResourceList", "groupVersion": "authorization.k8s.io/v1", "resources": [
                {"name": "selfsubjectaccessreviews", "singularName": "selfsubjectaccessreview", "namespaced": False,
                 "kind": "SelfSubjectAccessReview", "verbs": ["create"]}]}
        if path == "/api/v1":
            return {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
                {"name": plural, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind,
                 "verbs": VERBS, "shortNames": short}
                for plural, (kind, namespaced, short) in self.cluster.resources.items() if plural not in GROUPS
            ] + [{"name": plural + "/status", "singularName": "", "namespaced": namespaced, "kind": kind,
                  "verbs": ["get", "patch", "update"]}
                 for plural, (kind, namespaced, _short) in self.cluster.resources.items()
                 if plural != "namespaces" and plural not in GROUPS]}
        return None

    def _handle(self, method):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        dry_run = "All" in query.get("dryRun", [])
        try:
            if method == "GET":
                doc = self._discovery(url.path)
                if doc is not None:
                    return self._send(200, doc)
            if (method == "POST" and self.cluster.access_reviews
                    and url.path == "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"):
                return self._send(201, self._access_review(self._body()))
            match = _PATH.match(url.path)
            if not match or (match.group("plural") or match.group("gplural")) not in self.cluster.resources:
                raise ApiError(404, "NotFound", f"the server could not find the requested resource ({url.path})")
            plural, ns, name = (match.group("plural") or match.group("gplural"), match.group("ns") or match.group("gns"),
                                match.group("name") or match.group("gname"))
            if match.group("group") and GROUPS.get(plural) != match.group("group") + "/" + match.group("gversion"):
                raise ApiError(404, "NotFound", f"the server could not find the requested resource ({url.path})")
            if plural == "namespaces" and ns and name is None:
                plural, name, ns = "namespaces", ns, None
            kind, namespaced, _short = self.cluster.resources[plural]
            scope_ns = ns if namespaced else ""
            if self.cluster.hold_on == (method, plural) and "All" not in query.get("dryRun", []):
                self.cluster.held.set()
                self.cluster.release.wait(120)
                self.close_connection = True
                return None
            with self.cluster.lock:
                if method == "GET" and name is None:
                    items = [self.cluster._public(o) for o in self.cluster.find(plural, ns if namespaced else None)]
                    selector = query.get("labelSelector", [""])[0]
                    for term in filter(None, selector.split(",")):
                        key, _sep, value = term.partition("=")
                        items = [i for i in items if (i["metadata"].get("labels") or {}).get(key) == value]
                    return self._send(200, {"kind": kind + "List", "apiVersion": GROUPS.get(plural, "v1"), "items": items,
                                            "metadata": {"resourceVersion": str(next(self.cluster.rv))}})
                if method == "GET":
                    return self._send(200, self.cluster._public(self.cluster.get(plural, scope_ns, name)))
                body = self._body()
                if not dry_run:
                    self.cluster.writes.append((method, url.path))
                if method == "POST":
                    return self._send(201, self.cluster.create(plural, ns, body, dry_run))
                if method == "PUT":
                    return self._send(200, self.cluster.update(plural, scope_ns, name, body, dry_run))
                if method == "PATCH":
                    old = self.cluster._public(self.cluster.get(plural, scope_ns, name))
                    ctype = self.headers.get("Content-Type", "")
                    new = json_patch(old, body) if "json-patch" in ctype else merge_patch(old, body)
                    return self._send(200, self.cluster.update(plural, scope_ns, name, new, dry_run))
                if method == "DELETE":
                    return self._send(200, self.cluster.delete(plural, scope_ns, name, dry_run))
            raise ApiError(405, "MethodNotAllowed", f"{method} is not supported")
        except ApiError as err:
            return self._send(err.code, err.status())

    def _access_review(self, body):
        attributes = (body.get("spec") or {}).get("resourceAttributes") or {}
        self.cluster.reviews.append(attributes)
        key = (attributes.get("verb"), attributes.get("group") or "", attributes.get("resource"))
        denied = (key + (attributes.get("namespace") or None,) in self.cluster.denied) or (key + (None,) in self.cluster.denied)
        status = {"allowed": not denied}
        if denied:
            status["reason"] = "no RBAC policy matched"
        return dict(body, status=status)

    def do_GET(self):  # noqa: N802
        self._handle("GET")

    def do_POST(self):  # noqa: N802
        self._handle("POST")

    def do_PUT(self):  # noqa: N802
        self._handle("PUT")

    def do_PATCH(self):  # noqa: N802
        self._handle("PATCH")

    def do_DELETE(self):  # noqa: N802
        self._handle("DELETE")


class FakeApiServer:
    """Start with .start(); .url, .cluster and .write_kubeconfig(path) for the tests."""

    def __init__(self, seed=0, port=0, extra=()):
        self.cluster = Cluster(seed, extra)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.cluster = self.cluster
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def write_kubeconfig(self, path, context="fake"):
        config = {
            "apiVersion": "v1", "kind": "Config", "current-context": context,
            "clusters": [{"name": context, "cluster": {"server": self.url}}],
            "users": [{"name": context, "user": {"token": "fake-token"}}],
            "contexts": [{"name": context, "context": {"cluster": context, "user": context}}],
        }
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(config, handle)
        return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kubeconfig", help="write a kubeconfig for this server here")
    args = parser.parse_args()
    server = FakeApiServer(seed=args.seed, port=args.port)
    if args.kubeconfig:
        server.write_kubeconfig(args.kubeconfig)
    print(f"fake API server on {server.url}", flush=True)
    server.httpd.serve_forever()


if __name__ == "__main__":
    main()
