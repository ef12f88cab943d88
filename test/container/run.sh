#!/usr/bin/env bash
# The container suite (issue 3): builds and runs the images, the compose stacks and a Swarm stack on
# a real engine. Run it after `bash ../shared/container-sandbox/setup.sh` (which starts dockerd and
# builds the stand-in base images), from the repository root, with node_modules installed:
#
#   bash test/container/run.sh            # the whole suite (about 8 minutes on 2 cores)
#   bash test/container/run.sh lint       # extra arguments go to vitest (a file name filter here)
#
# Around vitest it checks that the suite left no container, network or volume behind (and removes
# any it finds, failing the run), leaves a Swarm it did not find, and removes the images it built
# (their build cache stays, so the next run is fast). Exit status: vitest's, or 1 on leftovers.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

ENV_FILE=${CONTAINER_SANDBOX_ENV:-/var/tmp/container-sandbox/images.env}
if [ -f "$ENV_FILE" ]; then
  # shellcheck disable=SC1090
  . "$ENV_FILE"
fi
DOCKER=${DOCKER:-docker}
export DOCKER_BUILDKIT=1

if ! "$DOCKER" info >/dev/null 2>&1; then
  echo "container suite: no Docker engine answers (run ../shared/container-sandbox/setup.sh first)" >&2
  exit 1
fi

snapshot() {
  { "$DOCKER" ps -aq --no-trunc | sed 's/^/container /'
    "$DOCKER" network ls -q --no-trunc | sed 's/^/network /'
    "$DOCKER" volume ls -q | sed 's/^/volume /'; } | sort
}
before=$(snapshot)
swarm_before=$("$DOCKER" info -f '{{.Swarm.LocalNodeState}}')

t0=$(date +%s)
npx vitest run --project container "$@"
status=$?
echo "container suite: vitest finished in $(( $(date +%s) - t0 )) s with status $status"

if [ "$swarm_before" != active ] && [ "$("$DOCKER" info -f '{{.Swarm.LocalNodeState}}')" = active ]; then
  echo "container suite: the engine was left in a Swarm; leaving it" >&2
  "$DOCKER" swarm leave --force >/dev/null || true
  status=1
fi

left=$(comm -13 <(echo "$before") <(snapshot))
if [ -n "$left" ]; then
  echo "container suite: left behind (now removed):" >&2
  echo "$left" >&2
  echo "$left" | awk '$1=="container"{print $2}' | xargs -r "$DOCKER" rm -f -v >/dev/null 2>&1
  echo "$left" | awk '$1=="network"{print $2}' | xargs -r "$DOCKER" network rm >/dev/null 2>&1
  echo "$left" | awk '$1=="volume"{print $2}' | xargs -r "$DOCKER" volume rm -f >/dev/null 2>&1
  status=1
else
  echo "container suite: no containers, networks or volumes left behind"
fi

images=$("$DOCKER" image ls --format '{{.Repository}}:{{.Tag}}' | grep -E '^stockbook-(test|bench)/' || true)
[ -z "$images" ] || echo "$images" | xargs -r "$DOCKER" image rm >/dev/null 2>&1 || true
"$DOCKER" image prune -f --filter label=org.opencontainers.image.title=StockBook >/dev/null 2>&1 || true

exit "$status"
