package dev.weft.coordinator.api;

import dev.weft.coordinator.distribution.Gauges;
import dev.weft.coordinator.distribution.TableDistributor;
import dev.weft.coordinator.metrics.Counters;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /health}, {@code /metrics} (Prometheus text format 0.0.4) and {@code /v1/openapi.yaml}, all without auth. */
final class SystemRoutes {
  static final String OPENAPI_PATH = "/v1/openapi.yaml";

  private final TableDistributor distributor;
  private final Counters counters;
  private final ApiJson json;
  private final Buffer openapi;
  private final BooleanSupplier storeRunning;

  SystemRoutes(TableDistributor distributor, Counters counters, ApiJson json, BooleanSupplier storeRunning) {
    this.distributor = distributor;
    this.storeRunning = storeRunning;
    this.counters = counters;
    this.json = json;
    try (InputStream in = SystemRoutes.class.getResourceAsStream("/openapi.yaml")) {
      this.openapi = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("openapi.yaml missing from the jar", e);
    }
  }

  void register(Router router) {
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(this::metrics);
    router.get(OPENAPI_PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(openapi));
  }

  private void health(RoutingContext ctx) {
    if (!storeRunning.getAsBoolean()) {
      json.error(ctx, 503, "the store member is not running");
      return;
    }
    // Completed on this request's event loop, not on the distribution thread that completes the stage.
    Future.fromCompletionStage(distributor.barrier(), ctx.vertx().getOrCreateContext())
        .onSuccess(v -> json.respond(ctx, 200, Map.of("status", "ok", "epoch", distributor.epoch())))
        .onFailure(e -> json.error(ctx, 503, "distribution is not running"));
  }

  private void metrics(RoutingContext ctx) {
    Future.fromCompletionStage(distributor.gauges(), ctx.vertx().getOrCreateContext()).onSuccess(g -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(render(g))).onFailure(ctx::fail);
  }

  private String render(Gauges g) {
    StringBuilder out = new StringBuilder();
    gauge(out, "weft_hosts", "Hosts by status.");
    out.append("weft_hosts{status=\"up\"} ").append(g.hostsUp()).append('\n');
    out.append("weft_hosts{status=\"down\"} ").append(g.hostsDown()).append('\n');
    gauge(out, "weft_networks", "Networks.");
    out.append("weft_networks ").append(g.networks()).append('\n');
    gauge(out, "weft_endpoints", "Endpoints stored, of every host.");
    out.append("weft_endpoints ").append(g.endpoints()).append('\n');
    gauge(out, "weft_agents_connected", "Agents connected to this member.");
    out.append("weft_agents_connected ").append(g.agentsConnected()).append('\n');
    out.append("# HELP weft_messages_sent_total Messages sent to agents.\n# TYPE weft_messages_sent_total counter\n");
    out.append("weft_messages_sent_total ").append(counters.messagesSent()).append('\n');
    gauge(out, "weft_table_version", "Version of each network's peer and endpoint table in this epoch.");
    g.tableVersions().forEach((network, version) ->
        out.append("weft_table_version{network=\"").append(network).append("\"} ").append(version).append('\n'));
    out.append("# HELP weft_allocation_failures_total Allocations refused because a pool was exhausted.\n")
        .append("# TYPE weft_allocation_failures_total counter\n");
    out.append("weft_allocation_failures_total ").append(counters.allocationFailures()).append('\n');
    out.append("# HELP weft_register_tables_total Tables of registering agents: resumed (the agent held the current"
        + " content) or sent as a snapshot.\n# TYPE weft_register_tables_total counter\n");
    out.append("weft_register_tables_total{outcome=\"resumed\"} ").append(counters.tablesResumed()).append('\n');
    out.append("weft_register_tables_total{outcome=\"snapshot\"} ").append(counters.tablesResent()).append('\n');
    out.append(counters.clusterMetrics());
    out.append(counters.keyMetrics());
    out.append(counters.httpMetrics());
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" gauge\n");
  }
}
