/**
 * What runs beside the sync loop, assembled in one call from the command line's flags: {@link
 * io.breakwater.controller.extension.ControllerExtensions} builds the leader election, the status
 * writer, the Event recorder, the controller metrics and their HTTP endpoint, and hands the sync
 * loop one {@link io.breakwater.controller.sync.SyncListener} that feeds them all.
 */
package io.breakwater.controller.extension;
