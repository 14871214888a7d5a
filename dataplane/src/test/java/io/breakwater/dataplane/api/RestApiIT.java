package io.breakwater.dataplane.api;

import static io.breakwater.dataplane.testing.TestConfig.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.breakwater.dataplane.Dataplane;
import io.breakwater.dataplane.config.AccessLog;
import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.DataplaneApi;
import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.echo.EchoServer;
import io.breakwater.dataplane.proxy.AdminState;
import io.breakwater.dataplane.testing.AuditLogCapture;
import io.breakwater.dataplane.testing.Ports;
import io.breakwater.dataplane.testing.TestConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of the REST Data Plane API over a real socket, with and without a token. */
class RestApiIT {
  private static final String TOKEN = "t0ken-for-tests";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private EchoServer echo;
  private Dataplane dp;
  private RestApiServer api;
  private String token;

  @BeforeEach
  void startEcho() {
    echo = EchoServer.start(new InetSocketAddress("127.0.0.1", 0), "echo");
  }

  @AfterEach
  void stop() {
    if (dp != null) {
      dp.close();
    }
    echo.close();
  }

  /** Backends {@code app} (a, b) and {@code default/web/80} (w); the API with or without token. */
  private void start(boolean withToken) throws Exception {
    String tokenFile = null;
    if (withToken) {
      Path f = dir.resolve("token");
      Files.writeString(f, TOKEN + "\n");
      tokenFile = f.toString();
      token = TOKEN;
    }
    // Fixed ports, because the config file format (GET, then PUT back) does not allow port 0.
    int port = Ports.free();
    Config base =
        TestConfig.create()
            .port(port)
            .backend("app", server("a", echo.port()), server("b", echo.port()))
            .backend("default/web/80", server("w", echo.port()))
            .build();
    DataplaneApi config = new DataplaneApi(new HostPort("127.0.0.1", Ports.free()), tokenFile);
    dp =
        Dataplane.start(
            new Config(
                base.global().withInterfaces(List.of(), null, config, AccessLog.OFF),
                base.defaults(),
                base.frontends(),
                base.backends()));
    api = dp.restApi(); // the dataplane starts (and closes) the API its config names
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void getConfigAnswersTheRunningConfigAndItsVersion() throws Exception {
    start(false);
    HttpResponse<String> r = call("GET", "/v1/config", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.headers().firstValue("etag")).hasValue("\"" + dp.version() + "\"");
    assertThat(r.headers().firstValue("configuration-version")).hasValue("" + dp.version());
    JsonNode body = json(r);
    assertThat(body.get("version").asLong()).isEqualTo(dp.version());
    Config read = ConfigLoader.parse(body.get("config").toString(), "test.json");
    assertThat(read.backends()).isEqualTo(dp.config().backends());
    assertThat(read.frontends().get(0).name()).isEqualTo("http");
  }

  @Test
  void putConfigAppliesAtTheGivenVersionAndRefusesAStaleOne() throws Exception {
    start(false);
    JsonNode got = json(call("GET", "/v1/config", null));
    long v = got.get("version").asLong();
    ObjectNode config = (ObjectNode) got.get("config");
    ((ObjectNode) config.get("backends").get(0).get("servers").get(1)).put("weight", 5);

    HttpResponse<String> r = call("PUT", "/v1/config?version=" + v, config.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("version").asLong()).isEqualTo(v + 1).isEqualTo(dp.version());
    assertThat(dp.config().backend("app").servers().get(1).weight()).isEqualTo(5);

    HttpResponse<String> stale = call("PUT", "/v1/config?version=" + v, config.toString());
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(json(stale).get("message").asText())
        .contains("running config is version " + (v + 1))
        .contains("based on version " + v);
    assertThat(json(stale).get("errors").get(0).get("path").asText()).isEqualTo("version");
    assertThat(dp.version()).isEqualTo(v + 1);

    HttpResponse<String> noVersion = call("PUT", "/v1/config", config.toString());
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(json(noVersion).get("errors").get(0).get("path").asText()).isEqualTo("version");
  }

  @Test
  void putConfigTakesYamlAndIfMatch() throws Exception {
    start(false);
    long v = dp.version();
    String yaml =
        "frontends:\n  - name: http\n    listen: 127.0.0.1:"
            + dp.port("http")
            + "\n    defaultBackend: only\n"
            + "backends:\n  - name: only\n    servers:\n      - name: s\n        address: 127.0.0.1:"
            + echo.port()
            + "\n";
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v1/config"))
            .header("If-Match", "\"" + v + "\"")
            .header("Content-Type", "application/yaml")
            .PUT(HttpRequest.BodyPublishers.ofString(yaml))
            .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(dp.config().backends()).extracting(b -> b.name()).containsExactly("only");
  }

  @Test
  void anInvalidConfigIsRefusedWithEveryErrorAndItsPath() throws Exception {
    start(false);
    long v = dp.version();
    String bad =
        "{\"frontends\": [{\"name\": \"http\", \"listen\": \"127.0.0.1:0\", \"defaultBackend\":"
            + " \"nope\"}], \"backends\": [{\"name\": \"x\", \"servers\": [{\"name\": \"s\","
            + " \"address\": \"no-port\", \"weight\": 999}]}]}";
    HttpResponse<String> r = call("PUT", "/v1/config?version=" + v, bad);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("code").asInt()).isEqualTo(400);
    List<String> paths = body.get("errors").findValuesAsText("path");
    assertThat(paths)
        .contains(
            "frontends[0].defaultBackend",
            "backends[0].servers[0].address",
            "backends[0].servers[0].weight");
    assertThat(body.get("errors").get(0).get("message").asText()).isNotBlank();
    assertThat(dp.version()).isEqualTo(v);
  }

