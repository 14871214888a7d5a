/**
 * Where the controller's view of the cluster comes from, behind one interface ({@link
 * io.breakwater.controller.source.ClusterSource}): fabric8 informers on the Kubernetes API ({@link
 * io.breakwater.controller.source.KubernetesSource}), or a directory of manifests re-read when its
 * files change ({@link io.breakwater.controller.source.ManifestsSource}), so the whole controller
 * also runs with no cluster. A source only records that something changed and hands out immutable
 * snapshots; it never translates or applies anything.
 */
package io.breakwater.controller.source;
