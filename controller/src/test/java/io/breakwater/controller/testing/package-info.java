/**
 * Test helpers shared by the controller's test tiers: certificates made at test time, an HTTPS
 * client.
 */
package io.breakwater.controller.testing;
