#!/usr/bin/env bash
# An artifact folder laid out like the lab's artifact cache, holding the test doubles of the minikube CLI
# (tests/fake_minikube) and of the helm-diff plugin (tests/fake_helm_diff, packed like its release archive), and
# the real kubectl, Helm 4 and Helm 3 from tests/harness/k8s-binaries.sh, with a vars.yml of the versions and
# sha256 sums the scenarios pass to the roles: both Helm lines, so that the helm role picks the one the
# controller's kubernetes.core drives, as it does for a user. The versions are the roles' pins. Prints the folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$(cd "$here/.." && pwd)/output/fake-artifacts"
real=$(bash "$here/k8s-binaries.sh")
roles="$here/../../roles"
pin() { sed -n "s/^$2: *//p" "$roles/$1/defaults/main.yml"; }
minikube_version=$(pin minikube minikube_version)
helm_diff_version=$(pin helm helm_diff_version)
rm -rf "$out" && mkdir -p "$out"
minikube=minikube-$minikube_version-linux-amd64
{ echo '#!/usr/bin/python3'; cat "$here/../fake_minikube/minikube.py"; } >"$out/$minikube"
chmod 0755 "$out/$minikube"
helm_diff=helm-diff-$helm_diff_version-linux-amd64.tgz
bash "$here/fake-helm-diff.sh" "$helm_diff_version" "$out/$helm_diff"
kubectl=$(cd "$real" && ls kubectl-*-linux-amd64)
helm=$(cd "$real" && ls helm-v4.*-linux-amd64.tar.gz)
helm3=$(find "$real" -maxdepth 1 -name 'helm-v3.*-linux-amd64.tar.gz' -printf '%f\n' | sort -V | tail -n 1)  # newest: helm-diff needs 3.18
cp "$real/$kubectl" "$real/$helm" "$real/$helm3" "$out/"
sum() { sha256sum "$out/$1" | cut -d' ' -f1; }
kubectl_version=${kubectl#kubectl-}; kubectl_version=${kubectl_version%-linux-amd64}
helm_version=${helm#helm-}; helm_version=${helm_version%-linux-amd64.tar.gz}
helm3_version=${helm3#helm-}; helm3_version=${helm3_version%-linux-amd64.tar.gz}
cat > "$out/vars.yml" <<VARS
---
lab_artifact_dir: $out
minikube_version: $minikube_version
minikube_checksums: {amd64: "sha256:$(sum "$minikube")"}
minikube_kubectl_version: $kubectl_version
minikube_kubectl_checksums: {amd64: "sha256:$(sum "$kubectl")"}
helm_releases:
  "4": {version: $helm_version, checksums: {amd64: "sha256:$(sum "$helm")"}}
  "3": {version: $helm3_version, checksums: {amd64: "sha256:$(sum "$helm3")"}}
helm_diff_version: $helm_diff_version
helm_diff_checksums: {amd64: "sha256:$(sum "$helm_diff")"}
VARS
echo "$out"
