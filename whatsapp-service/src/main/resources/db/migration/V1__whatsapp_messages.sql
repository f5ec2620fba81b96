-- Inbound messages, keyed by Twilio's MessageSid so a retried webhook (or the Kafka archiver writing the
-- same record again) inserts nothing.
create table inbound_message (
  message_sid                   varchar(64) primary key,
  account_sid                   varchar(64),
  messaging_service_sid         varchar(64),
  from_address                  varchar(64) not null,
  to_address                    varchar(64) not null,
  body                          text        not null default '',
  profile_name                  text,
  wa_id                         varchar(32),
  num_media                     int         not null default 0,
  media                         jsonb       not null default '[]',
  button_payload                text,
  button_text                   text,
  latitude                      varchar(32),
  longitude                     varchar(32),
  original_replied_message_sid  varchar(64),
  params                        jsonb       not null,
  received_at                   timestamptz not null,
  recorded_at                   timestamptz not null default now()
);
-- The 24-hour window check and the conversation listing both look up a customer's latest messages.
create index inbound_message_by_customer on inbound_message (from_address, received_at desc);

-- The outbox: a message we send is recorded here before Twilio is called, and completed afterwards.
create table outbound_message (
  id                 bigserial    primary key,
  idempotency_key    varchar(200) not null unique,
  to_address         varchar(64)  not null,
  from_address       varchar(64)  not null,
  body               text,
  content_sid        varchar(64),
  content_variables  text,
  status_callback    text,
  in_reply_to        varchar(64),
  state              varchar(16)  not null check (state in ('pending', 'sending', 'sent', 'failed')),
  attempts           int          not null default 0,
  next_attempt_at    timestamptz  not null,
  lease_until        timestamptz,
  message_sid        varchar(64)  unique,
  twilio_status      varchar(32),
  error_code         int,
  error_message      text,
  created_at         timestamptz  not null,
  updated_at         timestamptz  not null
);
create index outbound_message_due on outbound_message (state, next_attempt_at) where state in ('pending', 'sending');
create index outbound_message_by_customer on outbound_message (to_address, created_at desc);

-- Every status callback as received (a retried identical callback is stored once).
create table status_event (
  id           bigserial   primary key,
  message_sid  varchar(64) not null,
  status       varchar(32) not null,
  error_code   varchar(16),
  params       jsonb       not null,
  received_at  timestamptz not null,
  unique (message_sid, status)
);

-- The current status of each message, which only ever moves forward (see StatusRank).
create table message_status (
  message_sid  varchar(64) primary key,
  status       varchar(32) not null,
  status_rank  int         not null,
  error_code   varchar(16),
  updated_at   timestamptz not null
);
