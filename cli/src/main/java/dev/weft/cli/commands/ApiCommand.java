package dev.weft.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.http.ApiClient;
import dev.weft.cli.http.ApiResponse;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A leaf command that calls the API: access to the root's options, the client, and output helpers. */
abstract class ApiCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  WeftCommand root() {
    return (WeftCommand) spec.root().userObject();
  }

  ApiClient api() {
    return root().api();
  }

  boolean json() {
    return root().json();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints a response body as indented JSON; an empty body (204) prints nothing. */
  void printJson(ApiResponse response) {
    if (response.body().isBlank()) {
      return;
    }
    try {
      out().println(root().mapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(root().mapper().readTree(response.body())));
    } catch (JsonProcessingException e) {
      out().println(response.body());
    }
  }

  /**
   * Shows a response the way every command does: with {@code --json} the body as indented JSON, else the text
   * (computed only then, since it parses the body).
   *
   * @return exit code 0
   */
  int show(ApiResponse response, Supplier<String> text) {
    if (json()) {
      printJson(response);
    } else {
      out().print(text.get());
    }
    return 0;
  }

  /** {@link #show} for a one-line text. */
  int showLine(ApiResponse response, Supplier<String> line) {
    return show(response, () -> line.get() + System.lineSeparator());
  }

  <T> T read(ApiResponse response, Class<T> type, String call) {
    return read(response, root().mapper().constructType(type), call);
  }

  <T> List<T> readList(ApiResponse response, Class<T> element, String call) {
    return read(response, root().mapper().getTypeFactory().constructCollectionType(List.class, element), call);
  }

  JsonNode readTree(ApiResponse response, String call) {
    return read(response, root().mapper().constructType(JsonNode.class), call);
  }

  private <T> T read(ApiResponse response, JavaType type, String call) {
    try {
      T value = root().mapper().readValue(response.body(), type);
      if (value == null) {
        throw new CliException(ExitCodes.FAILED, "empty answer to " + call + " (expected: JSON)");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new CliException(ExitCodes.FAILED,
          "unexpected answer to " + call + ": " + e.getOriginalMessage() + " (use --json to see it)", e);
    }
  }
}
