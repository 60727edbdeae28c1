#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dataeng lab maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: minikube_mount
short_description: Keep a host folder mounted in a minikube node, and prove it
version_added: 0.1.0
author: dataeng lab maintainers (@dataeng)
description:
  - Two ways bring a host folder into the node. With O(method=9p), C(minikube mount) serves it over 9p, which
    only lasts as long as the process that runs it; this module makes that process a systemd service of its own,
    run as the lab user, restarted when it dies and started after the cluster's unit at boot. With O(method=bind),
    the folder is (below) the container volume that C(minikube start --mount --mount-string=HOST:NODE) makes when
    the docker driver creates the node, with native speed, no kernel module and no process, lasting as long as
    the node. This module cannot make that mount (it is fixed when the cluster is created); it checks that it is there
    and removes a unit left from an earlier 9p setup.
  - With O(state=present) it sets up the method, then verifies the mount from inside the node either way (a probe
    file written in O(src) must be read back at O(dest) through C(minikube ssh)) and reports the method it found.
  - With O(state=absent) it stops, disables and removes the 9p unit.
  - In check mode it writes nothing, not even the probe, and reads instead. The mount counts as verified when C(findmnt -T)
    in the node shows a host folder's mount (9p or bind) holding O(dest) and the node lists the same entries at
    O(dest) as the host at O(src) (C(ls -A)). The room's status page (C(playbooks/status.yml)) reads the mounts so.
extends_documentation_fragment:
  - dataeng.airflow_lab.attributes
  - dataeng.airflow_lab.attributes.changes
