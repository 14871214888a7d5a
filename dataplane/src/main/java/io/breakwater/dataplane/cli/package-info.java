/**
 * The dataplane's own commands ({@code dataplane}, {@code check}, {@code echo}): picocli commands
 * that the {@code breakwater} entry point in the controller module mounts as subcommands, so the
 * dataplane stays runnable on its own and the controller never reaches into its internals.
 */
package io.breakwater.dataplane.cli;
