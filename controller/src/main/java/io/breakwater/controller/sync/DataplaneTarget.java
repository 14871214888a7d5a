package io.breakwater.controller.sync;

import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import java.io.IOException;

/**
 * The dataplane as the sync loop sees it: what it runs, and the two ways to change that. The
 * implementation for a real dataplane is {@link RuntimeApiTarget}; tests use fakes.
 */
public interface DataplaneTarget {

  /**
   * Which process runs which config version, cheaply ({@code show info}): when it equals what the
   * loop saw after its last apply, the config it remembers is still the running one.
   *
   * @throws IOException when the dataplane cannot be reached or answers nonsense
   */
  Identity identity() throws IOException;

  /**
   * The running config and its version, read version first so that a change in between makes a
   * later {@link #setConfig} with that version fail instead of undoing it.
   */
  Running read() throws IOException;

  /**
   * Replaces the whole config if {@code version} still runs.
   *
   * @return the new version
   * @throws VersionConflictException when another version runs now
   * @throws ApplyRefusedException when the dataplane refuses the config
   */
  long setConfig(long version, Config config) throws IOException;

  /**
   * {@link #setConfig(long, Config)} with the config's JSON already written: {@code json} is what
   * {@code ConfigWriter.toJson} wrote for a config that reads back as {@code config}, so a target
   * that sends JSON need not write a config of thousands of backends a second time.
   */
  default long setConfig(long version, Config config, String json) throws IOException {
    return setConfig(version, config);
  }

  /**
   * Replaces the servers of the backend named {@code backend.name()} with {@code backend.servers()}
   * ({@code set backend B servers}); the rest of {@code backend} must be what runs.
   *
   * @return the new version
   * @throws ApplyRefusedException when the dataplane refuses the servers
   */
  long setServers(Backend backend) throws IOException;

  /** How logs and errors name the dataplane. */
  String describe();

  /**
   * A running dataplane process and its config version.
   *
   * @param process what tells one process from its successor (pid and start time); a new value
   *     means the dataplane restarted on its bootstrap config
   * @param version the running config's version
   */
  record Identity(String process, long version) {}

  /**
   * A config the dataplane runs.
   *
   * @param identity the process and version it was read at
   * @param config the config
   */
  record Running(Identity identity, Config config) {}
}
