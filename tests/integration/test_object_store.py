"""The S3 pipeline: the object store (SeaweedFS), its credentials where the pods use them, Airflow's remote logging and
S3 connection, and the Spark example's s3a settings.

- The charts rendered with the real helm from what the roles give them: every Secret and key a pod references exists
  in its namespace (the store's Secret, or its copy), the buckets are declared in the chart's bucket Job, the endpoint
  Airflow and Spark use is the Service the chart creates, the store's data is on the claim the role binds.
- A real S3 API (moto's server on the loopback): Airflow's own remote-logging setup (airflow_local_settings, from the
  rendered config and environment) writes a task log to the logs bucket and reads it back; boto3, standing in for
  s3a, writes and reads an object in the data bucket with the Spark settings; the S3 example DAG's last task reads a
  result back; the keys with reserved characters arrive intact through Airflow's connection.
- The collection's own copies of the Secret against the fake API server: created, updated after a change of the keys,
  repaired after a hand edit or a deletion, left alone when equal; Reflector's annotations leave the source.
- Bad input stops before any change with a message naming the variable.
"""
import ast
import base64
import json
import os
import socket
import subprocess
import sys
import time

import jinja2
import jsonschema
import pytest
import yaml

from conftest import PLAYBOOKS, ROOT, apps_layer_refuses, need_program, real_helm, runner, start_server

CHARTS = os.environ.get("LAB_CHARTS_DIR", os.path.join(ROOT, "..", "shared", "charts"))
SEAWEEDFS = os.path.join(CHARTS, "seaweedfs-4.44.0")
REFLECTOR = os.path.join(CHARTS, "reflector-10.0.63")
AIRFLOW_ARCHIVE = os.path.join(CHARTS, "airflow-1.22.0.tgz")
SPARK_CRD = os.path.join(CHARTS, "spark-operator-2.5.2", "crds", "sparkoperator.k8s.io_sparkapplications.yaml")
# A key a user could put in the keys' folder: every character that breaks a URL, a JSON string or a shell word.
ODD_KEY = "p@ss:w/rd?#%&=+ \"'\\{}[]$`é"


@pytest.fixture(scope="module")
def helm():
    return real_helm(SEAWEEDFS, REFLECTOR, os.path.dirname(SPARK_CRD))


