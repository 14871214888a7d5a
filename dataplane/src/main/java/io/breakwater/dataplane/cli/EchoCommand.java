package io.breakwater.dataplane.cli;

import io.breakwater.dataplane.config.HostPort;
import io.breakwater.dataplane.echo.EchoServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code breakwater echo --listen HOST:PORT --name NAME}: the demo and test backend. */
@Command(
    name = "echo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a small HTTP backend that answers every request with 200 and a JSON body naming the"
          + " server and what it saw (method, path, host, headers).",
      "Query parameters shape the answer: ?status=503, ?delay=200ms, ?size=N (N filler bytes),"
          + " ?chunked=1, ?echo=body, ?close=1. GET /healthz answers ok."
    })
public final class EchoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-l", "--listen"},
      required = true,
      paramLabel = "HOST:PORT",
      description = "Address to listen on.")
  String listen;

  @Option(
      names = {"-n", "--name"},
      required = true,
      paramLabel = "NAME",
      description = "Server name reported in every answer.")
  String name;

  @Override
  public Integer call() throws Exception {
    HostPort hp = HostPort.parse(listen);
    if (hp == null) {
      throw new ParameterException(
          spec.commandLine(), "--listen: \"" + listen + "\" is not host:port");
    }
    Signals signals = Signals.install();
    try (EchoServer server = EchoServer.start(new InetSocketAddress(hp.host(), hp.port()), name)) {
      spec.commandLine()
          .getOut()
          .printf("echo server %s listening on %s:%d%n", name, hp.host(), server.port());
      spec.commandLine().getOut().flush();
      signals.await();
    }
    return 0;
  }
}
