# Sourced by conformance-solve.sh and removed-options.sh: where Debian's
# amd64 config of a kernel version is. debian_config V prints the path of
# config.amd64_none_amd64.xz, installed (/usr/src/linux-config-V) or
# unpacked by scripts/conformance.sh from the private apt list
# (/var/tmp/kapt/x/usr/src/linux-config-V); it stops the script through its
# `die` when there is none.
debian_config() {
  local d
  for d in /usr/src/linux-config-$1 /var/tmp/kapt/x/usr/src/linux-config-$1; do
    [[ -f $d/config.amd64_none_amd64.xz ]] && { echo "$d/config.amd64_none_amd64.xz"; return; }
  done
  die "no Debian amd64 config for $1"
}
