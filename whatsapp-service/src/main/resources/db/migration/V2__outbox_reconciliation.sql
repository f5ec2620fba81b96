-- Reconciliation of send attempts whose outcome is unknown (the sender died between calling Twilio and
-- completing the row). Before re-sending such a row the relay asks Twilio whether the message exists.
--   attempt_started_at: when the current (or last) send attempt claimed the row; Twilio's copy of a
--                       message sent by that attempt was created after this moment.
--   in_doubt_since:     start of the earliest attempt whose outcome is unknown; null = no attempt in doubt,
--                       the row may be sent without asking. Kept until the row is sent or failed, so a
--                       failed lookup (row back to pending) still asks before sending.
alter table outbound_message add column attempt_started_at timestamptz;
alter table outbound_message add column in_doubt_since timestamptz;
