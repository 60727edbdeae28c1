#!/usr/bin/env bash
# An artifact folder laid out like the lab's artifact cache, holding the fake minikube CLI (tests only)
# packed like the real release, and the real kubectl, Helm 4 and Helm 3 from tests/harness/k8s-binaries.sh,
# with a vars.yml of the versions and sha256 sums the scenarios pass to the roles: both Helm lines, so that the
# helm role picks the one the controller's kubernetes.core drives, as it does for a user. Prints the folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$(cd "$here/.." && pwd)/output/fake-artifacts"
real=$(bash "$here/k8s-binaries.sh")
rm -rf "$out" && mkdir -p "$out/work/out"
{ echo '#!/usr/bin/python3'; cat "$here/../fake_minikube/minikube.py"; } >"$out/work/out/minikube-linux-amd64"
chmod 0755 "$out/work/out/minikube-linux-amd64"
tar -C "$out/work" -czf "$out/minikube-v1.35.0-linux-amd64.tar.gz" out
rm -rf "$out/work"
kubectl=$(cd "$real" && ls kubectl-*-linux-amd64)
helm=$(cd "$real" && ls helm-v4.*-linux-amd64.tar.gz)
helm3=$(cd "$real" && ls helm-v3.*-linux-amd64.tar.gz)
cp "$real/$kubectl" "$real/$helm" "$real/$helm3" "$out/"
sum() { sha256sum "$out/$1" | cut -d' ' -f1; }
kubectl_version=${kubectl#kubectl-}; kubectl_version=${kubectl_version%-linux-amd64}
helm_version=${helm#helm-}; helm_version=${helm_version%-linux-amd64.tar.gz}
helm3_version=${helm3#helm-}; helm3_version=${helm3_version%-linux-amd64.tar.gz}
cat > "$out/vars.yml" <<VARS
---
lab_artifact_dir: $out
minikube_version: v1.35.0
minikube_checksums: {amd64: "sha256:$(sum minikube-v1.35.0-linux-amd64.tar.gz)"}
minikube_kubectl_version: $kubectl_version
minikube_kubectl_checksums: {amd64: "sha256:$(sum "$kubectl")"}
helm_releases:
  "4": {version: $helm_version, checksums: {amd64: "sha256:$(sum "$helm")"}}
  "3": {version: $helm3_version, checksums: {amd64: "sha256:$(sum "$helm3")"}}
VARS
echo "$out"
