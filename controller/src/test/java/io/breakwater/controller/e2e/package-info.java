/**
 * The e2e tier: tests named {@code *E2E} that run against a real Kubernetes API server. {@link
 * io.breakwater.controller.e2e.KubeApiServerExtension} starts one per test JVM — kube-apiserver and
 * etcd built from Go modules by {@code make kube-bins}, or K3s in Docker where no binaries were
 * built — installs the CRDs of {@code crds/}, and hands out clients for an administrator and for
 * the controller's own identity. Without either backend the tests are skipped, unless {@code
 * REQUIRE_KUBE_API=1} makes that a failure (CI).
 */
package io.breakwater.controller.e2e;
