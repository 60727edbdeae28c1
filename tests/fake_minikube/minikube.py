"""A stand-in for the minikube CLI, for tests only (no cluster can run on the test machines).

It keeps a profile's state under $MINIKUBE_HOME (default ~/.minikube)/fake/<profile>/ and behaves like
minikube where the collection depends on it:
  start / stop / delete / status -o json / profile list -o json / version
  start --mount --mount-string=SRC:DEST - the docker driver's bind mount: made when the cluster is created,
                  fixed afterwards (another mount string on an existing cluster is GUEST_MOUNT_CONFLICT)
  mount SRC:DEST  - a long-running process; the mount exists only while it runs (and the cluster runs)
  ssh -- CMD      - cat, ls, test -e, findmnt [-T]: the node sees a host folder only through a live 9p mount or
                  the bind mount
  start --help    - the flags' help; --base-image's default names the node image this release pins
  start --base-image=IMAGE - like minikube offline: the image must be in the host's Docker (it cannot be pulled)
  image load NAME / image ls --format json - the node's images, loaded from the host's Docker by name
  start --download-only - like minikube's: fills $MINIKUBE_HOME/cache with the preload and (docker driver) the node
                  image's archive, each only when the cache lacks it; a new cluster also takes the preload from the
                  cache, or downloads it. Each download is a line in $MINIKUBE_HOME/fake/downloads.log.

The node is a real container where it can be: when the user can run docker and /bin/busybox exists (the test
prepares both), `start` creates a container of a busybox image it imports, with the bind mount of --mount-string
as a real `docker run -v`; `stop`, `delete` and the next `start` stop, remove and start it, `ssh` runs in it with
`docker exec`, and findmnt reads its mount table. 9p stays emulated (a container cannot mount 9p here): a live
`minikube mount` process shows its folder over the node's own. Without docker (or with FAKE_MINIKUBE_EMULATE=1)
the whole node is emulated.
"""
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time

VERSION = "v1.38.1"
# The node image this fake release pins, as minikube start --help gives it (the real one adds @sha256:<digest>).
BASE_IMAGE = "gcr.io/k8s-minikube/kicbase:v0.0.49"


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


NODE_IMAGE = "airflow-lab-fake-node:busybox"
BUSYBOX = "/bin/busybox"
APPLETS = ("sh", "cat", "ls", "test", "sleep", "echo", "mkdir", "id", "rm")


def docker(*args, **kwargs):
    return subprocess.run(["docker"] + list(args), capture_output=True, text=True, check=False, **kwargs)


def real_node_possible():
    # FAKE_MINIKUBE_EMULATE=1: the whole node emulated even where docker runs (a test on the test machine itself).
    if os.environ.get("FAKE_MINIKUBE_EMULATE") or not (shutil.which("docker") and os.path.isfile(BUSYBOX)):
        return False
    return docker("info", "--format", "{{.ServerVersion}}").returncode == 0


def node_image():
    """A node image made of busybox alone (nothing can be pulled here), imported once."""
    if docker("image", "inspect", NODE_IMAGE).returncode == 0:
        return NODE_IMAGE
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for folder in ("bin", "data", "tmp", "proc", "sys", "dev", "etc"):
            info = tarfile.TarInfo(folder)
            info.type, info.mode = tarfile.DIRTYPE, 0o1777 if folder == "tmp" else 0o755
            tar.addfile(info)
        tar.add(BUSYBOX, arcname="bin/busybox")
        for applet in APPLETS:
            info = tarfile.TarInfo("bin/" + applet)
            info.type, info.linkname = tarfile.SYMTYPE, "busybox"
            tar.addfile(info)
    proc = subprocess.run(["docker", "import", "-", NODE_IMAGE], input=buffer.getvalue(), capture_output=True,
                          check=False)
    if proc.returncode != 0:
        raise SystemExit("fake minikube: docker import failed: {0}".format(proc.stderr.decode()[-300:]))
    return NODE_IMAGE


