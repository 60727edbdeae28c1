"""A stand-in for the minikube CLI, for tests only (no cluster can run on the test machines).

It keeps a profile's state under $MINIKUBE_HOME (default ~/.minikube)/fake/<profile>/ and behaves like
minikube where the collection depends on it:
  start / stop / delete / status -o json / profile list -o json / version
  mount SRC:DEST  - a long-running process; the mount exists only while it runs (and the cluster runs)
  ssh -- CMD      - cat, ls, test -e, findmnt: the node sees a host folder only through a live mount
"""
import json
import os
import shutil
import signal
import sys
import time

VERSION = "v1.38.1"


def home():
    return os.environ.get("MINIKUBE_HOME") or os.path.join(os.path.expanduser("~"), ".minikube")


def profile_dir(profile):
    return os.path.join(home(), "fake", profile)


def read_json(path, default=None):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return default


def write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    os.replace(tmp, path)


def state(profile):
    return read_json(os.path.join(profile_dir(profile), "state.json"))


def alive(pid):
    try:
        with open("/proc/{0}/cmdline".format(pid), "rb") as handle:
            return b"mount" in handle.read()
    except OSError:
        return False


def live_mounts(profile):
    mounts = []
    folder = os.path.join(profile_dir(profile), "mounts")
    current = state(profile) or {}
    if current.get("status") != "Running" or not os.path.isdir(folder):
        return mounts
    for name in sorted(os.listdir(folder)):
        entry = read_json(os.path.join(folder, name))
        if entry and alive(entry["pid"]):
            mounts.append(entry)
    return mounts


def stop_mounts(profile):
    folder = os.path.join(profile_dir(profile), "mounts")
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        entry = read_json(os.path.join(folder, name))
        if entry and alive(entry["pid"]):
            try:
                os.kill(entry["pid"], signal.SIGTERM)
            except OSError:
                pass


def parse(argv):
    opts, args, rest = {}, [], []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest = argv[i + 1:]
            break
        if arg.startswith("--") and "=" in arg:
            key, value = arg[2:].split("=", 1)
            opts[key] = value
        elif arg in ("-p", "--profile", "-o", "--output", "--uid", "--gid", "--driver", "--cpus", "--memory",
                     "--disk-size", "--kubernetes-version", "--container-runtime", "--mount-string"):
            opts[arg.lstrip("-")] = argv[i + 1]
            i += 1
        elif arg.startswith("--"):
            opts[arg[2:]] = True
        else:
            args.append(arg)
        i += 1
    opts["profile"] = opts.get("p", opts.get("profile", "minikube"))
    opts["output"] = opts.get("o", opts.get("output", "text"))
    return args, opts, rest


def cmd_start(opts):
    profile = opts["profile"]
    wanted = {"Name": profile, "Driver": opts.get("driver", "docker"), "CPUs": int(opts.get("cpus", 2)),
              "Memory": int(str(opts.get("memory", "4096")).rstrip("mb")), "DiskSize": opts.get("disk-size", "20g"),
              "KubernetesConfig": {"KubernetesVersion": opts.get("kubernetes-version", "v1.35.1")}}
    current = state(profile)
    if current:
        if current["config"]["CPUs"] != wanted["CPUs"]:
            print("! You cannot change the CPUs for an existing minikube cluster. Please first delete the cluster.",
                  file=sys.stderr)
        if current["config"]["Memory"] != wanted["Memory"]:
            print("! You cannot change the memory size for an existing minikube cluster. Please first delete the cluster.",
                  file=sys.stderr)
        current["status"] = "Running"
        write_json(os.path.join(profile_dir(profile), "state.json"), current)
    else:
        write_json(os.path.join(profile_dir(profile), "state.json"), {"status": "Running", "config": wanted})
    os.makedirs(os.path.join(profile_dir(profile), "node"), exist_ok=True)
    print('* Done! kubectl is now configured to use "{0}" cluster and "default" namespace by default'.format(profile))
    return 0


def cmd_stop(opts):
    current = state(opts["profile"])
    if not current:
        print('* Profile "{0}" not found.'.format(opts["profile"]), file=sys.stderr)
        return 85
    stop_mounts(opts["profile"])
    current["status"] = "Stopped"
    write_json(os.path.join(profile_dir(opts["profile"]), "state.json"), current)
    print("* 1 node stopped.")
    return 0


def cmd_delete(opts):
    stop_mounts(opts["profile"])
    shutil.rmtree(profile_dir(opts["profile"]), ignore_errors=True)
    print('* Removed all traces of the "{0}" cluster.'.format(opts["profile"]))
    return 0


def cmd_status(opts):
    current = state(opts["profile"])
    if not current:
        doc = {"Name": opts["profile"], "Host": "Nonexistent", "Kubelet": "Nonexistent", "APIServer": "Nonexistent",
               "Kubeconfig": "Nonexistent", "Worker": False}
        code = 85
    else:
        up = current["status"] == "Running"
        doc = {"Name": opts["profile"], "Host": current["status"], "Kubelet": "Running" if up else "Stopped",
               "APIServer": "Running" if up else "Stopped", "Kubeconfig": "Configured" if up else "Stopped",
               "Worker": False}
        code = 0 if up else 7
    if opts["output"] == "json":
        print(json.dumps(doc))
    else:
        print("\n".join("{0}: {1}".format(k.lower(), v) for k, v in doc.items() if k != "Worker"))
    return code


