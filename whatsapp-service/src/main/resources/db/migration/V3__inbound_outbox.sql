-- Events of Twilio's webhooks (inbound messages, status callbacks) waiting to be published to Kafka. A webhook
-- writes its row here in the same transaction as inbound_message / status_event, then answers Twilio 200: the
-- broker being away never loses a message. The relay publishes the rows in id order and marks each published.
--   payload:      the event in the topic's Avro single-object encoding
--   claims:       how often a relay has claimed the row; the "published" mark is fenced by it, so a relay whose
--                 claim was taken over cannot mark (or overwrite) what another relay now owns
--   lease_until:  while in the future, the row belongs to the relay that claimed it
--   published_at: when the broker acknowledged it (acks=all); null = still to publish
create table inbound_outbox (
  id            bigserial    primary key,
  topic         varchar(200) not null,
  event_key     varchar(200) not null,
  payload       bytea        not null,
  created_at    timestamptz  not null,
  claims        int          not null default 0,
  lease_until   timestamptz,
  published_at  timestamptz
);
create index inbound_outbox_unpublished on inbound_outbox (id) where published_at is null;
