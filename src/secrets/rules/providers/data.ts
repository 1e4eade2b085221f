import type { ProviderPattern } from "../types";
import { caseless, isLiteralPassword, urlHasLiteralPassword } from "./shape";

/**
 * `scheme://user:password@host[:port][/path]` for the given schemes (not
 * after `jdbc:`, which the JDBC kinds report). The
 * secret is the whole URL (what a fix moves to a secret store); the user
 * may be empty (`redis://:password@host`). The password stops at `@`, so a
 * password holding `@` must be percent-encoded, as URL syntax requires.
 */
function credentialUrl(id: string, name: string, docsUrl: string, schemes: readonly string[]): ProviderPattern {
  const alternatives = schemes.map((scheme) => scheme.replace(/[+.]/g, "\\$&")).join("|");
  return {
    id,
    name,
    docsUrl,
    anchors: schemes.map((scheme) => `${scheme}://`),
    pattern: new RegExp(
      `(?<![A-Za-z0-9+.:-])(?<secret>(?:${alternatives})://[^\\s:/@'"\`]{0,128}:[^\\s@/'"\`]{1,256}@[^\\s/'"\`?#<>]{1,253}(?:/[^\\s'"\`?#<>]{0,128})?)`,
      "g",
    ),
    verify: urlHasLiteralPassword,
    severity: "error",
  };
}

const KEY_VALUE_CONNECTION_KEYS = [
  "server",
  "data source",
  "host",
  "user id",
  "uid",
  "initial catalog",
  "database",
  "accountendpoint",
  "address",
];

