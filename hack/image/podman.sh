# shellcheck shell=bash disable=SC2034
# Sourced by hack/image/*.sh: how podman runs containers on this machine.
# podman_init IMAGE sets PODMAN (the command, with the OCI runtime that works here) and LIMITS
# (--ulimit flags within this process's hard limits: podman's defaults, nofile=1048576 and a large
# nproc, are refused where the hard limits are lower and CAP_SYS_RESOURCE is missing). It tries crun
# (podman's default), then runc: crun 1.8 refuses cgroup v1/v2 hybrid hosts ("cgroups in hybrid
# mode not supported"); runc runs there. PODMAN_RUNTIME=runc (or crun) skips the probe.
podman_init() {
  local probe=$1 nofile nproc rt err
  nofile=$(ulimit -Hn)
  [[ $nofile == unlimited ]] && nofile=1048576
  nproc=$(ulimit -Hu)
  if [[ $nproc == unlimited ]] || ((nproc > 32768)); then nproc=32768; fi
  LIMITS=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")
  if [[ -n ${PODMAN_RUNTIME:-} ]]; then
    PODMAN=(podman --runtime "$PODMAN_RUNTIME")
    return 0
  fi
  err=$(mktemp)
  for rt in crun runc; do
    command -v "$rt" >/dev/null 2>&1 || continue
    if podman --runtime "$rt" run --rm --network=none --entrypoint true "${LIMITS[@]}" "$probe" \
      >/dev/null 2>>"$err"; then
      PODMAN=(podman --runtime "$rt")
      rm -f "$err"
      return 0
    fi
  done
  echo "podman cannot run a container of $probe here with crun or runc:" >&2
  cat "$err" >&2
  rm -f "$err"
  return 1
}
