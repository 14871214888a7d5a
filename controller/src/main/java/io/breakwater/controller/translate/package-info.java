/**
 * Translation: a pure function from a {@link io.breakwater.controller.model.ClusterSnapshot} to the
 * dataplane's routes and backends, with the problems found on the way ({@link
 * io.breakwater.controller.translate.Translator}). No I/O, no clock, no memory of earlier runs: the
 * same snapshot and options always give an equal {@link
 * io.breakwater.controller.translate.Translation}, which is what lets the sync loop compare runs
 * and apply only what changed. The rules are described in {@code docs/controller.md}.
 */
package io.breakwater.controller.translate;
