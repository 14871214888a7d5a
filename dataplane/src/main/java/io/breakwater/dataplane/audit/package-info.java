/**
 * The audit log: one line per state-changing command of the Runtime API and the REST Data Plane
 * API, on the logger {@value io.breakwater.dataplane.audit.AuditLine#LOGGER} so that operators can
 * route it apart from the rest. A line says who asked (peer, Unix user or whether a token came),
 * what was asked (documents summarized by their size, never their content), the outcome and the
 * config version that runs after it. The format is documented in {@code docs/runtime-api.md}.
 */
package io.breakwater.dataplane.audit;