def cmd_profile(args, opts):
    if not args or args[0] != "list":
        print("unsupported: profile {0}".format(" ".join(args)), file=sys.stderr)
        return 64
    valid = []
    base = os.path.join(home(), "fake")
    for name in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        current = state(name)
        if current:
            valid.append({"Name": name, "Status": current["status"], "Config": current["config"]})
    print(json.dumps({"invalid": [], "valid": valid}))
    return 0


def cmd_mount(args, opts):
    profile = opts["profile"]
    if (state(profile) or {}).get("status") != "Running":
        print('X Exiting due to GUEST_STATUS: The control-plane node {0} host is not running'.format(profile),
              file=sys.stderr)
        return 80
    src, dest = args[0].split(":", 1)
    if not os.path.isdir(src):
        print("X Exiting due to HOST_MOUNT_PATH: {0} does not exist".format(src), file=sys.stderr)
        return 64
    entry = {"pid": os.getpid(), "src": os.path.abspath(src), "dest": dest.rstrip("/") or "/",
             "uid": opts.get("uid", "docker"), "gid": opts.get("gid", "docker")}
    path = os.path.join(profile_dir(profile), "mounts", "{0}.json".format(dest.strip("/").replace("/", "_") or "root"))
    write_json(path, entry)

    def finish(*_unused):
        if (read_json(path) or {}).get("pid") == os.getpid():
            os.unlink(path)
        sys.exit(0)

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    print("* Mounting host path {0} into VM as {1} ...".format(src, dest), flush=True)
    print("* Successfully mounted {0} to {1}".format(src, dest), flush=True)
    while True:
        time.sleep(1)
        if (state(profile) or {}).get("status") != "Running":
            print("X the cluster went away, the mount is gone", file=sys.stderr)
            finish()


def node_path(profile, path):
    for mount in sorted(live_mounts(profile), key=lambda m: -len(m["dest"])):
        if path == mount["dest"] or path.startswith(mount["dest"] + "/"):
            return mount["src"] + path[len(mount["dest"]):]
    return os.path.join(profile_dir(profile), "node", path.lstrip("/"))


def cmd_ssh(args, opts, rest):
    profile = opts["profile"]
    if (state(profile) or {}).get("status") != "Running":
        print("X Exiting due to GUEST_STATUS: node {0} is not running".format(profile), file=sys.stderr)
        return 80
    words = (rest or args)
    if len(words) == 1:
        words = words[0].split()
    while words and words[0] == "sudo":
        words = words[1:]
    if not words:
        return 0
    tool, params = words[0], words[1:]
    if tool == "cat":
        code = 0
        for path in params:
            try:
                with open(node_path(profile, path), encoding="utf-8") as handle:
                    sys.stdout.write(handle.read())
            except OSError:
                print("cat: {0}: No such file or directory".format(path), file=sys.stderr)
                code = 1
        return code
    if tool == "ls":
        path = node_path(profile, params[-1] if params else "/")
        if not os.path.isdir(path):
            print("ls: cannot access '{0}': No such file or directory".format(params[-1]), file=sys.stderr)
            return 2
        print("\n".join(sorted(os.listdir(path))))
        return 0
    if tool == "test" and len(params) == 2:
        return 0 if os.path.exists(node_path(profile, params[1])) else 1
    if tool == "findmnt":
        targets = [p for p in params if p.startswith("/")]
        mounts = [m for m in live_mounts(profile) if not targets or m["dest"] in targets]
        if not mounts:
            return 1
        for mount in mounts:
            print("{0} 192.168.49.1 9p".format(mount["dest"]))
        return 0
    print("fake minikube ssh: unsupported command: {0}".format(" ".join(words)), file=sys.stderr)
    return 127


def main(argv):
    if not argv:
        print("usage: minikube COMMAND", file=sys.stderr)
        return 64
    command, args, opts, rest = argv[0], *parse(argv[1:])
    if command == "version":
        print(json.dumps({"minikubeVersion": VERSION}) if opts["output"] == "json" else
              ("{0}".format(VERSION) if opts.get("short") else "minikube version: {0}".format(VERSION)))
        return 0
    handlers = {"start": lambda: cmd_start(opts), "stop": lambda: cmd_stop(opts), "delete": lambda: cmd_delete(opts),
                "status": lambda: cmd_status(opts), "profile": lambda: cmd_profile(args, opts),
                "mount": lambda: cmd_mount(args, opts), "ssh": lambda: cmd_ssh(args, opts, rest)}
    if command not in handlers:
        print("fake minikube: unsupported command {0}".format(command), file=sys.stderr)
        return 64
    return handlers[command]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
