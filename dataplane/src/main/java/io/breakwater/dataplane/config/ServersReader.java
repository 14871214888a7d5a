package io.breakwater.dataplane.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breakwater.dataplane.config.ConfigSchema.Section;
import io.breakwater.dataplane.config.PolicyReader.Values;
import io.breakwater.dataplane.config.TreeReader.Fields;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code servers} list on its own, for one backend of a running config (see {@link
 * ConfigLoader#parseServers}). It reuses the file's reader and validator so the keys, defaults,
 * paths and messages are those of {@code backends[].servers} with the {@code backends[i].} prefix
 * dropped.
 */
final class ServersReader {

  /** A document holding nothing but a backend's {@code servers} key. */
  private static final Section HOLDER =
      new Section("", "A servers list on its own.", List.of(ConfigSchema.BACKEND.key("servers")));

  private static final String VALIDATED_PREFIX = "backends[0].";

  private ServersReader() {}

  static List<Server> read(JsonNode root, Config running, Backend backend) {
    TreeReader r = new TreeReader();
    JsonNode holder = root;
    if (root != null && root.isArray()) {
      ObjectNode h = JsonNodeFactory.instance.objectNode();
      h.set("servers", root);
      holder = h;
    }
    if (holder == null || holder.isNull() || !holder.isObject()) {
      String what = holder == null || holder.isNull() ? "nothing" : TreeReader.describe(holder);
      throw new ConfigException(
          ConfigLoader.RUNTIME_SOURCE,
          List.of(
              new ConfigError(
                  "", what + " (expected: a list of servers, or a map with the key servers)")));
    }
    Fields top = r.fields(holder, "", HOLDER);
    if (!holder.has("servers")) {
      // A map without the key would read as "no servers" and empty the backend by mistake.
      r.error("servers", "missing (expected: a list of servers)");
    }
    Values policy = inheritedPolicy(backend);
    List<Server> servers = new ArrayList<>();
    for (Fields f : top.list("servers")) {
      servers.add(ModelReader.server(r, f, running.defaults().maxconn(), policy));
    }
    List<ConfigError> errors = new ArrayList<>(r.errors());
    Config probe =
        new Config(
            running.global(), running.defaults(), List.of(), List.of(backend.withServers(servers)));
    for (ConfigError e : ConfigValidator.validate(probe)) {
      if (e.path().startsWith(VALIDATED_PREFIX + "servers")) {
        ConfigError local =
            new ConfigError(
                e.path().substring(VALIDATED_PREFIX.length()),
                e.message().replace(VALIDATED_PREFIX, ""));
        if (!ConfigLoader.coveredBy(local, r.errors())) {
          errors.add(local);
        }
      }
    }
    if (!errors.isEmpty()) {
      errors.sort(ConfigLoader.DOCUMENT_ORDER);
      throw new ConfigException(ConfigLoader.RUNTIME_SOURCE, errors);
    }
    return servers;
  }

  /**
   * What the backend's servers inherit: its health check, turned back into the written values the
   * reader merges a server's own keys over. Going through the writer keeps one definition of the
   * check's keys.
   */
  private static Values inheritedPolicy(Backend backend) {
    HealthCheck check = backend.policy().healthCheck();
    if (check == null) {
      return Values.EMPTY;
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.set("healthCheck", ConfigWriter.healthCheck(check));
    // The scratch reader's complaints (a backend without a name) are not the caller's.
    TreeReader scratch = new TreeReader();
    return PolicyReader.level(
        scratch, scratch.fields(node, "", ConfigSchema.BACKEND), Values.EMPTY);
  }
}
