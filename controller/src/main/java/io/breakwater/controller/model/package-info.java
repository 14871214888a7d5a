/**
 * What the controller observed of the cluster: {@link
 * io.breakwater.controller.model.ClusterSnapshot}, an immutable record of the objects a source
 * (informers, or a manifests directory) saw at one moment, and {@link
 * io.breakwater.controller.model.ObjectRef}, how the controller names one of them in problems,
 * events and statuses. Nothing here talks to the API server.
 */
package io.breakwater.controller.model;
