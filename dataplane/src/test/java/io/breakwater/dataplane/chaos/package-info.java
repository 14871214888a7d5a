/**
 * The chaos suite: scenarios that break backends under load and measure how the dataplane copes
 * (client-visible failures, time to eject, time to recover, extra load from retries).
 */
package io.breakwater.dataplane.chaos;
