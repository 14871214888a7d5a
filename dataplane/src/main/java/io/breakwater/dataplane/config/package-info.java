/**
 * The dataplane's public configuration model: immutable records for the four HAProxy-style sections
 * ({@code global}, {@code defaults}, {@code frontends}, {@code backends}), the YAML/JSON loader
 * that builds them with every error reported by path, and the validator that checks a model however
 * it was built. The controller depends on this package and nothing else of the dataplane except the
 * Runtime API client.
 */
package io.breakwater.dataplane.config;