/** Connection strings and URLs that carry a password: databases, brokers, mail and file servers. */
export const patterns: readonly ProviderPattern[] = [
  credentialUrl(
    "POSTGRES_URL",
    "PostgreSQL connection URL with password",
    "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS",
    ["postgres", "postgresql", "postgis", "pgsql", "cockroachdb", "timescaledb"],
  ),
  credentialUrl(
    "MYSQL_URL",
    "MySQL or MariaDB connection URL with password",
    "https://dev.mysql.com/doc/refman/8.4/en/connecting-using-uri-or-key-value-pairs.html",
    ["mysql", "mysql2", "mysqlx", "mariadb"],
  ),
  credentialUrl(
    "MSSQL_URL",
    "SQL Server connection URL with password",
    "https://learn.microsoft.com/en-us/sql/connect/jdbc/building-the-connection-url",
    ["mssql", "sqlserver"],
  ),
  credentialUrl(
    "ORACLE_URL",
    "Oracle database connection URL with password",
    "https://docs.oracle.com/en/database/oracle/oracle-database/23/netag/configuring-naming-methods.html",
    ["oracle"],
  ),
  credentialUrl(
    "MONGODB_URL",
    "MongoDB connection string with password",
    "https://www.mongodb.com/docs/manual/reference/connection-string/",
    ["mongodb", "mongodb+srv"],
  ),
  credentialUrl("REDIS_URL", "Redis or Valkey URL with password", "https://www.iana.org/assignments/uri-schemes/prov/redis", [
    "redis",
    "rediss",
    "valkey",
    "valkeys",
  ]),
  credentialUrl("AMQP_URL", "AMQP (RabbitMQ) URL with password", "https://www.rabbitmq.com/docs/uri-spec", ["amqp", "amqps"]),
  credentialUrl("MQTT_URL", "MQTT broker URL with password", "https://www.iana.org/assignments/uri-schemes/prov/mqtt", [
    "mqtt",
    "mqtts",
    "ws+mqtt",
  ]),
  credentialUrl("NATS_URL", "NATS URL with password", "https://docs.nats.io/using-nats/developer/connecting/userpass", ["nats", "tls"]),
  credentialUrl("KAFKA_URL", "Kafka broker URL with password", "https://kafka.apache.org/documentation/#security_sasl", [
    "kafka",
    "kafka+ssl",
    "kafka+sasl",
  ]),
  credentialUrl("LDAP_URL", "LDAP URL with bind password", "https://www.rfc-editor.org/rfc/rfc4516", ["ldap", "ldaps"]),
  credentialUrl("FTP_URL", "FTP or SFTP URL with password", "https://www.rfc-editor.org/rfc/rfc1738#section-3.2", [
    "ftp",
    "ftps",
    "sftp",
    "scp",
    "ssh",
  ]),
  credentialUrl("MAIL_SERVER_URL", "Mail server (SMTP, IMAP, POP3) URL with password", "https://www.rfc-editor.org/rfc/rfc5092", [
    "smtp",
    "smtps",
    "imap",
    "imaps",
    "pop3",
    "pop3s",
  ]),
  credentialUrl(
    "GRAPH_DB_URL",
    "Neo4j (Bolt) URL with password",
    "https://neo4j.com/docs/operations-manual/current/configuration/connectors/",
    ["neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s"],
  ),
  credentialUrl(
    "ANALYTICS_DB_URL",
    "ClickHouse, Snowflake, Cassandra, CouchDB or Elasticsearch URL with password",
    "https://clickhouse.com/docs/interfaces/cli#connection_string",
    ["clickhouse", "snowflake", "cassandra", "couchdb", "elasticsearch", "opensearch", "influxdb", "db2", "presto", "trino"],
  ),
  {
    // jdbc:postgresql://host/db?user=app&password=…, jdbc:sqlserver://host;user=sa;password=…
    id: "JDBC_PASSWORD",
    name: "JDBC URL with password",
    docsUrl: "https://docs.oracle.com/javase/tutorial/jdbc/basics/connecting.html",
    anchors: ["jdbc:"],
    pattern: new RegExp(
      `jdbc:[a-z0-9]{2,20}:[^\\s'"\`]{0,300}?[?&;](?:${caseless("password")}|${caseless("pwd")})=(?<secret>[^\\s&;'"\`]{1,128})`,
      "g",
    ),
    verify: isLiteralPassword,
    severity: "error",
  },
  {
    id: "JDBC_URL_CREDENTIALS",
    name: "JDBC URL with user and password",
    docsUrl: "https://docs.oracle.com/javase/tutorial/jdbc/basics/connecting.html",
    anchors: ["jdbc:"],
    pattern: /jdbc:[a-z0-9]{2,20}(?::[a-z]{2,10})?:\/\/[^\s:/@'"`]{1,128}:(?<secret>[^\s@/'"`]{1,256})@/g,
    verify: isLiteralPassword,
    severity: "error",
  },
  {
    // jdbc:oracle:thin:scott/tiger@host:1521:orcl
    id: "JDBC_ORACLE_THIN_PASSWORD",
    name: "Oracle JDBC thin URL with password",
    docsUrl: "https://docs.oracle.com/en/database/oracle/oracle-database/23/jjdbc/data-sources-and-URLs.html",
    anchors: ["jdbc:oracle:thin:"],
    pattern: /jdbc:oracle:thin:[A-Za-z0-9_$#]{1,30}\/(?<secret>[^\s@/'"`]{1,64})@/g,
    verify: isLiteralPassword,
    severity: "error",
  },
  {
    // ADO.NET / ODBC key=value connection strings: Server=…;User Id=…;Password=…;
    id: "CONNECTION_STRING_PASSWORD",
    name: "Connection string password (Password=)",
    docsUrl: "https://learn.microsoft.com/en-us/dotnet/framework/data/adonet/connection-string-syntax",
    anchors: ["assword=", "ASSWORD=", "wd=", "WD="],
    pattern: new RegExp(
      `(?:${KEY_VALUE_CONNECTION_KEYS.map(caseless).join("|")})\\s{0,2}=[^;'"\\r\\n]{1,200};[^'"\\r\\n]{0,300}?(?<![A-Za-z])(?:${caseless("password")}|${caseless("pwd")})\\s{0,2}=\\s{0,2}(?<secret>[^;'"\\s]{1,128})`,
      "g",
    ),
    verify: isLiteralPassword,
    severity: "error",
  },
  {
    // Kafka JAAS: org.apache.kafka.common.security.plain.PlainLoginModule required username="…" password="…";
    id: "KAFKA_SASL_JAAS_PASSWORD",
    name: "Kafka SASL (JAAS) password",
    docsUrl: "https://kafka.apache.org/documentation/#security_sasl_plain",
    anchors: ["LoginModule"],
    pattern: /LoginModule\s{1,4}required[^;]{0,300}?password\s{0,2}=\s{0,2}\\?"(?<secret>[^"\\\s]{1,128})\\?"/g,
    verify: isLiteralPassword,
    severity: "error",
  },
  {
    // librdkafka and Confluent client properties: sasl.password=…
    id: "KAFKA_SASL_PASSWORD",
    name: "Kafka SASL password (client property)",
    docsUrl: "https://docs.confluent.io/platform/current/clients/librdkafka/html/md_CONFIGURATION.html",
    anchors: ["sasl.password", "sasl_password", "SASL_PASSWORD"],
    pattern: /(?:sasl\.password|sasl_password|SASL_PASSWORD)["']?\s{0,4}[=:]\s{0,4}["']?(?<secret>[^\s"',;]{6,128})/g,
    verify: isLiteralPassword,
    severity: "error",
  },
];
