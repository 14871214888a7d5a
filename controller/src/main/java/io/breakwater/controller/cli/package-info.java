/**
 * The {@code breakwater} command-line entry point (picocli). It mounts the dataplane's own commands
 * and the controller's; it is the only controller package allowed to launch the dataplane.
 */
package io.breakwater.controller.cli;
