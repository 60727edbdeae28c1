#!/usr/bin/env bash
# Build (once) and cache the Debian 12 systemd image the Molecule scenarios run on.
# Nothing can be pulled here, so the image is made with debootstrap + docker import.
# The tag carries a hash of this recipe: edit the recipe and the image is rebuilt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
packages="systemd,systemd-sysv,dbus,python3,python3-apt,sudo,ca-certificates,iproute2,procps,gnupg,locales,ccache"
recipe_hash=$( { cat "$0" "$here/apt_mirror.py" /usr/local/share/ca-certificates/*.crt 2>/dev/null; echo "$packages"; } | sha256sum | cut -c1-12)
image="${LAB_TEST_IMAGE_NAME:-airflow-lab-debian12}:${recipe_hash}"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image"
  exit 0
fi
# Images of an older recipe are dead weight.
docker image ls --format '{{.Repository}}:{{.Tag}}' "${image%%:*}" | xargs -r docker rmi >/dev/null 2>&1 || true

# Use the Debian mirror this machine's apt already uses (no host is hardcoded).
mirror=$(python3 "$here/apt_mirror.py")
root=$(mktemp -d /var/tmp/lab-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT

echo "building $image from $mirror (debootstrap, about a minute)" >&2
log="$here/../output/debootstrap.log"
mkdir -p "$(dirname "$log")"
if ! debootstrap --variant=minbase --include="$packages" bookworm "$root" "$mirror" >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  exit 1
fi

# The same apt sources the host uses, so the roles' apt tasks reach the archive.
rm -f "$root/etc/apt/sources.list"
python3 "$here/apt_mirror.py" --sources > "$root/etc/apt/sources.list.d/debian.sources"
# A container has no console to getty on, and these units only slow the boot.
for unit in getty.target systemd-logind.service apt-daily.timer apt-daily-upgrade.timer \
            systemd-timesyncd.service e2scrub_reap.service; do
  ln -sf /dev/null "$root/etc/systemd/system/$unit"
done
# The CAs this machine trusts locally (a TLS-inspecting proxy in front of PyPI, say), so that
# the instances reach PyPI the way this machine does.
for crt in /usr/local/share/ca-certificates/*.crt; do
  [ -e "$crt" ] && cp "$crt" "$root/usr/local/share/ca-certificates/"
done
chroot "$root" update-ca-certificates >/dev/null 2>&1
echo "en_US.UTF-8 UTF-8" > "$root/etc/locale.gen"
chroot "$root" locale-gen >/dev/null
chroot "$root" apt-get clean
rm -rf "$root/var/lib/apt/lists/"*
# A fresh host has no package index: make sure apt's cache_valid_time sees it as stale.
touch -d 2000-01-01 "$root/var/lib/apt/lists" "$root/var/cache/apt"
# A compiler cache that the test machines share (the volume lab-ccache, mounted by every scenario at
# /var/cache/lab-ccache): the redis role compiles the same Redis source about ten times in a suite, and each compile
# after the first reuses the objects. The role still runs its whole make, through the compiler the role installs:
# ccache, called as cc or gcc, runs the next cc or gcc on PATH (none until the role installs gcc), and caches by the
# compiler's content, the preprocessed source and the flags. A machine without the volume caches into its own folder.
for name in cc gcc c++ g++; do
  ln -s ../../bin/ccache "$root/usr/local/bin/$name"
done
cat > "$root/etc/ccache.conf" <<'CONF'
cache_dir = /var/cache/lab-ccache
compiler_check = content
hash_dir = false
max_size = 2G
CONF
echo lab-test > "$root/etc/hostname"
: > "$root/etc/machine-id"

tar -C "$root" -c . | docker import \
  --change 'CMD ["/lib/systemd/systemd"]' \
  --change 'ENV container=docker' \
  - "$image" >/dev/null
echo "$image"