  @Test
  void backendsListTheirServersRuntimeState() throws Exception {
    start(false);
    dp.setAdminState("app", "b", AdminState.DRAIN);
    HttpResponse<String> r = call("GET", "/v1/backends", null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode app = json(r).get(0);
    assertThat(app.get("name").asText()).isEqualTo("app");
    assertThat(app.get("servers").findValuesAsText("name")).containsExactly("a", "b");
    assertThat(app.get("servers").get(1).get("adminState").asText()).isEqualTo("drain");
    assertThat(json(r).get(1).get("name").asText()).isEqualTo("default/web/80");
  }

  @Test
  void serversCanBeReadChangedAndWrittenBack() throws Exception {
    start(false);
    HttpResponse<String> got = call("GET", "/v1/backends/default%2Fweb%2F80/servers", null);
    assertThat(got.statusCode()).isEqualTo(200);
    ArrayNode servers = (ArrayNode) json(got);
    assertThat(servers.findValuesAsText("name")).containsExactly("w");
    servers.addObject().put("name", "w2").put("address", "127.0.0.1:" + echo.port());
    long v = dp.version();

    HttpResponse<String> put =
        call("PUT", "/v1/backends/default%2Fweb%2F80/servers", servers.toString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(json(put).get("version").asLong()).isEqualTo(v + 1);
    assertThat(dp.config().backend("default/web/80").servers())
        .extracting(s -> s.name())
        .containsExactly("w", "w2");
    assertThat(call("GET", "/v1/backends/nope/servers", null).statusCode()).isEqualTo(404);
    assertThat(call("PUT", "/v1/backends/nope/servers", "[]").statusCode()).isEqualTo(404);
  }

  @Test
  void invalidServersAreRefusedWithPathsInTheList() throws Exception {
    start(false);
    long v = dp.version();
    HttpResponse<String> r =
        call(
            "PUT",
            "/v1/backends/app/servers",
            "[{\"name\": \"a\", \"address\": \"127.0.0.1:1\"}, {\"name\": \"a\", \"address\":"
                + " \"127.0.0.1:x\", \"colour\": \"red\", \"weight\": 300}]");
    assertThat(r.statusCode()).isEqualTo(400);
    List<String> paths = json(r).get("errors").findValuesAsText("path");
    assertThat(paths)
        .contains("servers[1].address", "servers[1].colour", "servers[1].weight")
        .anyMatch(p -> p.startsWith("servers[1].name"));
    HttpResponse<String> notAList = call("PUT", "/v1/backends/app/servers", "{}");
    assertThat(notAList.statusCode()).isEqualTo(400);
    assertThat(json(notAList).get("errors").get(0).get("message").asText())
        .contains("expected: a list of servers");
    assertThat(dp.version()).isEqualTo(v);
  }

  @Test
  void patchSetsStateAndWeightThroughTheDataplane() throws Exception {
    start(false);
    long v = dp.version();
    HttpResponse<String> r =
        call("PATCH", "/v1/backends/app/servers/b", "{\"state\": \"maint\", \"weight\": 7}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(dp.server("app", "b").adminState()).isEqualTo(AdminState.MAINT);
    assertThat(dp.config().backend("app").servers().get(1).weight()).isEqualTo(7);
    assertThat(dp.version()).isEqualTo(v + 1);
    assertThat(json(r).get("adminState").asText()).isEqualTo("maint");
    assertThat(json(r).get("weight").asInt()).isEqualTo(7);

    call("PATCH", "/v1/backends/app/servers/b", "{\"state\": \"ready\"}");
    assertThat(dp.server("app", "b").adminState()).isEqualTo(AdminState.READY);

    HttpResponse<String> bad =
        call(
            "PATCH",
            "/v1/backends/app/servers/b",
            "{\"state\": \"off\", \"weight\": -1, \"x\": 1}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("errors").findValuesAsText("path"))
        .containsExactlyInAnyOrder("state", "weight", "x");
    assertThat(call("PATCH", "/v1/backends/app/servers/b", "{}").statusCode()).isEqualTo(400);
    assertThat(call("PATCH", "/v1/backends/app/servers/b", "not json").statusCode()).isEqualTo(400);
    assertThat(call("PATCH", "/v1/backends/app/servers/nope", "{\"weight\": 1}").statusCode())
        .isEqualTo(404);
    assertThat(call("PATCH", "/v1/backends/nope/servers/b", "{\"weight\": 1}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void statsAndInfoAnswerJson() throws Exception {
    start(false);
    JsonNode stats = json(call("GET", "/v1/stats", null));
    assertThat(stats.get("info").get("configVersion").asLong()).isEqualTo(dp.version());
    assertThat(stats.get("backends").get(0).get("servers").findValuesAsText("name"))
        .containsExactly("a", "b");
    JsonNode info = json(call("GET", "/v1/info", null));
    assertThat(info.get("api").asText()).isEqualTo("v1");
    assertThat(info.get("configVersion").asLong()).isEqualTo(dp.version());
    assertThat(info.get("transport").asText()).isEqualTo(dp.transport());
    JsonNode openapi = json(call("GET", "/v1/openapi.json", null));
    assertThat(openapi.get("openapi").asText()).startsWith("3.");
  }

  @Test
  void theTokenIsRequiredWhenConfigured() throws Exception {
    start(true);
    assertThat(call("GET", "/v1/info", null).statusCode()).isEqualTo(200);
    token = null;
    HttpResponse<String> none = call("GET", "/v1/info", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("www-authenticate"))
        .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
    token = TOKEN + "x";
    assertThat(call("GET", "/v1/config", null).statusCode()).isEqualTo(401);
    token = "";
    assertThat(call("PATCH", "/v1/backends/app/servers/a", "{\"state\": \"maint\"}").statusCode())
        .isEqualTo(401);
    assertThat(dp.server("app", "a").adminState()).isEqualTo(AdminState.READY);
  }

  @Test
  void aTokenFileIsRequiredOffLoopback() throws Exception {
    start(false);
    DataplaneApi open = new DataplaneApi(new HostPort("0.0.0.0", 0), null);
    assertThatThrownBy(() -> RestApiServer.start(dp, open))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataplaneApi.tokenFile: missing");
    DataplaneApi missingFile =
        new DataplaneApi(new HostPort("127.0.0.1", 0), dir.resolve("absent").toString());
    assertThatThrownBy(() -> RestApiServer.start(dp, missingFile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be read");
  }

  @Test
  void unknownRoutesAndMethodsAnswer404And405() throws Exception {
    start(false);
    assertThat(call("GET", "/v1/nope", null).statusCode()).isEqualTo(404);
    HttpResponse<String> r = call("DELETE", "/v1/config", null);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("allow")).hasValue("GET, PUT");
  }

  @Test
  void changesAreAuditedWithThePeerAndWhetherATokenCameButNeverTheToken() throws Exception {
    start(true);
    String servers = "[{\"name\": \"a\", \"address\": \"127.0.0.1:" + echo.port() + "\"}]";
    try (AuditLogCapture audit = AuditLogCapture.start()) {
      assertThat(call("GET", "/v1/config", null).statusCode()).isEqualTo(200);
      assertThat(call("PUT", "/v1/backends/app/servers", servers).statusCode()).isEqualTo(200);
      long afterPut = dp.version();
      assertThat(call("PATCH", "/v1/backends/app/servers/a", "{\"weight\": 300}").statusCode())
          .isEqualTo(400);
      token = null;
      assertThat(call("PUT", "/v1/backends/app/servers", "[]").statusCode()).isEqualTo(401);

      List<String> lines = audit.lines();
      assertThat(lines).hasSize(3).noneMatch(l -> l.contains(TOKEN));
      String peer = "api=rest peer=tcp:127\\.0\\.0\\.1:\\d+ ";
      assertThat(lines.get(0))
          .matches(
              peer
                  + "token=yes cmd=\"PUT /v1/backends/app/servers\" body_bytes="
                  + servers.length()
                  + " outcome=ok status=200 version="
                  + afterPut);
      assertThat(lines.get(1))
          .matches(peer + "token=yes cmd=\"PATCH /v1/backends/app/servers/a\" .*")
          .contains(" body=\"{\\\"weight\\\": 300}\" outcome=error status=400 error=\"")
          .contains("weight: 300 (expected: 0 to 256)")
          .endsWith(" version=" + afterPut);
      assertThat(lines.get(2))
          .matches(peer + "token=no cmd=\"PUT /v1/backends/app/servers\" body_bytes=2 .*")
          .endsWith(
              " outcome=error status=401 error=\"a valid bearer token is required\" version="
                  + afterPut);
    }
  }
}
