#!/usr/bin/env bash
# The controller at scale (issue 5 §10): 5,000 Ingresses, 5,000 Services and 50,000 endpoints, a
# real dataplane over its Runtime API in a child process, and the controller (source + sync loop)
# in this JVM. Prints a table: one endpoint change event → applied (p50/p99), a full resync, the
# heap after GC. See docs/performance.md and ControllerBench's Javadoc.
#
#   make bench-controller
#   APPS=1000 ENDPOINTS=10000 CHANGES=100 hack/bench/controller.sh
#   SOURCE=mock APPS=500 ENDPOINTS=5000 hack/bench/controller.sh   # informers + CRUD mock API server
#   JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/ctrl.jfr" make bench-controller
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
APPS=${APPS:-5000}
ENDPOINTS=${ENDPOINTS:-50000}
CHANGES=${CHANGES:-200}
RESYNCS=${RESYNCS:-5}
SOURCE=${SOURCE:-memory}
JAVA_OPTS=${JAVA_OPTS:-}
cd "$ROOT"
# Compile the test sources (the bench lives there) with the reactor's dataplane, and write the
# test classpath; runs no test.
mvn -B -ntp -q -pl controller -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test \
  -Dspotless.check.skip=true
cp="controller/target/test-classes:controller/target/classes:dataplane/target/test-classes"
cp="$cp:dataplane/target/classes:$(cat controller/target/bench-classpath.txt)"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options on purpose
exec java -Xmx2g ${JAVA_OPTS} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
  io.breakwater.controller.sync.ControllerBench \
  --apps "$APPS" --endpoints "$ENDPOINTS" --changes "$CHANGES" --resyncs "$RESYNCS" \
  --source "$SOURCE"
