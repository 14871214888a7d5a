/**
 * Test helpers shared by the controller's test tiers: certificates made at test time, an HTTPS
 * client, the bootstrap dataplane the sync tests drive, and shared manifests.
 */
package io.breakwater.controller.testing;
