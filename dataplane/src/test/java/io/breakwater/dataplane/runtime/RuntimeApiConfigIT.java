package io.breakwater.dataplane.runtime;

import static io.breakwater.dataplane.config.AccessLevel.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.breakwater.dataplane.config.Config;
import io.breakwater.dataplane.config.ConfigLoader;
import io.breakwater.dataplane.config.Server;
import io.breakwater.dataplane.testing.RawHttp;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole server sets and whole configs through the Runtime API. */
class RuntimeApiConfigIT {
  @TempDir Path dir;
  private RuntimeFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new RuntimeFixture(dir);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private String send(String text) throws Exception {
    return CliClient.oneShot(f.address(ADMIN), text);
  }

  @Test
  void setBackendServersReplacesTheSetInOneChange() throws Exception {
    String json =
        "[{\"name\": \"b\", \"address\": \"127.0.0.1:" + f.b.port() + "\", \"weight\": 3}]";
    assertThat(f.admin("set backend app servers " + json)).isEqualTo("New config version 2\n");
    assertThat(f.dp.config().backend("app").servers())
        .extracting(Server::name, Server::weight)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 3));
    try (RawHttp c = RawHttp.connect(f.httpPort())) {
      assertThat(c.get("/", "t").header("x-echo-server")).isEqualTo("b");
    }
    // YAML in a payload, in the map form.
    assertThat(
            send(
                "set backend checked servers <<\nservers:\n  - {name: c2, address: 127.0.0.1:"
                    + f.a.port()
                    + "}\n\n"))
        .isEqualTo("New config version 3\n\n");
    Server c2 = f.dp.config().backend("checked").servers().get(0);
    assertThat(c2.healthCheck()).isEqualTo(f.dp.config().backend("checked").policy().healthCheck());
  }

  @Test
  void aBadServersListIsRefusedWithEveryErrorAndChangesNothing() throws Exception {
    assertThat(
            f.admin(
                "set backend app servers [{\"name\": \"a\", \"address\": \"bad\"},"
                    + " {\"name\": \"a\", \"address\": \"127.0.0.1:1\", \"weight\": 300}]"))
        .isEqualTo(
            "servers[0].address: \"bad\" is not host:port (missing :port)\n"
                + "servers[1].name: \"a\" is already the name of servers[0]\n"
                + "servers[1].weight: 300 (expected: 0..256)\n");
    assertThat(f.admin("set backend app servers [{\"name\": ")).startsWith("JSON syntax error");
    assertThat(f.admin("set backend nope servers []")).isEqualTo("No such backend.\n");
    assertThat(f.admin("set backend app servers"))
        .isEqualTo(
            "A servers list is required: set backend <backend> servers <json> (or a << payload).\n");
    assertThat(f.admin("set backend app"))
        .isEqualTo("Usage: set backend <backend> servers <json>\n");
    assertThat(send("set backend app servers [] <<\n[]\n\n"))
        .isEqualTo("Give the document on the line or after <<, not both.\n\n");
    assertThat(f.dp.version()).isEqualTo(1);
  }

  @Test
  void setConfigReplacesTheConfigOnlyIfItsVersionStillRuns() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String yaml =
        "frontends:\n"
            + "  - name: web\n"
            + "    listen: 127.0.0.1:"
            + port
            + "\n"
            + "    defaultBackend: app\n"
            + "\n"
            + "backends:\n"
            + "  - name: app\n"
            + "\n"
            + "    servers:\n"
            + "      - {name: b, address: 127.0.0.1:"
            + f.b.port()
            + "}\n";
    assertThat(send("set config 1 <<EOF\n" + yaml + "EOF\n")).isEqualTo("New config version 2\n\n");
    try (RawHttp c = RawHttp.connect(port)) {
      assertThat(c.get("/", "t").header("x-echo-server")).isEqualTo("b");
    }
    // show config reads back into the running config, and an edit of it applies.
    String shown = f.admin("show config");
    Config read = ConfigLoader.parse(shown, "shown.json");
    assertThat(read).isEqualTo(f.dp.config());
    String edited = shown.replace("\"weight\" : 1", "\"weight\" : 9");
    assertThat(edited).isNotEqualTo(shown);
    assertThat(send("set config 2 <<\n" + edited + "\n")).isEqualTo("New config version 3\n\n");
    assertThat(f.dp.config().backend("app").servers().get(0).weight()).isEqualTo(9);
    // A writer that read version 2 is too late now.
    assertThat(send("set config 2 <<\n" + edited + "\n"))
        .isEqualTo("version: 2 is not the running config's version 3 (read it again)\n\n");
  }

  @Test
  void aBadConfigIsRefusedWithEveryErrorAndChangesNothing() throws Exception {
    assertThat(
            send(
                "set config 1 <<EOF\nbackends:\n  - name: b\n    servers: [{name: s, address:"
                    + " \"10.0.0:80\", weight: 300}]\nEOF\n"))
        .isEqualTo(
            "backends[0].servers[0].address: \"10.0.0:80\" is not host:port (bad host \"10.0.0\";"
                + " expected an IPv4 address or a DNS name)\n"
                + "backends[0].servers[0].weight: 300 (expected: 0..256)\n\n");
    assertThat(f.admin("set config 1 {\"global\": ")).startsWith("JSON syntax error");
    assertThat(f.admin("set config 1"))
        .isEqualTo("A config is required: set config <version> <json|yaml> (or a << payload).\n");
    assertThat(f.admin("set config one {}")).isEqualTo("Usage: set config <version> <json|yaml>\n");
    assertThat(f.admin("set config 5 {}"))
        .isEqualTo("version: 5 is not the running config's version 1 (read it again)\n");
    assertThat(f.dp.version()).isEqualTo(1);
    assertThat(f.dp.config()).isEqualTo(f.config);
  }
}