def render(out, **settings):
    """Run playbooks/s3_render.yml (the roles' own render tasks) and return what it wrote, or the failed run."""
    given = {"out_dir": str(out), "lab_user": "student", "lab_secrets_dir": str(out / "secrets"),
             "airflow_db_password": "x", "airflow_redis_password": "y"}
    given.update(settings)
    # LAB_CONTROLLER_BIN: another controller's bin folder (tests/harness/controllers.sh), as for runner().
    controller = os.environ.get("LAB_CONTROLLER_BIN") or os.path.dirname(sys.executable)
    proc = subprocess.run([os.path.join(controller, "ansible-playbook"), "-i", "localhost,", "-c", "local",
                           "-e", "ansible_python_interpreter=" + sys.executable, "-e", json.dumps(given),
                           os.path.join(PLAYBOOKS, "s3_render.yml")], cwd=ROOT, capture_output=True, text=True, check=False,
                          timeout=300, env=dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg")))
    if proc.returncode != 0:
        return proc
    with open(os.path.join(str(out), "s3.json"), encoding="utf-8") as handle:
        return json.load(handle)


def template(helm, chart, release, namespace, values, tmp_path):
    path = tmp_path / (release + "-values.yaml")
    path.write_text(yaml.safe_dump(values), encoding="utf-8")
    proc = subprocess.run([helm, "template", release, chart, "-n", namespace, "-f", str(path)], capture_output=True,
                          text=True, check=False, timeout=300,
                          env=dict(os.environ, HELM_CACHE_HOME=str(tmp_path / "cache"), HELM_CONFIG_HOME=str(tmp_path / "config"),
                                   HELM_DATA_HOME=str(tmp_path / "data")))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [doc for doc in yaml.safe_load_all(proc.stdout) if doc]


def walk(node, key, found):
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                found.append(value)
            walk(value, key, found)
    elif isinstance(node, list):
        for value in node:
            walk(value, key, found)
    return found


def pod_specs(docs):
    specs = [d["spec"]["template"]["spec"] for d in docs if d["kind"] in ("Deployment", "StatefulSet", "Job")]
    templates = [d for d in docs if d["kind"] == "ConfigMap" and "pod_template_file.yaml" in d.get("data", {})]
    return specs + [yaml.safe_load(t["data"]["pod_template_file.yaml"])["spec"] for t in templates]


def secret_keys(given, namespace, docs=()):
    """The Secrets of a namespace and their keys: the chart's, and the store's source or copy."""
    keys = {d["metadata"]["name"]: set(d.get("data") or {}) | set(d.get("stringData") or {}) for d in docs if d["kind"] == "Secret"}
    if namespace == given["store_namespace"] or namespace in given["copies"]:
        keys.setdefault(given["secret_name"], set()).update(given["secret_data"])
    return keys


def unmet_references(docs, keys):
    refs = walk(docs, "secretKeyRef", [])
    volumes = [v["secret"]["secretName"] for spec in pod_specs(docs) for v in spec.get("volumes") or [] if "secret" in v]
    return ([r for r in refs if r["key"] not in keys.get(r["name"], set()) and not r.get("optional")]
            + [name for name in volumes if name not in keys])


def service_url(docs, given):
    """The S3 URL of the store's Service, as the chart renders it."""
    for doc in docs:
        if doc["kind"] == "Service":
            for port in doc["spec"]["ports"]:
                if port.get("name") == "swfs-s3":
                    return "http://{0}.{1}.svc:{2}".format(doc["metadata"]["name"], given["store_namespace"], port["port"])
    raise AssertionError("the chart renders no S3 service")


def test_the_charts_get_the_secrets_buckets_and_endpoint_they_reference(helm, tmp_path):
    given = render(tmp_path)
    assert isinstance(given, dict), given.stdout[-3000:]
    store = template(helm, SEAWEEDFS, given["store_release"], given["store_namespace"], given["store_values"], tmp_path)
    # The store's pod: the Secret and keys it reads are the role's, the data on the role's claim, one pod that fits.
    assert unmet_references(store, secret_keys(given, given["store_namespace"], store)) == []
    assert {ref["name"] for ref in walk(store, "secretKeyRef", [])} == {given["secret_name"]}
    deployments = [d for d in store if d["kind"] in ("Deployment", "StatefulSet")]
    assert [d["metadata"]["name"] for d in deployments] == [given["store_release"] + "-all-in-one"]
    spec = deployments[0]["spec"]["template"]["spec"]
    assert {v["name"]: v.get("persistentVolumeClaim", {}).get("claimName") for v in spec["volumes"]}["data"] == "object-store-claim"
    assert spec["containers"][0]["resources"]["limits"]["memory"] == "768Mi"
    # No key made up by the chart: its generated Secret only holds the configuration that names the environment.
    generated = next(d for d in store if d["kind"] == "Secret" and d["metadata"]["name"].endswith("-s3-secret"))
    assert set(generated["stringData"]) == {"seaweedfs_s3_config"} and "${" in generated["stringData"]["seaweedfs_s3_config"]
    # The buckets, created by the chart's bucket Job.
    job = next(d for d in store if d["kind"] == "Job")
    script = " ".join(job["spec"]["template"]["spec"]["containers"][0]["command"])
    assert given["buckets"] == [given["data_bucket"], given["logs_bucket"]]
    for bucket in given["buckets"]:
        assert "s3.bucket.create --name " + bucket in script
    # The rights the role checks on an existing cluster cover every object the chart creates.
    kinds = {(r.get("group", ""), r["resource"], r.get("namespace")) for r in given["access"] if "create" in r["verbs"]}
    for doc in store:
        group = doc["apiVersion"].rsplit("/", 1)[0] if "/" in doc["apiVersion"] else ""
        assert (group, doc["kind"].lower() + "s", given["store_namespace"]) in kinds, doc["kind"]
    # The endpoint the roles give Airflow and Spark is the chart's Service.
    assert given["endpoint"] == service_url(store, given) == "http://seaweedfs-all-in-one.storage.svc:8333"

    # Airflow: every container gets the keys from the copy in its namespace, the connection and remote logging.
    values = json.loads(json.dumps(given["airflow_values"]))
    airflow = template(helm, AIRFLOW_ARCHIVE, "airflow", given["airflow_namespace"], values, tmp_path)
    assert given["airflow_namespace"] in given["copies"]
    keys = secret_keys(given, given["airflow_namespace"], airflow)
    missing = [r for r in walk(airflow, "secretKeyRef", []) if r["name"] == given["secret_name"] and r["key"] not in keys[r["name"]]]
    assert missing == []
    for spec in pod_specs(airflow):
        for container in spec["containers"]:
            env = {e["name"]: e for e in container.get("env") or []}
            if container["name"] in ("scheduler", "worker", "triggerer", "dag-processor", "api-server", "base"):
                assert env["AWS_SECRET_ACCESS_KEY"]["valueFrom"]["secretKeyRef"]["name"] == given["secret_name"], container["name"]
                conn = json.loads(env["AIRFLOW_CONN_LAB_S3"]["value"])
                assert conn["extra"]["endpoint_url"] == given["endpoint"] and "password" not in conn, container["name"]
    config = next(d for d in airflow if d["kind"] == "ConfigMap" and "airflow.cfg" in d.get("data", {}))["data"]["airflow.cfg"]
    assert "remote_logging = True" in config
    assert "remote_base_log_folder = s3://{0}/logs".format(given["logs_bucket"]) in config
    assert "remote_log_conn_id = lab_s3" in config

    # Spark: the example application validates against the CRD; its keys come from the copy in the job namespace,
    # its s3a endpoint is the Service, its script is the role's ConfigMap there.
    crd = yaml.safe_load(open(SPARK_CRD, encoding="utf-8"))
    schema = next(v for v in crd["spec"]["versions"] if v["name"] == "v1beta2")["schema"]["openAPIV3Schema"]
    app = yaml.safe_load(jinja2.Template(given["spark_s3"]).render(ts_nodash="20260101T000000"))
    jsonschema.Draft7Validator(schema).validate(app)
    assert app["metadata"]["namespace"] == given["spark_namespace"] and given["spark_namespace"] in given["copies"]
    for pod in ("driver", "executor"):
        refs = walk(app["spec"][pod]["env"], "secretKeyRef", [])
        wanted = {(given["secret_name"], "AWS_ACCESS_KEY_ID"), (given["secret_name"], "AWS_SECRET_ACCESS_KEY")}
        assert {(r["name"], r["key"]) for r in refs} == wanted
    assert app["spec"]["sparkConf"]["spark.hadoop.fs.s3a.endpoint"] == given["endpoint"]
    assert app["spec"]["sparkConf"]["spark.hadoop.fs.s3a.path.style.access"] == "true"
    assert app["spec"]["arguments"] == ["s3a://{0}/spark-s3/20260101T000000".format(given["data_bucket"])]
    configmap = given["spark_objects"][0]
    assert configmap["metadata"] == {"name": app["spec"]["driver"]["configMaps"][0]["name"], "namespace": given["spark_namespace"],
                                     "labels": {"app.kubernetes.io/part-of": "airflow-lab"}}
    script = configmap["data"][app["spec"]["mainApplicationFile"].rsplit("/", 1)[1]]
    ast.parse(script)
    dag = ast.parse(given["spark_s3_dag"])
    constants = {n.targets[0].id: n.value.value for n in dag.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)}
    assert constants["BUCKET"] == given["data_bucket"] and constants["CONN_ID"] == "lab_s3"
    assert constants["APPLICATION"] == "spark-s3-{{ ts_nodash | lower }}"

    # Without Reflector the source carries none of its annotations.
    assert given["source_annotations"] == {}