options:
  src:
    description: Folder on the host. It must exist.
    type: path
    required: true
  dest:
    description: Path inside the minikube node, for example V(/data/dags).
    type: str
    required: true
  uid:
    description: Owner the files have inside the node (Airflow's containers run as 50000).
    type: int
    default: 50000
  gid:
    description: Group the files have inside the node (Airflow uses group 0).
    type: int
    default: 0
  profile:
    description: minikube profile (cluster name).
    type: str
    default: minikube
  user:
    description:
      - Account that owns the cluster and runs the mount (minikube keeps its state in that user's home).
      - Required with O(state=present).
    type: str
  method:
    description:
      - V(9p) keeps a C(minikube mount) unit running; V(bind) relies on the bind mount made when the cluster was
        created, manages no unit, and removes the 9p unit for O(dest) if one is left.
    type: str
    choices: [9p, bind]
    default: 9p
  state:
    description: Whether the mount (with V(9p), its unit) should exist.
    type: str
    choices: [present, absent]
    default: present
  minikube_path:
    description: The minikube binary.
    type: path
    default: /usr/local/bin/minikube
  cluster_unit:
    description: The systemd unit that starts the cluster; the mount is ordered after it. Default C(minikube-<profile>.service).
    type: str
  unit_dir:
    description: Where the unit file is written.
    type: path
    default: /etc/systemd/system
  verify:
    description: Read a probe file back through the node after the unit runs.
    type: bool
    default: true
  verify_timeout:
    description: Seconds to wait for the probe to appear in the node.
    type: int
    default: 60
notes:
  - Needs root (it writes a systemd unit) and systemd.
"""

EXAMPLES = r"""
- name: Mount the lab's dags folder into the node
  dataeng.airflow_lab.minikube_mount:
    src: /home/student/airflow-lab-data/dags
    dest: /data/dags
    user: student

- name: Check that the lab folder's bind mount shows dags in the node (the cluster was started with
    --mount --mount-string=/home/student/airflow-lab-data:/data)
  dataeng.airflow_lab.minikube_mount:
    src: /home/student/airflow-lab-data/dags
    dest: /data/dags
    user: student
    method: bind

- name: Remove the mount
  dataeng.airflow_lab.minikube_mount:
    src: /home/student/airflow-lab-data/dags
    dest: /data/dags
    user: student
    state: absent
"""

RETURN = r"""
unit:
  description: Name of the systemd unit that runs the mount.
  returned: always
  type: str
  sample: minikube-mount-minikube-data-dags.service
unit_path:
  description: Path of the unit file.
  returned: always
  type: str
  sample: /etc/systemd/system/minikube-mount-minikube-data-dags.service
steps:
  description: What was done (or, in check mode, would be done) to the 9p unit, in order.
  returned: always
  type: list
  elements: str
  sample: [write, daemon_reload, enable, start]
verified:
  description:
    - Whether the probe written in O(src) was read back at O(dest) in the node (in check mode, whether a host
      folder's mount holds O(dest) and shows the entries of O(src)); null when not checked.
  returned: always
  type: bool
  sample: true
mount:
  description:
    - The mount that holds O(dest) as the node's C(findmnt -T) shows it, and the method it is (V(9p) or V(bind)).
  returned: when verified
  type: dict
  sample: {target: /data/dags, source: 192.168.49.1, fstype: 9p, method: 9p}
method:
  description: How O(src) reaches the node as the probe found it (V(9p) or V(bind)); null when not checked.
  returned: always
  type: str
  sample: bind
"""

import os
import pwd
import tempfile
import time
import uuid

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.dataeng.airflow_lab.plugins.module_utils._minikube import (
    MinikubeError,
    parse_findmnt,
    parse_status,
    plan,
    remove_probe,
    render_unit,
    same_entries,
    unit_name,
    write_probe,
)

PROBE = ".airflow-lab-mount-probe"


class Runner(object):
    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.home = None
        if self.params["user"]:
            try:
                self.home = pwd.getpwnam(self.params["user"]).pw_dir
            except KeyError:
                raise MinikubeError("user {0} does not exist: create the lab user first (or fix user)".format(
                    self.params["user"]))

    def as_user(self, argv):
        env = {"HOME": self.home} if self.home else {}
        if self.params["user"] and os.geteuid() == 0 and self.params["user"] != "root":
            argv = ["runuser", "-u", self.params["user"], "--"] + argv
        return self.module.run_command(argv, environ_update=env)

    def minikube(self, *args):
        return self.as_user([self.params["minikube_path"]] + list(args) + ["-p", self.params["profile"]])

    def ssh(self, *words):
        return self.as_user([self.params["minikube_path"], "ssh", "-p", self.params["profile"], "--"] + list(words))

    def systemctl(self, *args):
        return self.module.run_command(["systemctl"] + list(args))


def read(path):
    try:
        with open(path) as handle:
            return handle.read()
    except (IOError, OSError):
        return None


def verify(runner, params):
    token = uuid.uuid4().hex
    # Root writes in a folder that the pods can write: never through a link planted there.
    write_probe(params["src"], PROBE, token)
    try:
        deadline = time.time() + params["verify_timeout"]
        seen = None
        while True:
            rc, out, err = runner.ssh("cat", params["dest"].rstrip("/") + "/" + PROBE)
            seen = out.strip()
            if rc == 0 and seen == token:
                break
            if time.time() >= deadline:
                return False, None
            time.sleep(1)
        rc, out, err = runner.ssh("findmnt", "-n", "-o", "TARGET,SOURCE,FSTYPE", "-T", params["dest"])
        return True, parse_findmnt(out, params["dest"])
    finally:
        remove_probe(params["src"], PROBE)


def verify_by_reading(runner, params):
    """The check-mode proof: findmnt shows a host folder's mount holding dest, and the node lists src's entries
    there. Writes nothing."""
    rc, out, err = runner.ssh("findmnt", "-n", "-o", "TARGET,SOURCE,FSTYPE", "-T", params["dest"])
    mount = parse_findmnt(out, params["dest"]) if rc == 0 else None
    if mount is None:
        return False, None
    rc, out, err = runner.ssh("ls", "-A", params["dest"])
    return rc == 0 and same_entries(out, os.listdir(params["src"]), ignore=PROBE), mount


def run(module):
    params = module.params
    name = unit_name(params["profile"], params["dest"])
    path = os.path.join(params["unit_dir"], name)
    runner = Runner(module)
    result = {"changed": False, "unit": name, "unit_path": path, "steps": [], "verified": None, "method": None}
    current = read(path)

    wanted = None
    if params["state"] == "present":
        if not (os.path.isfile(params["minikube_path"]) and os.access(params["minikube_path"], os.X_OK)):
            raise MinikubeError("minikube is not installed at {0}: install it first (the dataeng.airflow_lab.minikube "
                                "role does) or set minikube_path".format(params["minikube_path"]))
        if not os.path.isdir(params["src"]):
            raise MinikubeError("src {0} is not a folder on the host: create it first".format(params["src"]))
        rc, out, err = runner.minikube("status", "-o", "json")
        running, host = parse_status(out, rc)
        if not running:
            raise MinikubeError(
                "the minikube cluster (profile {0}) is not running (host: {1}): start it first, for example with "
                "systemctl start minikube-{0}.service, or run the dataeng.airflow_lab.minikube role".format(
                    params["profile"], host))
        wanted = render_unit(params, runner.home) if params["method"] == "9p" else None

    enabled = runner.systemctl("is-enabled", "--quiet", name)[0] == 0
    active = runner.systemctl("is-active", "--quiet", name)[0] == 0
    steps = plan(params["state"], current, wanted, enabled, active)
    result["steps"] = steps
    result["changed"] = bool(steps)
    if module._diff and (current or "") != (wanted or ""):
        result["diff"] = {"before": current or "", "after": wanted or "", "before_header": path, "after_header": path}
    if module.check_mode:
        if params["state"] == "present" and params["verify"]:
            result["verified"], mount = verify_by_reading(runner, params)
            if mount:
                result["mount"], result["method"] = mount, mount["method"]
        module.exit_json(**result)

    for step in steps:
        if step == "write":
            module.atomic_move(_write_temp(module, wanted), path)
            os.chmod(path, 0o644)
        elif step == "remove":
            os.unlink(path)
        elif step == "daemon_reload":
            _check(module, runner.systemctl("daemon-reload"), "systemctl daemon-reload")
        else:
            _check(module, runner.systemctl(step.replace("_", "-"), name), "systemctl {0} {1}".format(step, name))

    if params["state"] == "present" and params["verify"]:
        result["verified"], mount = verify(runner, params)
        if not result["verified"] and params["method"] == "bind":
            raise MinikubeError(
                "{0} in the node does not show {1} (the probe file was not read back within {2} s): the cluster was "
                "created without a bind mount of that folder. A bind mount is made only when the node is created "
                "(minikube start --mount --mount-string=HOST:NODE): delete and recreate the cluster (the "
                "dataeng.airflow_lab.minikube role does with minikube_on_drift: recreate; the data stays in the host "
                "folder), or use method 9p".format(params["dest"], params["src"], params["verify_timeout"]))
        if not result["verified"]:
            raise MinikubeError(
                "{0} runs but {1} in the node does not show {2} (the probe file was not read back within {3} s); "
                "look at journalctl -u {0}".format(name, params["dest"], params["src"], params["verify_timeout"]))
        result["mount"] = mount
        result["method"] = mount["method"] if mount else None
    module.exit_json(**result)


def _write_temp(module, content):
    fd, tmp = tempfile.mkstemp(dir=module.tmpdir)
    with os.fdopen(fd, "w") as handle:
        handle.write(content)
    return tmp


def _check(module, outcome, what):
    rc, out, err = outcome
    if rc != 0:
        raise MinikubeError("{0} failed (rc={1}): {2}".format(what, rc, (err or out).strip()))


def main():
    module = AnsibleModule(
        argument_spec=dict(
            src=dict(type="path", required=True),
            dest=dict(type="str", required=True),
            uid=dict(type="int", default=50000),
            gid=dict(type="int", default=0),
            profile=dict(type="str", default="minikube"),
            user=dict(type="str"),
            method=dict(type="str", choices=["9p", "bind"], default="9p"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            minikube_path=dict(type="path", default="/usr/local/bin/minikube"),
            cluster_unit=dict(type="str"),
            unit_dir=dict(type="path", default="/etc/systemd/system"),
            verify=dict(type="bool", default=True),
            verify_timeout=dict(type="int", default=60),
        ),
        required_if=[("state", "present", ["user"])],
        supports_check_mode=True,
    )
    if not module.params["dest"].startswith("/"):
        module.fail_json(msg="dest must be an absolute path inside the node, such as /data/dags; got {0}".format(
            module.params["dest"]))
    try:
        run(module)
    except MinikubeError as exc:
        module.fail_json(msg=str(exc))


if __name__ == "__main__":
    main()
