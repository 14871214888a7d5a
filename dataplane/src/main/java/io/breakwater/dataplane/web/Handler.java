package io.breakwater.dataplane.web;

/** Answers one request; runs on the server's event loop, so it must not wait for long. */
@FunctionalInterface
public interface Handler {
  /**
   * The response. An exception becomes a 500 with a short body (and a log line), so a handler only
   * catches what it can answer better.
   */
  WebResponse handle(WebRequest request) throws Exception;
}
