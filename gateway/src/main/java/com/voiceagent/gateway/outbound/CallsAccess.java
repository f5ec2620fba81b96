package com.voiceagent.gateway.outbound;

import com.voiceagent.edge.api.ApiClient;
import com.voiceagent.edge.api.ApiClients;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who may place calls: only the client holding CALLS_API_TOKEN. The edge's token filter has already authenticated
 * the request against every API token of the gateway (GATEWAY_API_TOKEN reads call statuses); placing a call costs
 * money, so the authenticated client must also be the calls client.
 *
 * @param clientId the calls client's id (as the edge names it), or null when CALLS_API_TOKEN is unset (disabled)
 */
record CallsAccess(@Nullable String clientId) {

  static CallsAccess of(String apiToken) {
    if (apiToken.isEmpty()) {
      return new CallsAccess(null);
    }
    return new CallsAccess(new ApiClients(List.of(apiToken)).identify(apiToken).orElseThrow().id());
  }

  boolean enabled() {
    return clientId != null;
  }

  /** The request was authenticated (by the edge filter) as the calls client. */
  boolean allows(@Nullable ApiClient client) {
    return clientId != null && client != null && clientId.equals(client.id());
  }
}
