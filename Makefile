# Breakwater — entry points. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
JAR := controller/target/breakwater.jar

.PHONY: help build run run-dataplane test e2e kube-bins unit fuzz fmt docs manifests image image-smoke bench bench-scrape bench-controller chaos clean

help: ## list targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

build: $(JAR) ## build the breakwater jar (skips tests)

$(JAR): pom.xml $(shell find dataplane/src/main controller/src/main -type f 2>/dev/null) dataplane/pom.xml controller/pom.xml
	$(MVN) $(MVN_FLAGS) -q -DskipTests -Dspotless.check.skip=true package
	@touch $(JAR)

run: build ## the whole product, no cluster: echo backends, the dataplane, the controller on deploy/examples/manifests/
	hack/run-demo.sh

run-dataplane: build ## two echo backends and the dataplane alone on deploy/examples/dataplane.yaml
	hack/run-demo.sh --dataplane-only

test: ## all tests: unit, integration (loopback), fuzz (seeds + 10 s each), e2e (real API server), formatting, architecture, leaks
	@hack/kube/build.sh --if-go
	$(MVN) $(MVN_FLAGS) verify

unit: ## unit tests only
	$(MVN) $(MVN_FLAGS) test

e2e: kube-bins ## the e2e tier alone (*E2E) against kube-apiserver and etcd built by kube-bins; ends with its figures
	@mkdir -p controller/target; set -o pipefail; $(MVN) $(MVN_FLAGS) verify -pl controller -am -Dspotless.check.skip=true \
	  -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dit.test='*E2E' -Dit.failIfNoSpecifiedTests=false | tee controller/target/e2e.log; \
	status=$$?; echo; echo "e2e figures (full log: controller/target/e2e.log):"; \
	grep -E '^(\||\[e2e\])' controller/target/e2e.log; exit $$status

FUZZ_DURATION ?= 5m
fuzz: ## fuzz the config loader, the HTTP/1.1 and HTTP/2 request paths and backend responses with Jazzer, FUZZ_DURATION each (default 5m)
	$(MVN) $(MVN_FLAGS) -q -pl dataplane -am test-compile -Dspotless.check.skip=true
	$(MVN) $(MVN_FLAGS) -pl dataplane surefire:test@fuzz-config-loader surefire:test@fuzz-request-path \
	  surefire:test@fuzz-h2-frames surefire:test@fuzz-backend-response \
	  -Dfuzz.mode=1 -Dfuzz.duration=$(FUZZ_DURATION) -Dfuzz.fork.timeout=0

kube-bins: ## build kube-apiserver and etcd from Go modules into .cache/kube-bins (needs Go; once)
	@hack/kube/build.sh

fmt: ## format the Java sources (google-java-format via Spotless)
	$(MVN) $(MVN_FLAGS) -q spotless:apply

docs: ## regenerate the generated parts of docs/ (configuration keys, annotations, controller metrics)
	$(MVN) $(MVN_FLAGS) -q -pl controller -am test -Dspotless.check.skip=true -Dbreakwater.updateDocs=true \
	  -Dtest='ConfigurationDocTest,AnnotationsTest,ControllerMetricsDocTest' -Dsurefire.failIfNoSpecifiedTests=false

manifests: ## regenerate deploy/breakwater.yaml, the chart's CRDs and deploy/grafana from charts/breakwater
	$(MVN) $(MVN_FLAGS) -q -pl charts -am verify -Dspotless.check.skip=true -DskipITs \
	  -Dtest='ChartFilesTest' -Dsurefire.failIfNoSpecifiedTests=false -Dbreakwater.updateManifests=true

IMAGE ?= breakwater/breakwater:$(shell sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}/\1/p' charts/breakwater/Chart.yaml)
image: ## build the container image (deploy/Dockerfile): docker where a daemon answers, else podman; IMAGE=name:tag
	IMAGE=$(IMAGE) hack/image/build.sh

image-smoke: ## run the built image with podman as the chart's pod does (dataplane + controller) and check it serves
	IMAGE=$(IMAGE) hack/image/smoke.sh

bench: build ## benchmark against HAProxy and nginx (installs them from Debian if missing)
	hack/bench/bench.sh

bench-scrape: build ## time a Prometheus scrape of a dataplane with 1,000 servers
	hack/bench/scrape.sh

bench-controller: ## the controller at 5,000 Ingresses / 50,000 endpoints: change → applied, full resync, heap
	hack/bench/controller.sh

chaos: ## the chaos suite alone (also part of make test): prints its figures as a table
	$(MVN) $(MVN_FLAGS) verify -pl dataplane -am -Dspotless.check.skip=true \
	  -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='*ChaosIT' \
	  | tee /tmp/breakwater-chaos.log | grep -E '^\||Tests run|FAIL|BUILD'

clean: ## remove build output
	$(MVN) $(MVN_FLAGS) -q clean