def real_node(profile):
    """The node's container name when this profile's node is a real container."""
    return profile if (state(profile) or {}).get("real_node") else None


# minikube's flags that may be given more than once, and the profile config fields they fill.
REPEATABLE = {"docker-env": "DockerEnv", "registry-mirror": "RegistryMirror", "insecure-registry": "InsecureRegistry"}


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
            if key in REPEATABLE:
                opts.setdefault(key, []).append(value)
            else:
                opts[key] = value
        elif arg in ("-p", "--profile", "-o", "--output", "--uid", "--gid", "--driver", "--cpus", "--memory",
                     "--disk-size", "--kubernetes-version", "--container-runtime", "--mount-string", "--format"):
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


# As minikube names them (pkg/minikube/download/preload.go; v18 is the preload release of minikube 1.3x).
PRELOAD_VERSION = "v18"
ARCHES = {"x86_64": "amd64", "aarch64": "arm64"}


def arch():
    return ARCHES.get(os.uname().machine, os.uname().machine)


def download(what, path):
    """What real minikube fetches from outside: a stand-in file, and a line in the fake's download log."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write("fake minikube stand-in for {0}\n".format(what).encode())
    log = os.path.join(home(), "fake", "downloads.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, "a", encoding="utf-8") as handle:
        handle.write("{0} {1}\n".format(what, path))


def preload(opts):
    """minikube's preload for the Kubernetes version and runtime, from its cache folder or downloaded into it."""
    name = "preloaded-images-k8s-{0}-{1}-{2}-overlay2-{3}.tar.lz4".format(
        PRELOAD_VERSION, opts.get("kubernetes-version", "v1.35.1"), opts.get("container-runtime", "docker"), arch())
    path = os.path.join(home(), "cache", "preloaded-tarball", name)
    if not os.path.isfile(path):
        download("preload", path)
    return path


def download_only(opts, base):
    """start --download-only: the preload, and with the docker driver the node image as an archive in cache/kic
    (skipped when an archive of that name is there: ImageExistsInCache)."""
    preload(opts)
    if opts.get("driver", "docker") == "docker":
        archive = os.path.join(home(), "cache", "kic", arch(), base.rsplit("/", 1)[-1].replace(":", "_") + ".tar")
        if not (os.path.isfile(archive) and os.path.getsize(archive) > 0):
            download("kic", archive)
    print("* Download complete!")
    return 0