def test_reflector_mode_annotates_the_source_and_its_chart_renders(helm, tmp_path):
    given = render(tmp_path, object_store_replication="reflector")
    assert isinstance(given, dict), given.stdout[-3000:]
    prefix = "reflector.v1.k8s.emberstack.com/"
    namespaces = ",".join(given["copies"])
    assert given["source_annotations"] == {prefix + "reflection-allowed": "true", prefix + "reflection-allowed-namespaces": namespaces,
                                           prefix + "reflection-auto-enabled": "true", prefix + "reflection-auto-namespaces": namespaces}
    docs = template(helm, REFLECTOR, "reflector", "reflector", given["reflector_values"], tmp_path)
    images = [c["image"] for spec in pod_specs(docs) for c in spec["containers"]]
    assert images == ["docker.io/emberstack/kubernetes-reflector:10.0.63"]
    # Reflector watches Secrets everywhere: its ClusterRole can read and write them.
    role = next(d for d in docs if d["kind"] == "ClusterRole")
    verbs = {v for rule in role["rules"] if "secrets" in rule.get("resources", []) for v in rule["verbs"]}
    assert {"get", "list", "watch", "create", "update"} <= verbs or "*" in verbs
    # The rights the role checks on an existing cluster cover what Reflector's chart creates.
    kinds = {(r.get("group", ""), r["resource"]) for r in given["access"] if "create" in r["verbs"]}
    for doc in docs:
        group = doc["apiVersion"].rsplit("/", 1)[0] if "/" in doc["apiVersion"] else ""
        assert (group, doc["kind"].lower() + "s") in kinds, doc["kind"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3_server():
    """moto's S3 server on the loopback (tests/harness/moto.sh)."""
    python = need_program("LAB_MOTO_PYTHON")
    port = free_port()
    proc = subprocess.Popen([python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("moto's server did not start")
    yield "http://127.0.0.1:{0}".format(port)
    proc.terminate()
    proc.wait(timeout=30)


CLIENT = r'''
import json, os, pathlib, sys
given = json.loads(sys.stdin.read())
import boto3
from botocore.config import Config

# The buckets, as the chart's bucket Job makes them.
admin = boto3.client("s3", endpoint_url=given["endpoint"], region_name="us-east-1")
for bucket in given["buckets"]:
    admin.create_bucket(Bucket=bucket)

# Airflow builds its remote log IO from its configuration (airflow_local_settings), as in every pod.
from airflow.config_templates import airflow_local_settings as settings
io = settings.REMOTE_TASK_LOG
assert type(io).__name__ == "S3RemoteLogIO", type(io)
relative = "dag_id=lab/run_id=manual/task_id=hello/attempt=1.log"
local = pathlib.Path(settings.BASE_LOG_FOLDER, relative)
local.parent.mkdir(parents=True, exist_ok=True)
local.write_text("hello from the lab's task\n")
io.upload(relative)
sources, messages = io.read(relative, None)
credentials = io.hook.get_credentials()
listed = [o["Key"] for o in admin.list_objects_v2(Bucket=given["logs_bucket"]).get("Contents", [])]

# boto3 with Spark's s3a settings: the endpoint, path-style addressing, the keys from the environment.
conf = given["spark_conf"]
spark = boto3.client("s3", endpoint_url=conf["spark.hadoop.fs.s3a.endpoint"], region_name="us-east-1",
                     use_ssl=conf["spark.hadoop.fs.s3a.connection.ssl.enabled"] == "true",
                     config=Config(s3={"addressing_style": "path" if conf["spark.hadoop.fs.s3a.path.style.access"] == "true" else "auto"}))
spark.put_object(Bucket=given["data_bucket"], Key="spark-s3/run/part-00000.txt", Body=b'{"pi": 3.14}\n')
body = spark.get_object(Bucket=given["data_bucket"], Key="spark-s3/run/part-00000.txt")["Body"].read().decode()
# The S3 example's last task, as the role ships it, reads what "the job" wrote, through Airflow's connection.
spark.put_object(Bucket=given["data_bucket"], Key="spark-s3/20260101T000000/part-00000-x.txt",
                 Body=b'{"samples": 200000, "pi": 3.1416}\n')
dag_file = pathlib.Path(os.environ["AIRFLOW_HOME"], "dags", "spark_s3_dag.py")
dag_file.parent.mkdir(parents=True, exist_ok=True)
dag_file.write_text(given["spark_s3_dag"])
import importlib.util
spec = importlib.util.spec_from_file_location("spark_s3_dag", dag_file)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
read_back = module.dag.get_task("read_result").python_callable(ts_nodash="20260101T000000")
print(json.dumps({"read_back": read_back, "sources": [str(s) for s in sources], "messages": [str(m) for m in messages or []], "listed": listed,
                  "access_key": credentials.access_key, "secret_key": credentials.secret_key,
                  "endpoint": io.hook.conn_config.endpoint_url, "body": body}))
'''


def test_airflow_logs_and_spark_data_reach_a_real_s3_through_the_rendered_settings(s3_server, tmp_path):
    python = need_program("LAB_AIRFLOW_PYTHON")
    # Keys a user could have put in the keys' folder: the roles take them as they are.
    folder = tmp_path / "secrets" / "localhost"
    folder.mkdir(parents=True)
    (folder / "s3-secret-access-key").write_text(ODD_KEY, encoding="utf-8")
    given = render(tmp_path, lab_s3_endpoint=s3_server)
    assert isinstance(given, dict), given.stdout[-3000:]
    keys = {name: base64.b64decode(value).decode() for name, value in given["secret_data"].items()}
    assert keys["AWS_SECRET_ACCESS_KEY"] == ODD_KEY

    # A pod's environment, from the rendered values: the chart's env and secret lists, airflow.cfg's sections.
    values = given["airflow_values"]
    env = {"AIRFLOW_HOME": str(tmp_path / "airflow"), "PATH": os.environ["PATH"], "HOME": str(tmp_path),
           "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(tmp_path / "logs")}
    env.update({e["name"]: e["value"] for e in values["env"]})
    env.update({s["envName"]: keys[s["secretKey"]] for s in values["secret"]})
    env.update({"AIRFLOW__{0}__{1}".format(section.upper(), key.upper()): str(value)
                for section, options in values["config"].items() for key, value in options.items()})
    spark_conf = yaml.safe_load(jinja2.Template(given["spark_s3"]).render(ts_nodash="x"))["spec"]["sparkConf"]
    proc = subprocess.run([python, "-c", CLIENT], input=json.dumps(dict(given, spark_conf=spark_conf)), capture_output=True,
                          text=True, check=False, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-4000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["listed"] == ["logs/dag_id=lab/run_id=manual/task_id=hello/attempt=1.log"]
    assert any("hello from the lab's task" in m for m in got["messages"]), got
    assert got["endpoint"] == s3_server
    assert (got["access_key"], got["secret_key"]) == (keys["AWS_ACCESS_KEY_ID"], ODD_KEY)
    assert got["body"] == '{"pi": 3.14}\n'
    assert got["read_back"] == {"samples": 200000, "pi": 3.1416}


def b64(text):
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
def cluster(tmp_path):
    server = start_server(tmp_path, extra=("secrets",))
    yield server
    server.stop()


def test_the_collection_keeps_the_copies_equal_to_the_source(cluster, tmp_path):
    run = runner(cluster, tmp_path)
    given = {"lab_secrets_dir": str(tmp_path / "secrets"), "lab_k8s_python": sys.executable, "lab_user": "student",
             "object_store_kubeconfig": cluster.kubeconfig, "object_store_kube_context": "fake"}
    namespaces = ["storage", "airflow", "processing"]

    def secrets():
        return {ns: cluster.cluster.get("secrets", ns, "lab-s3-credentials") for ns in namespaces
                if ("secrets", ns, "lab-s3-credentials") in cluster.cluster.objects}

    def same_as_source():
        found = secrets()
        return set(found) == set(namespaces) and all(s["data"] == found["storage"]["data"] for s in found.values())

    first = run("s3_secrets.yml", **given)
    assert first.rc == 0, first
    found = secrets()
    assert same_as_source(), found
    keys = (tmp_path / "secrets" / "localhost")
    assert found["processing"]["data"]["AWS_SECRET_ACCESS_KEY"] == b64((keys / "s3-secret-access-key").read_text().rstrip("\n"))
    assert set(found["airflow"]["data"]) == {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "read_access_key_id",
                                             "read_secret_access_key"}
    assert found["airflow"]["metadata"]["labels"]["airflow-lab/copy-of"] == "storage.lab-s3-credentials"
    assert not found["storage"]["metadata"].get("annotations")

    again = run("s3_secrets.yml", **given)
    assert again.rc == 0 and again.changed == 0, again

    # New keys (the file changed on the controller): the source and both copies follow.
    (keys / "s3-secret-access-key").write_text(ODD_KEY, encoding="utf-8")
    update = run("s3_secrets.yml", **given)
    # Two tasks change: the source, and the loop that writes both copies.
    assert update.rc == 0 and update.changed == 2, update
    assert same_as_source() and secrets()["airflow"]["data"]["AWS_SECRET_ACCESS_KEY"] == b64(ODD_KEY)

    # Hand edits: a key changed and one added in a copy, the other copy deleted; and the source annotated for
    # Reflector, with a copy Reflector made (as after object_store_replication reflector).
    edited = secrets()["airflow"]
    edited["data"] = dict(edited["data"], AWS_SECRET_ACCESS_KEY=b64("typed by hand"), extra=b64("x"))
    cluster.cluster.update("secrets", "airflow", "lab-s3-credentials", edited)
    cluster.cluster.delete("secrets", "processing", "lab-s3-credentials")
    source = secrets()["storage"]
    source["metadata"]["annotations"] = {"reflector.v1.k8s.emberstack.com/reflection-allowed": "true",
                                         "reflector.v1.k8s.emberstack.com/reflection-auto-enabled": "true", "team": "lab"}
    cluster.cluster.update("secrets", "storage", "lab-s3-credentials", source)
    repair = run("s3_secrets.yml", **given)
    assert repair.rc == 0, repair
    assert same_as_source(), secrets()
    assert "extra" not in secrets()["airflow"]["data"]
    assert secrets()["storage"]["metadata"]["annotations"] == {"team": "lab"}
    assert run("s3_secrets.yml", **given).changed == 0


BAD = [
    ({"object_store_buckets": ["lab-data", "airflow-logs", "Team_Bucket"]},
     "object_store role input", ["object_store_buckets must list S3 bucket names", '"Team_Bucket"']),
    ({"lab_s3_logs_bucket": "logs..2026"}, "The lab's settings", ["lab_s3_logs_bucket must be S3 bucket names", '"logs..2026"']),
    ({"airflow_dags_git_url": "https://git.school.example/dags.git", "airflow_dags_git_ssh_key_file": "/nowhere/id_ed25519"},
     "airflow role input", ["airflow_dags_git_url must be an SSH URL", "airflow_dags_git_ssh_key_file names no file on the controller",
                            "airflow_dags_git_known_hosts must hold the git server host key"]),
]


@pytest.mark.parametrize("bad, subject, expected", BAD, ids=["bucket", "lab-bucket", "git"])
def test_bad_input_stops_the_apps_layer_before_any_change(cluster, tmp_path, bad, subject, expected):
    apps_layer_refuses(cluster, tmp_path, bad, subject, expected)
