package io.breakwater.controller.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.breakwater.controller.ctl.RuntimeClient;
import io.breakwater.dataplane.config.Backend;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigException;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.ConfigWriter;
import io.breakwater.dataplane.config.Server;
import java.io.IOException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dataplane reached through its Runtime API (docs/runtime-api.md): {@code show info} for its
 * identity, {@code show info; show config} to read what runs, {@code set config <version> <<} and
 * {@code set backend B servers <<} to change it. Configs and servers travel as JSON, which has no
 * empty lines and so fits a {@code <<} payload as it is.
 */
public final class RuntimeApiTarget implements DataplaneTarget {

  private static final Pattern NEW_VERSION = Pattern.compile("^New config version (\\d+)\\s*$");
  private static final String STALE = "is not the running config's version";

  private final RuntimeClient client;

  public RuntimeApiTarget(RuntimeClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public Identity identity() throws IOException {
    return identity(client.send("show info"));
  }

  @Override
  public Running read() throws IOException {
    String answer = client.send("show info; show config");
    int split = answer.indexOf("\n\n");
    if (split < 0) {
      throw new IOException(describe() + ": 'show info; show config' answered " + brief(answer));
    }
    Identity id = identity(answer.substring(0, split + 1));
    String json = answer.substring(split + 2);
    try {
      return new Running(id, ConfigLoader.parse(json, "show config"));
    } catch (ConfigException e) {
      throw new IOException(describe() + ": 'show config' is not a config: " + e.getMessage(), e);
    }
  }

  @Override
  public long setConfig(long version, Config config) throws IOException {
    return setConfig(version, config, ConfigWriter.toJson(config));
  }

  @Override
  public long setConfig(long version, Config config, String json) throws IOException {
    String answer = client.send("set config " + version, json);
    if (answer.contains(STALE)) {
      throw new VersionConflictException(answer.strip());
    }
    return newVersion("set config", answer);
  }

  @Override
  public long setServers(Backend backend) throws IOException {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (Server s : backend.servers()) {
      list.add(ConfigWriter.server(s, backend.policy().healthCheck()));
    }
    String answer = client.send("set backend " + backend.name() + " servers", list.toString());
    return newVersion("set backend " + backend.name() + " servers", answer);
  }

  @Override
  public String describe() {
    return client.target();
  }

  private Identity identity(String info) throws IOException {
    String pid = null;
    String started = null;
    String version = null;
    for (String line : info.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon < 0) {
        continue;
      }
      String value = line.substring(colon + 2).strip();
      switch (line.substring(0, colon)) {
        case "Pid" -> pid = value;
        case "Start_time_sec" -> started = value;
        case "ConfigVersion" -> version = value;
        default -> {
          // not needed
        }
      }
    }
    if (pid == null || version == null) {
      throw new IOException(
          describe() + ": 'show info' has no Pid or ConfigVersion: " + brief(info));
    }
    try {
      return new Identity(pid + "@" + started, Long.parseLong(version));
    } catch (NumberFormatException e) {
      throw new IOException(describe() + ": ConfigVersion " + version + " is not a number", e);
    }
  }

  private long newVersion(String command, String answer) throws ApplyRefusedException {
    Matcher m = NEW_VERSION.matcher(answer.strip());
    if (!m.matches()) {
      throw new ApplyRefusedException(describe() + " refused '" + command + "': " + brief(answer));
    }
    return Long.parseLong(m.group(1));
  }

  /** An answer for a message: its lines joined, at most 2,000 characters. */
  private static String brief(String answer) {
    String s = answer.strip().replace('\n', ' ');
    return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
  }
}
