/**
 * The REST Data Plane API ({@code global.dataplaneApi}): JSON over HTTP for automation, in the
 * spirit of HAProxy's Data Plane API. The whole config with optimistic concurrency (a stale version
 * is refused with 409), a backend's servers, one server's state and weight, stats and process
 * information, and the OpenAPI document describing all of it. Every change goes through the {@code
 * Dataplane} mutation API, so it is the same change the Runtime API or the controller would make.
 */
package io.breakwater.dataplane.api;
