package dev.weft.coordinator.api;

import io.vertx.ext.web.RoutingContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What an API write was, for the audit log: its action and target. */
final class Audited {
  private static final Pattern NETWORK = Pattern.compile("/v1/networks/([^/]+)/?");
  private static final Pattern SERVICE = Pattern.compile("/v1/networks/([^/]+)/services/([^/]+)/?");
  private static final Pattern HOST = Pattern.compile("/v1/hosts/([^/]+)/?");

  private Audited() {
  }

  /** {action, target}. */
  static String[] of(RoutingContext ctx) {
    String method = ctx.request().method().name();
    String path = ctx.request().path();
    Matcher m;
    if ("POST".equals(method) && path.matches("/v1/networks/?")) {
      return new String[] {"network.create", bodyName(ctx)};
    } else if ("POST".equals(method) && path.matches("/v1/join-token/rotate/?")) {
      return new String[] {"join-token.rotate", "join-token"};
    } else if ("POST".equals(method) && path.matches("/v1/ca/(rotate|retire)/?")) {
      return new String[] {path.contains("rotate") ? "ca.rotate" : "ca.retire", "ca"};
    } else if ((m = SERVICE.matcher(path)).matches() && ("PUT".equals(method) || "DELETE".equals(method))) {
      return new String[] {"PUT".equals(method) ? "service.attach" : "service.detach", m.group(1) + "/" + m.group(2)};
    } else if ((m = NETWORK.matcher(path)).matches() && "DELETE".equals(method)) {
      return new String[] {"network.delete", m.group(1)};
    } else if ((m = HOST.matcher(path)).matches() && "DELETE".equals(method)) {
      return new String[] {"host.delete", m.group(1)};
    }
    return new String[] {method + " " + path, path};
  }

  private static String bodyName(RoutingContext ctx) {
    try {
      io.vertx.core.json.JsonObject body = ctx.body() == null ? null : ctx.body().asJsonObject();
      Object name = body == null ? null : body.getValue("name");
      return name == null ? "" : String.valueOf(name);
    } catch (RuntimeException notJson) {
      return "";
    }
  }
}
