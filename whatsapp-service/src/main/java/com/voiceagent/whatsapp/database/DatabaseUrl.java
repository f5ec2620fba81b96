package com.voiceagent.whatsapp.database;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * DATABASE_URL in either the JDBC form or the postgres://user:password@host:port/db form that hosting
 * platforms hand out.
 */
record DatabaseUrl(String jdbcUrl, String username, String password) {

  static DatabaseUrl parse(String value) {
    if (value.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(value, null, null);
    }
    if (!value.startsWith("postgres://") && !value.startsWith("postgresql://")) {
      throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql:, postgres:// or postgresql://");
    }
    URI uri = URI.create(value);
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
    }
    String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new DatabaseUrl("jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query, user, password);
  }

  @Override
  public String toString() {
    // Never the password, neither from user info nor from a ?password= query parameter.
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }
}
