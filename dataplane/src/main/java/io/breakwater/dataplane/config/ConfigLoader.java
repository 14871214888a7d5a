package io.breakwater.dataplane.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a dataplane configuration from YAML or JSON, reporting every problem at once.
 *
 * <p>The document is walked as a tree against {@link ConfigSchema} rather than bound onto the
 * records, so that one wrong value does not hide the next: the result is either a valid {@link
 * Config} (with inheritance from {@code defaults} resolved) or a {@link ConfigException} listing
 * each problem with its path. {@link ConfigValidator} runs on the model afterwards, so a file is
 * checked exactly like a configuration built in code.
 *
 * <p>An empty document (or one with only comments) is valid and means all defaults and no
 * frontends, like {@code {}}: the bootstrap configuration the dataplane starts from before the
 * controller pushes one. It is logged, because an empty file is also what a failed write leaves.
 */
public final class ConfigLoader {

  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

  // EMPTY_STRING_AS_NULL: an unquoted empty value (`key:`, a bare `-`) reads as null, which means
  // "absent"; a quoted "" stays a string so that `name: ""` is reported rather than ignored.
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build());

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private static final Pattern SNAKEYAML_MARK =
      Pattern.compile(" in '[^']*', line (\\d+), column (\\d+):?");

  private ConfigLoader() {}

  /**
   * Reads the file as UTF-8 and {@link #parse parses} it; JSON when the name ends in {@code .json}
   * or the content starts with <code>{</code>, YAML otherwise.
   *
   * @throws ConfigException when the file cannot be read, or is not a valid configuration; the
   *     exception's source name is the file's path
   */
  public static Config load(Path file) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(source, List.of(new ConfigError("", "no such file")));
    } catch (CharacterCodingException e) {
      throw new ConfigException(source, List.of(new ConfigError("", "not UTF-8 text")));
    } catch (IOException e) {
      throw new ConfigException(source, List.of(new ConfigError("", "cannot read: " + e)));
    }
    return parse(text, source);
  }

  /**
   * Parses a configuration document.
   *
   * @param text YAML, or JSON (detected by {@code sourceName} ending in {@code .json} or the text
   *     starting with <code>{</code>)
   * @param sourceName where the text came from, for messages: a file name, {@code "runtime api"}
   * @throws ConfigException with every problem found, in document order
   */
  public static Config parse(String text, String sourceName) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // editors on Windows write a byte-order mark
    }
    boolean json = isJson(text, sourceName);
    JsonNode root;
    try {
      root = readTree(json ? JSON : YAML, text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(sourceName, List.of(syntaxError(e, json)));
    } catch (IOException e) {
      // Reading from a String does no I/O; this is Jackson's checked signature.
      throw new IllegalStateException(e);
    }
    if (root == null || root.isNull()) {
      log.warn("{} is empty: no frontends, all defaults", sourceName);
    }
    TreeReader reader = new TreeReader();
    Config config = ModelReader.read(root, reader);
    List<ConfigError> errors = new ArrayList<>(reader.errors());
    if (config != null) {
      for (ConfigError e : ConfigValidator.validate(config)) {
        if (!coveredBy(e, reader.errors())) {
          errors.add(e);
        }
      }
    }
    if (!errors.isEmpty()) {
      errors.sort(DOCUMENT_ORDER);
      throw new ConfigException(sourceName, errors);
    }
    return config;
  }

  /**
   * Reads a JSON list of servers in the config file's schema ({@code backends[].servers[]}),
   * reporting every problem with its path in the list ({@code servers[1].address}).
   *
   * <p>Minimal entry point for the REST API's {@code PUT /v1/backends/{b}/servers}; another branch
   * may add the same method, and the merge keeps one. The servers inherit nothing here: a server
   * without {@code maxconn} is unlimited, and one without a health check gets its backend's from
   * {@code Dataplane.setServers}.
   *
   * @param backendName the backend they are for, named in messages
   * @throws ConfigException with every problem found
   */
  public static List<Server> parseServers(String json, String backendName) {
    String source = "servers of backend " + backendName;
    JsonNode root;
    try {
      root = readTree(JSON, json);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source, List.of(syntaxError(e, true)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (root == null || !root.isArray()) {
      String found = root == null ? "nothing" : TreeReader.describe(root);
      throw new ConfigException(
          source, List.of(new ConfigError("", found + " (expected: a list of servers)")));
    }
    TreeReader reader = new TreeReader();
    List<Server> servers = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      String path = "servers[" + i + "]";
      if (root.get(i).isNull()) {
        reader.error(path, "null (expected: map)");
      }
      servers.add(
          ModelReader.server(
              reader,
              reader.fields(root.get(i), path, ConfigSchema.SERVER),
              Defaults.DEFAULT.maxconn(),
              PolicyReader.Values.EMPTY));
    }
    List<ConfigError> errors = new ArrayList<>(reader.errors());
    // The validator checks servers as part of a backend: give it one, keep what it says about them.
    Backend probe = new Backend(backendName, Balance.ROUNDROBIN, 0, Timeouts.DEFAULT, servers);
    String prefix = "backends[0].";
    for (ConfigError e :
        ConfigValidator.validate(
            new Config(Global.DEFAULT, Defaults.DEFAULT, List.of(), List.of(probe)))) {
      if (e.path().startsWith(prefix + "servers")) {
        ConfigError own = new ConfigError(e.path().substring(prefix.length()), e.message());
        if (!coveredBy(own, reader.errors())) {
          errors.add(own);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(source, errors);
    }
    return servers;
  }

  private static boolean isJson(String text, String sourceName) {
    if (sourceName.toLowerCase(Locale.ROOT).endsWith(".json")) {
      return true;
    }
    return text.strip().startsWith("{");
  }

  /** The single document of the text; {@code null} when it is empty. */
  private static JsonNode readTree(ObjectMapper mapper, String text) throws IOException {
    try (JsonParser p = mapper.createParser(text)) {
      JsonNode root = mapper.readTree(p);
      if (root != null && p.nextToken() != null) {
        JsonLocation at = p.currentLocation();
        throw new JsonParseException(p, "more than one document (expected: exactly one)", at);
      }
      return root;
    }
  }

  private static ConfigError syntaxError(JsonProcessingException e, boolean json) {
    // SnakeYAML's message is context and problem, each followed by its mark (" in 'reader', line
    // 2, column 1:") and a source excerpt (indented). The problem's mark is the last one, and is
    // more accurate than Jackson's location, which can lag behind (e.g. for a tab).
    StringBuilder message = new StringBuilder();
    String where = null;
    for (String line : e.getOriginalMessage().split("\n")) {
      Matcher m = SNAKEYAML_MARK.matcher(line);
      if (m.matches()) {
        where = " at line " + m.group(1) + ", column " + m.group(2);
      } else if (!line.isBlank() && !line.startsWith(" ")) {
        message.append(message.length() == 0 ? "" : ": ").append(line.strip());
      }
    }
    JsonLocation at = e.getLocation();
    if (where == null && at != null && at.getLineNr() > 0) {
      where = " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
    return new ConfigError(
        "",
        (json ? "JSON" : "YAML") + " syntax error" + (where != null ? where : "") + ": " + message);
  }

  /**
   * Whether a validator error is at or under a path the reader already reported, where the model
   * holds a default or placeholder and the validator would only repeat the reader.
   */
  private static boolean coveredBy(ConfigError e, List<ConfigError> readerErrors) {
    for (ConfigError r : readerErrors) {
      String p = r.path();
      if (e.path().equals(p) || e.path().startsWith(p + ".") || e.path().startsWith(p + "[")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reader errors come before validator errors; this stable sort regroups them by top-level section
   * (in schema order) and list element, so each frontend's problems are listed together.
   */
  private static final Comparator<ConfigError> DOCUMENT_ORDER =
      Comparator.comparingInt((ConfigError e) -> sectionRank(e.path()))
          .thenComparingInt(e -> firstIndex(e.path()));

  private static int sectionRank(String path) {
    if (path.isEmpty()) {
      return -1;
    }
    int end = path.length();
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '.' || path.charAt(i) == '[') {
        end = i;
        break;
      }
    }
    int rank = ConfigSchema.ROOT.names().indexOf(path.substring(0, end));
    return rank >= 0 ? rank : ConfigSchema.ROOT.keys().size();
  }

  private static int firstIndex(String path) {
    int open = path.indexOf('[');
    int dot = path.indexOf('.');
    if (open < 0 || (dot >= 0 && dot < open)) {
      return -1;
    }
    int close = path.indexOf(']', open);
    try {
      return Integer.parseInt(path.substring(open + 1, close));
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
