#!/usr/bin/env bash
# `make image`: builds deploy/Dockerfile as $IMAGE.
#  - With docker where a Docker daemon answers.
#  - Else with podman (daemonless; installed from Debian first when missing and we are root with
#    apt-get). The base images are the Dockerfile's registry defaults when they can be pulled;
#    where no registry is reachable, hack/image/base.sh builds them from Debian packages.
#  - Else it says why no image is built, and fails.
# Env: IMAGE (required), ENGINE=auto|docker|podman, BASES=auto|registry|local,
#      BUILD_IMAGE / RUNTIME_IMAGE (explicit base images; win over BASES),
#      M2=~/.m2 (podman: the Maven cache, mounted as an overlay into the build stage so it downloads
#      only what is missing and writes nothing back; M2= disables it),
#      CACERTS=/etc/ssl/certs/java/cacerts (podman: the host's Java trust store, mounted into the
#      build stage for Maven, so Maven Central is trusted as on the host, also through a
#      TLS-intercepting proxy whose CA only the host trusts; CACERTS= disables it).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=podman.sh
. hack/image/podman.sh

: "${IMAGE:?IMAGE=name:tag is required}"
ENGINE=${ENGINE:-auto}
BASES=${BASES:-auto}
REGISTRY_BUILD=docker.io/library/maven:3.9-eclipse-temurin-17
REGISTRY_RUNTIME=docker.io/library/eclipse-temurin:17-jre
LOCAL_BUILD=localhost/breakwater-base/maven:17
LOCAL_RUNTIME=localhost/breakwater-base/jre:17

say() { echo "make image: $*" >&2; }

docker_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

with_docker() {
  say "building $IMAGE with docker"
  local args=()
  [[ -n ${BUILD_IMAGE:-} ]] && args+=(--build-arg "BUILD_IMAGE=$BUILD_IMAGE")
  [[ -n ${RUNTIME_IMAGE:-} ]] && args+=(--build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE")
  DOCKER_BUILDKIT=1 docker build "${args[@]}" -f deploy/Dockerfile -t "$IMAGE" .
}

ensure_podman() {
  command -v podman >/dev/null 2>&1 && return 0
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1 \
    && apt-cache policy podman 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    say "no Docker daemon and no podman: installing podman and debootstrap from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman debootstrap >&2
    return 0
  fi
  return 1
}

# Where the registry defaults can be pulled, use them; else the bases made from Debian packages.
choose_bases() {
  if [[ -n ${BUILD_IMAGE:-} || -n ${RUNTIME_IMAGE:-} ]]; then
    BUILD_IMAGE=${BUILD_IMAGE:-$REGISTRY_BUILD}
    RUNTIME_IMAGE=${RUNTIME_IMAGE:-$REGISTRY_RUNTIME}
    return
  fi
  case $BASES in
    registry) BUILD_IMAGE=$REGISTRY_BUILD RUNTIME_IMAGE=$REGISTRY_RUNTIME ;;
    local)
      hack/image/base.sh
      BUILD_IMAGE=$LOCAL_BUILD RUNTIME_IMAGE=$LOCAL_RUNTIME
      ;;
    auto)
      local b
      for b in $REGISTRY_BUILD $REGISTRY_RUNTIME; do
        if ! podman image exists "$b" && ! timeout 120 podman pull -q "$b" >/dev/null 2>&1; then
          say "cannot pull $b: building the base images from Debian packages (hack/image/base.sh)"
          BASES=local
          choose_bases
          return
        fi
      done
      BUILD_IMAGE=$REGISTRY_BUILD RUNTIME_IMAGE=$REGISTRY_RUNTIME
      ;;
    *) say "BASES must be auto, registry or local, not '$BASES'"; exit 2 ;;
  esac
}

with_podman() {
  choose_bases
  podman_init "$RUNTIME_IMAGE" || { say "so no image is built"; exit 1; }
  local args=("${LIMITS[@]}" --network=host --ignorefile deploy/Dockerfile.dockerignore -f deploy/Dockerfile
    --build-arg "BUILD_IMAGE=$BUILD_IMAGE" --build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE" -t "$IMAGE")
  local m2=${M2-$HOME/.m2}
  if [[ -n $m2 && -d $m2/repository ]]; then
    args+=(--volume "$m2:/root/.m2:O")
  else
    m2=
  fi
  local cacerts=${CACERTS-/etc/ssl/certs/java/cacerts}
  if [[ -n $cacerts && -f $cacerts ]]; then
    args+=(--volume "$(readlink -f "$cacerts"):/run/host-java-cacerts:ro"
      --build-arg "MAVEN_OPTS=-Djavax.net.ssl.trustStore=/run/host-java-cacerts")
  fi
  say "building $IMAGE with ${PODMAN[*]} (build stage $BUILD_IMAGE, runtime $RUNTIME_IMAGE${m2:+, Maven cache $m2}${cacerts:+, trust store $cacerts})"
  "${PODMAN[@]}" build "${args[@]}" .
  say "built $IMAGE: $(podman image inspect --format '{{.Size}}' "$IMAGE" | numfmt --to=iec) ($(podman image inspect --format '{{.Id}}' "$IMAGE" | cut -c1-12))"
}

case $ENGINE in
  docker)
    docker_answers || { say "ENGINE=docker, but no Docker daemon answers, so no image is built"; exit 1; }
    with_docker
    ;;
  podman)
    ensure_podman || { say "ENGINE=podman, but podman is not installed (apt-get install podman)"; exit 1; }
    with_podman
    ;;
  auto)
    if docker_answers; then
      with_docker
    elif ensure_podman; then
      with_podman
    elif command -v docker >/dev/null 2>&1; then
      say "docker is installed but no Docker daemon answers, and podman is neither installed nor installable, so no image is built"
      exit 1
    else
      say "no docker command here and no podman (nor apt-get to install it), so no image is built (deploy/Dockerfile needs a Docker engine or podman)"
      exit 1
    fi
    ;;
  *) say "ENGINE must be auto, docker or podman, not '$ENGINE'"; exit 2 ;;
esac