def cmd_start(opts):
    if opts.get("help"):
        print("Starts a local Kubernetes cluster\n\nOptions:\n"
              "    --base-image='{0}':\n\tThe base image to use for docker/podman drivers. Intended for local "
              "development.\n".format(BASE_IMAGE))
        return 0
    profile = opts["profile"]
    base = opts.get("base-image", BASE_IMAGE)
    if opts.get("download-only"):
        return download_only(opts, base)
    if "base-image" in opts and real_node_possible() and docker("image", "inspect", base).returncode != 0:
        # What minikube does offline when the image is neither in the host's Docker nor in its cache.
        print("X Exiting due to GUEST_PROVISION: error provisioning guest: Failed to start host: unable to pull "
              "{0}: no route to the registry".format(base), file=sys.stderr)
        return 80
    wanted = {"Name": profile, "Driver": opts.get("driver", "docker"), "CPUs": int(opts.get("cpus", 2)),
              "Memory": int(str(opts.get("memory", "4096")).rstrip("mb")), "DiskSize": opts.get("disk-size", "20g"),
              "KubernetesConfig": {"KubernetesVersion": opts.get("kubernetes-version", "v1.35.1")},
              # As minikube v1.37 and later: --mount-string alone makes the container volume (--mount is ignored),
              # recorded in ContainerVolumeMounts.
              "MountString": opts.get("mount-string", ""),
              "ContainerVolumeMounts": [opts["mount-string"]] if opts.get("mount-string") else [],
              "KicBaseImage": base, "Preload": ""}
    wanted.update({field: opts.get(flag, []) for flag, field in REPEATABLE.items()})
    current = state(profile)
    if current and wanted["MountString"]:
        previous = (current["config"].get("ContainerVolumeMounts") or [""])[0]
        if previous != wanted["MountString"]:
            print("X Exiting due to GUEST_MOUNT_CONFLICT: Sorry, docker does not allow mounts to be changed after "
                  "container creation (previous mount: '{0}', new mount: '{1})'".format(previous, wanted["MountString"]),
                  file=sys.stderr)
            return 81
    if current:
        if current.get("real_node"):
            started = docker("start", profile)
            if started.returncode != 0:
                print("X Exiting due to GUEST_PROVISION: docker start {0}: {1}".format(profile, started.stderr.strip()),
                      file=sys.stderr)
                return 80
        if current["config"]["CPUs"] != wanted["CPUs"]:
            print("! You cannot change the CPUs for an existing minikube cluster. Please first delete the cluster.",
                  file=sys.stderr)
        if current["config"]["Memory"] != wanted["Memory"]:
            print("! You cannot change the memory size for an existing minikube cluster. Please first delete the cluster.",
                  file=sys.stderr)
        current["status"] = "Running"
        write_json(os.path.join(profile_dir(profile), "state.json"), current)
    else:
        real = real_node_possible()
        if real:
            mount = ["-v", wanted["ContainerVolumeMounts"][0]] if wanted["ContainerVolumeMounts"] else []
            docker("rm", "-f", profile)
            created = docker("run", "-d", "--name", profile, "--hostname", profile, *mount, node_image(),
                             "sh", "-c", "while :; do sleep 3600; done")
            if created.returncode != 0:
                print("X Exiting due to GUEST_PROVISION: docker run: {0}".format(created.stderr.strip()),
                      file=sys.stderr)
                return 80
        else:
            print("fake minikube: no docker or no {0}: the node is emulated".format(BUSYBOX), file=sys.stderr)
        wanted["Preload"] = preload(opts)
        write_json(os.path.join(profile_dir(profile), "state.json"),
                   {"status": "Running", "config": wanted, "real_node": real})
    os.makedirs(os.path.join(profile_dir(profile), "node"), exist_ok=True)
    # What real minikube's own downloads (the node image, the preload) would go through: for the tests to read.
    write_json(os.path.join(profile_dir(profile), "start-environment.json"),
               {name: os.environ[name] for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY") if name in os.environ})
    print('* Done! kubectl is now configured to use "{0}" cluster and "default" namespace by default'.format(profile))
    return 0


def cmd_stop(opts):
    current = state(opts["profile"])
    if not current:
        print('* Profile "{0}" not found.'.format(opts["profile"]), file=sys.stderr)
        return 85
    stop_mounts(opts["profile"])
    if current.get("real_node"):
        docker("stop", "-t", "1", opts["profile"])
    current["status"] = "Stopped"
    write_json(os.path.join(profile_dir(opts["profile"]), "state.json"), current)
    print("* 1 node stopped.")
    return 0


def cmd_delete(opts):
    stop_mounts(opts["profile"])
    if real_node(opts["profile"]):
        docker("rm", "-f", opts["profile"])
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


def cmd_image(args, opts):
    """image ls --format json (what the node holds) and image load NAME (from the host's Docker, by name)."""
    profile = opts["profile"]
    current = state(profile)
    if not current or current.get("status") != "Running":
        print("X Exiting due to GUEST_STATUS: The control-plane node {0} host is not running".format(profile),
              file=sys.stderr)
        return 80
    images = current.setdefault("images", [])
    if args[:1] == ["ls"]:
        print(json.dumps(images) if opts["output"] == "json" or opts.get("format") == "json"
              else "\n".join(tag for image in images for tag in image["repoTags"]))
        return 0
    if args[:1] == ["load"] and len(args) == 2:
        found = docker("image", "inspect", "--format", "{{.Id}}", args[1])
        if found.returncode != 0:
            print("X Exiting due to GUEST_IMAGE_LOAD: Failed to load image: {0} is not in the host's Docker"
                  .format(args[1]), file=sys.stderr)
            return 80
        image_id = found.stdout.strip().split(":", 1)[-1]
        images[:] = [image for image in images if args[1] not in image["repoTags"]]
        images.append({"id": image_id, "repoDigests": [], "repoTags": [args[1]], "size": "0"})
        write_json(os.path.join(profile_dir(profile), "state.json"), current)
        return 0
    print("fake minikube: unsupported: image {0}".format(" ".join(args)), file=sys.stderr)
    return 64


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


def bind_mount(profile):
    """The bind mount the cluster was created with ({src, dest, fstype: ext4}), or None."""
    config = (state(profile) or {}).get("config", {})
    if not config.get("ContainerVolumeMounts") or (state(profile) or {}).get("status") != "Running":
        return None
    src, dest = config["ContainerVolumeMounts"][0].split(":", 1)
    return {"src": src, "dest": dest.rstrip("/") or "/", "fstype": "ext4", "source": "/dev/sda1[{0}]".format(src)}


def all_mounts(profile):
    bind = bind_mount(profile)
    return [dict(m, fstype="9p", source="192.168.49.1") for m in live_mounts(profile)] + ([bind] if bind else [])


def real_mounts(profile):
    """The real node's mount table as findmnt prints it: (target, source, fstype), bind mounts as
    'source[/folder]' like findmnt does."""
    out = docker("exec", profile, "cat", "/proc/self/mountinfo").stdout
    mounts = []
    for line in out.splitlines():
        fields = line.split()
        dash = fields.index("-")
        root, target, fstype, source = fields[3], fields[4], fields[dash + 1], fields[dash + 2]
        mounts.append((target, source + ("[{0}]".format(root) if root != "/" else ""), fstype))
    return mounts


def emulated_9p(profile, path):
    for mount in sorted(live_mounts(profile), key=lambda m: -len(m["dest"])):
        if path == mount["dest"] or path.startswith(mount["dest"] + "/"):
            return mount["src"] + path[len(mount["dest"]):]
    return None


def node_path(profile, path):
    for mount in sorted(all_mounts(profile), key=lambda m: -len(m["dest"])):
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
    node = real_node(profile)
    paths = [p for p in params if p.startswith("/")]
    if node and tool in ("cat", "ls", "test") and not any(emulated_9p(profile, p) for p in paths):
        proc = docker("exec", node, tool, *params)
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr)
        return proc.returncode
    if node and tool == "findmnt" and "-T" in params and paths and not emulated_9p(profile, paths[0]):
        held = [m for m in real_mounts(node) if paths[0] == m[0] or paths[0].startswith(m[0].rstrip("/") + "/")]
        target, source, fstype = sorted(held, key=lambda m: -len(m[0]))[0]
        print("{0} {1} {2}".format(target, source, fstype))
        return 0
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
        targets = [p.rstrip("/") for p in params if p.startswith("/")]
        mounts = all_mounts(profile)
        if "-T" in params:  # the mount that holds the path; the node's root when no host folder does
            held = [m for m in mounts if targets and (targets[0] == m["dest"] or targets[0].startswith(m["dest"] + "/"))]
            root = {"dest": "/", "source": "overlay", "fstype": "overlay"}
            mounts = sorted(held, key=lambda m: -len(m["dest"]))[:1] or [root]
        else:
            mounts = [m for m in mounts if not targets or m["dest"] in targets]
        if not mounts:
            return 1
        for mount in mounts:
            print("{0} {1} {2}".format(mount["dest"], mount["source"], mount["fstype"]))
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
                "mount": lambda: cmd_mount(args, opts), "ssh": lambda: cmd_ssh(args, opts, rest),
                "image": lambda: cmd_image(args, opts)}
    if command not in handlers:
        print("fake minikube: unsupported command {0}".format(command), file=sys.stderr)
        return 64
    return handlers[command]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
