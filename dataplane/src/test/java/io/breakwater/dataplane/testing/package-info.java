/**
 * Test support shared by both modules (published in the dataplane's test jar): Netty leak detection
 * that fails the build, and small helpers for loopback integration tests.
 */
package io.breakwater.dataplane.testing;
