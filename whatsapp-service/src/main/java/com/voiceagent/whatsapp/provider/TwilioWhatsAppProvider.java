package com.voiceagent.whatsapp.provider;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.AuthenticationException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.type.PhoneNumber;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WhatsApp through Twilio's Messages API (twilio-java Message.creator to send, Message.reader to look a
 * message up). Transient failures (5xx, 429, no connection) are retried here with exponential backoff;
 * everything else is classified once and thrown.
 */
final class TwilioWhatsAppProvider implements WhatsAppProvider {
  private static final Logger log = LoggerFactory.getLogger(TwilioWhatsAppProvider.class);
  /** Twilio's "Authenticate" error: wrong account SID or token. */
  private static final int AUTHENTICATE = 20003;

  /**
   * One page is enough: the lookup covers one recipient since one attempt started (minutes). Following
   * next_page_uri would also make the SDK insist on a *.twilio.com host, which TWILIO_API_BASE_URL is not.
   */
  private static final long LOOKUP_PAGE_SIZE = 100;

  private final Supplier<TwilioRestClient> client;
  private final Retry retry;
  private final Retry lookupRetry;

  TwilioWhatsAppProvider(Supplier<TwilioRestClient> client, int attempts, Duration firstWait) {
    this.client = Objects.requireNonNull(client, "client");
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(attempts)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(firstWait, 2.0))
        .retryOnException(e -> e instanceof ProviderException p && p.kind() == ProviderException.Kind.TRANSIENT)
        .failAfterMaxAttempts(false)
        .build();
    this.retry = Retry.of("twilio-send", config);
    this.lookupRetry = Retry.of("twilio-lookup", config);
    for (Retry each : List.of(retry, lookupRetry)) {
      each.getEventPublisher().onRetry(event -> log.warn("{} attempt {} failed, retrying in {}: {}", event.getName(),
          event.getNumberOfRetryAttempts(), event.getWaitInterval(), event.getLastThrowable().getMessage()));
    }
  }

  @Override
  public SentMessage send(OutboundMessage message) {
    return retry.executeSupplier(() -> sendOnce(message));
  }

  private SentMessage sendOnce(OutboundMessage message) {
    MessageCreator creator = Message.creator(new PhoneNumber(message.to()), new PhoneNumber(message.from()), message.body());
    if (message.isTemplate()) {
      creator.setContentSid(message.contentSid());
      if (message.contentVariables() != null) {
        creator.setContentVariables(message.contentVariables());
      }
    }
    if (message.statusCallback() != null) {
      creator.setStatusCallback(message.statusCallback());
    }
    try {
      Message created = creator.create(client.get());
      String status = created.getStatus() == null ? "queued" : created.getStatus().toString();
      return new SentMessage(created.getSid(), status);
    } catch (RuntimeException e) {
      throw classify(e);
    }
  }

  @Override
  public List<SentMessage> findSent(OutboundMessage message, Instant notBefore) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(notBefore, "notBefore");
    return lookupRetry.executeSupplier(() -> findOnce(message, notBefore));
  }

  /**
   * GET Messages.json?To=..&From=..&DateSent>=.. and keep what matches. Twilio's Message resource has no
   * ContentSid, so a template matches on sender, recipient and time alone; free-form text must also have
   * the same body.
   */
  private List<SentMessage> findOnce(OutboundMessage message, Instant notBefore) {
    MessageReader reader = Message.reader()
        .setTo(new PhoneNumber(message.to()))
        .setFrom(new PhoneNumber(message.from()))
        .setDateSentAfter(notBefore.atZone(ZoneOffset.UTC))
        .setPageSize(LOOKUP_PAGE_SIZE);
    List<Message> page;
    try {
      page = reader.firstPage(client.get()).getRecords();
    } catch (RuntimeException e) {
      throw classify(e);
    }
    List<Message> matches = new ArrayList<>();
    for (Message candidate : page) {
      boolean recentEnough = candidate.getDateCreated() == null || !candidate.getDateCreated().toInstant().isBefore(notBefore);
      boolean sameContent = message.isTemplate() || Objects.equals(message.body(), candidate.getBody());
      if (recentEnough && sameContent && candidate.getSid() != null) {
        matches.add(candidate);
      }
    }
    matches.sort(Comparator.comparing(m -> m.getDateCreated() == null ? Instant.MAX : m.getDateCreated().toInstant()));
    return matches.stream()
        .map(m -> new SentMessage(m.getSid(), m.getStatus() == null ? "queued" : m.getStatus().toString()))
        .toList();
  }

  static ProviderException classify(RuntimeException e) {
    if (e instanceof ProviderException p) {
      return p;
    }
    if (e instanceof ApiConnectionException) {
      return new ProviderException(ProviderException.Kind.TRANSIENT, null, null, "Twilio unreachable: " + e.getMessage(), null, e);
    }
    if (e instanceof AuthenticationException) {
      return new ProviderException(ProviderException.Kind.AUTHENTICATION, null, null, e.getMessage(), null, e);
    }
    if (e instanceof ApiException api) {
      Integer status = api.getStatusCode();
      ProviderException.Kind kind;
      if (status == null || status >= 500 || status == 429) {
        kind = ProviderException.Kind.TRANSIENT;
      } else if (status == 401 || status == 403 || Objects.equals(api.getCode(), AUTHENTICATE)) {
        kind = ProviderException.Kind.AUTHENTICATION;
      } else {
        kind = ProviderException.Kind.REJECTED;
      }
      return new ProviderException(kind, api.getCode(), status, api.getMessage(), api.getMoreInfo(), e);
    }
    if (e instanceof TwilioException) {
      return new ProviderException(ProviderException.Kind.TRANSIENT, null, null, e.getMessage(), null, e);
    }
    return new ProviderException(ProviderException.Kind.TRANSIENT, null, null, e.toString(), null, e);
  }
}
