"""The Airflow run harness: Airflow's chart, as the airflow role configures it, running on a converged lab host's own
PostgreSQL and Redis.

    run.py up --host H --out DIR --executor E [--version V] --lab-user U --lab-dir D
              --db-password-file F --redis-password-file F [--admin-password TEXT] [--role-vars JSON]
    run.py down --host H

`up`, on the test machine (the Molecule controller):
  1. renders what the airflow role gives the cluster (its chart values and Secrets, the volumes role's claims and the
     minikube role's mounts: tests/integration/playbooks/chart_render.yml) with the host's generated passwords, and
     the example DAGs as the spark_operator role ships them (playbooks/dags.yml);
  2. renders the chart with the real helm (LAB_HELM, the chart archive in LAB_CHARTS_DIR);
  3. makes the lab folders as the minikube role does (owner the lab user, group 0, mode 2775), ships the DAGs into
     <lab_dir>/dags, and loads the harness's Airflow image (tests/harness/airflow-image.sh) into the host's Docker;
  4. starts the pods (pods.py up) and writes DIR/report.json: each pod's address, the admin's name and password file.

The statsd exporter's image cannot be pulled here: its Deployment is not run, and the report says so. Nothing of the
host's configuration is changed; `down` removes every container, volume and file the harness made, and the network.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import pods  # noqa: E402  pylint: disable=wrong-import-position

RELEASE = "airflow"
NAMESPACE = "airflow"
NOT_RUN = {"{0}-statsd".format(RELEASE): "the statsd exporter's image (quay.io/prometheus/statsd-exporter) cannot be "
                                         "pulled here; Airflow sends its metrics over UDP, and nothing waits for them"}


def role_version():
    """The airflow role's pinned Airflow version (its defaults' airflow_version)."""
    import yaml  # pylint: disable=import-outside-toplevel
    with open(os.path.join(ROOT, "roles", "airflow", "defaults", "main.yml"), encoding="utf-8") as handle:
        return str(yaml.safe_load(handle)["airflow_version"])


def _run(argv, **kwargs):
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs)
    if proc.returncode != 0:
        raise pods.RunFailed("{0} failed ({1}):\n{2}\n{3}".format(
            " ".join(argv[:4]), proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:]))
    return proc.stdout


def _playbook(name, extra, out):
    ansible = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_STDOUT_CALLBACK="default")
    _run([ansible, "-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=" + sys.executable,
          "-e", json.dumps(dict(extra, out_dir=out)), os.path.join(ROOT, "tests", "integration", "playbooks", name)],
         cwd=ROOT, env=env)


def render(args, out):
    """The role's values and Secrets, and the chart's manifests from them."""
    with open(args.db_password_file, encoding="utf-8") as handle:
        db_password = handle.read().strip()
    with open(args.redis_password_file, encoding="utf-8") as handle:
        redis_password = handle.read().strip()
    # The role generates the admin's password into its secrets folder once; a test may place one there first.
    secret_dir = os.path.join(out, "secrets", "localhost")
    os.makedirs(secret_dir, mode=0o700, exist_ok=True)
    admin_file = os.path.join(secret_dir, "airflow-admin-password")
    if args.admin_password is not None:
        with open(admin_file, "w", encoding="utf-8") as handle:
            handle.write(args.admin_password)
    case = {"name": "run", "version": args.version, "executor": args.executor, "release": RELEASE,
            "namespace": NAMESPACE, "password": db_password, "redis_password": redis_password,
            "lab_dir": args.lab_dir, "object_store": False}
    # The role's other settings (airflow_scheduler_replicas, say) as extra vars, the way a user gives them.
    _playbook("chart_render.yml", dict(args.role_vars, cases=[case]), out)
    with open(os.path.join(out, "run.json"), encoding="utf-8") as handle:
        given = json.load(handle)
    values = os.path.join(out, "values.json")
    with open(values, "w", encoding="utf-8") as handle:
        json.dump(given["values"], handle)
    helm = os.environ.get("LAB_HELM")
    charts = os.environ.get("LAB_CHARTS_DIR", os.path.join(ROOT, "..", "shared", "charts"))
    if not helm:
        raise pods.RunFailed("LAB_HELM must name the real helm binary (tests/harness/helm.sh)")
    manifests = _run([helm, "template", RELEASE, os.path.join(charts, "airflow-1.22.0.tgz"), "-n", NAMESPACE,
                      "-f", values], env=dict(os.environ, HELM_CACHE_HOME=os.path.join(out, "helm-cache"),
                                              HELM_CONFIG_HOME=os.path.join(out, "helm-config"),
                                              HELM_DATA_HOME=os.path.join(out, "helm-data")))
    with open(os.path.join(out, "manifests.yaml"), "w", encoding="utf-8") as handle:
        handle.write(manifests)
    return given, admin_file


def claims_of(given):
    """Each claim's host folder, through the volumes role's and the minikube role's chain: claim -> volume's path in
    the node -> the mount whose destination it is -> the host folder."""
    mounts = {m["dest"]: m["src"] for m in given["mounts"]}
    claims = {}
    for item in given["volumes"]:
        if item["path"] not in mounts:
            raise pods.RunFailed("claim {0}: no mount brings a host folder to {1}".format(item["claim"], item["path"]))
        claims[item["claim"]] = mounts[item["path"]].rstrip("/")
    return claims


def prepare_host(host, args, claims, out, image):
    for folder in sorted(set(claims.values())):
        host.run(["install", "-d", "-o", args.lab_user, "-g", "0", "-m", "2775", folder])
    dags = os.path.join(out, "dags")
    os.makedirs(dags, exist_ok=True)
    # As the spark_operator role ships them into a lab with the same settings (no object store here).
    _playbook("dags.yml", {"lab_object_store": False}, dags)
    dags_folder = claims["airflow-dags-claim"]
    for name in sorted(os.listdir(dags)):
        with open(os.path.join(dags, name), "rb") as handle:
            host.run(["install", "-o", args.lab_user, "-m", "0644", "/dev/stdin", dags_folder + "/" + name],
                     stdin=handle.read())
    if host.docker(["image", "inspect", image], check=False).returncode != 0:
        host.say("loading {0} into {1}'s Docker".format(image, host.host))
        save = subprocess.Popen(["docker", "save", image], stdout=subprocess.PIPE)
        load = subprocess.run(["docker", "exec", "-i", host.host, "docker", "load"], stdin=save.stdout,
                              capture_output=True, check=False)
        save.wait()
        if save.returncode != 0 or load.returncode != 0:
            raise pods.RunFailed("loading the image failed: " + load.stderr.decode("utf-8", "replace")[-2000:])


def up(args):
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    host = pods.Host(args.host)
    image = _run(["bash", os.path.join(ROOT, "tests", "harness", "airflow-image.sh"), args.version]).strip()
    given, admin_file = render(args, out)
    claims = claims_of(given)
    prepare_host(host, args, claims, out, image)
    import yaml  # pylint: disable=import-outside-toplevel
    with open(os.path.join(out, "manifests.yaml"), encoding="utf-8") as handle:
        manifests = [doc for doc in yaml.safe_load_all(handle) if doc]
    extra = [{"kind": "Secret", "name": s["name"], "data": s["data"]} for s in given["secrets"]]
    chart_image = "apache/airflow:{0}".format(given["values"].get("defaultAirflowTag", args.version))
    report = pods.up(host, manifests, extra, claims, {chart_image: image}, NOT_RUN, args.timeout, NAMESPACE)
    report.update(admin_user=given["values"]["createUserJob"]["defaultUser"]["username"], admin_password_file=admin_file, image=image, claims=claims,
                  executor=args.executor, version=args.version)
    with open(os.path.join(out, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=1, sort_keys=True)
    print(json.dumps(report, indent=1, sort_keys=True))


def main(argv=None):
    parser, own = pods.command_line(__doc__, ["up", "down"])
    p_up = own["up"]
    p_up.add_argument("--out", required=True)
    p_up.add_argument("--executor", required=True)
    p_up.add_argument("--version", default=os.environ.get("LAB_AIRFLOW_VERSION") or role_version(),
                      help="Airflow's version (default: the airflow role's airflow_version)")
    p_up.add_argument("--lab-user", required=True)
    p_up.add_argument("--lab-dir", required=True)
    p_up.add_argument("--db-password-file", required=True)
    p_up.add_argument("--redis-password-file", required=True)
    p_up.add_argument("--admin-password")
    p_up.add_argument("--role-vars", type=json.loads, default={}, help="JSON: more settings of the airflow role")
    p_up.add_argument("--timeout", type=int, default=900)
    return pods.run_cli("run", parser.parse_args(argv), lambda args: up(args) if args.action == "up"
                        else pods.down(pods.Host(args.host)))


if __name__ == "__main__":
    sys.exit(main())
