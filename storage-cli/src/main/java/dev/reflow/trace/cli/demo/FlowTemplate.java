package dev.reflow.trace.cli.demo;

import java.util.List;

/**
 * One kind of flow the generator runs: a pipeline of actors, what travels between them and how
 * it fails.
 *
 * @param flowId Reflow's flow name
 * @param version major.minor.patch of the deployed flow
 * @param actors actor ids, in pipeline order; messages travel from each to the next
 * @param components the template (component) behind each actor
 * @param payload what the messages carry
 * @param errors failure messages, attributed to a random actor
 * @param kind {@code batch} or {@code stream}, a metadata tag
 * @param team the owning team, a metadata tag
 */
record FlowTemplate(
    String flowId,
    int[] version,
    List<String> actors,
    List<String> components,
    Payload payload,
    List<String> errors,
    String kind,
    String team) {

  /** The kinds of message content, each with its own shape. */
  enum Payload { ORDER, PAYMENT, IMAGE, ROWS, SIGNUP, READING }

  static final List<FlowTemplate> ALL = List.of(
      new FlowTemplate("order_ingest_pipeline", new int[] {2, 3, 1},
          List.of("reader", "validator", "enricher", "writer"),
          List.of("tpl_file_reader", "tpl_schema_validator", "tpl_http_enricher", "tpl_postgres_writer"),
          Payload.ORDER,
          List.of("missing field `customer_id` at line 1 column 58",
              "enrichment service returned 503 Service Unavailable",
              "duplicate key value violates unique constraint \"orders_pkey\""),
          "batch", "data-platform"),
      new FlowTemplate("payment_settlement", new int[] {1, 8, 0},
          List.of("gateway", "fraud_check", "ledger", "notifier"),
          List.of("tpl_http_trigger", "tpl_rules_engine", "tpl_ledger_client", "tpl_email_sender"),
          Payload.PAYMENT,
          List.of("ledger: connection refused (os error 111)",
              "fraud_check: score 0.97 above threshold 0.90, payment held",
              "deadline has elapsed after 30s"),
          "stream", "payments"),
      new FlowTemplate("image_thumbnailer", new int[] {0, 4, 12},
          List.of("fetcher", "decoder", "resizer", "uploader"),
          List.of("tpl_s3_reader", "tpl_image_decoder", "tpl_image_resize", "tpl_s3_writer"),
          Payload.IMAGE,
          List.of("decoder: unsupported image format (expected PNG, JPEG or WebP)",
              "uploader: AccessDenied: not authorized to perform s3:PutObject"),
          "stream", "media"),
      new FlowTemplate("etl_nightly_rollup", new int[] {3, 0, 2},
          List.of("extractor", "transformer", "aggregator", "loader"),
          List.of("tpl_sql_reader", "tpl_map", "tpl_window_aggregate", "tpl_parquet_writer"),
          Payload.ROWS,
          List.of("extractor: canceling statement due to statement timeout",
              "aggregator: memory limit of 512 MiB exceeded"),
          "batch", "analytics"),
      new FlowTemplate("user_signup_flow", new int[] {1, 2, 7},
          List.of("http_in", "validator", "user_store", "mailer"),
          List.of("tpl_http_trigger", "tpl_schema_validator", "tpl_kv_writer", "tpl_email_sender"),
          Payload.SIGNUP,
          List.of("validator: email address is not valid",
              "mailer: SMTP 421 too many connections"),
          "stream", "growth"),
      new FlowTemplate("sensor_telemetry", new int[] {0, 9, 3},
          List.of("mqtt_source", "filter", "window_avg", "alerter"),
          List.of("tpl_mqtt_subscriber", "tpl_filter", "tpl_window_aggregate", "tpl_webhook"),
          Payload.READING,
          List.of("mqtt_source: connection reset by peer",
              "alerter: webhook returned 400 Bad Request"),
          "stream", "iot"));
}
