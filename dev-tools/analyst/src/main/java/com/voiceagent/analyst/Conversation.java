package com.voiceagent.analyst;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.CancelReason;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.StageTiming;
import com.voiceagent.events.StreamEndReason;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.events.Utterance;
import com.voiceagent.simulator.WarmUpCalls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One call worked out from its records: its turns as the caller lived them, when each side spoke on the
 * stream clock, dead air, talk time, and how it ended. The raw records stay as they are; every figure here
 * is derived from them, and from nothing else.
 */
final class Conversation {
  /** Dead air: longer than this with neither side speaking. */
  static final long SILENCE_MS = 2_000;
  private static final Set<String> FAILED_STATUSES = Set.of("failed", "busy", "no-answer", "canceled");
  /** The gateway's name (attribute callback) for the callback of a transfer's dial ending. */
  static final String TRANSFER_ENDED = "transfer-ended";

  private final CallRecords records;
  private final StreamClock clock;
  private final AgentPlayback playback;
  private final List<TurnView> turns;

  Conversation(CallRecords records) {
    this.records = records;
    this.clock = StreamClock.of(records);
    Set<Integer> takenBack = records.cancellations.stream().filter(c -> c.getReason() == CancelReason.CALLER_CONTINUED)
        .map(TurnCancelled::getTurn).collect(Collectors.toSet());
    this.playback = AgentPlayback.of(records, clock, takenBack);
    this.turns = buildTurns(takenBack);
  }

  String callSid() {
    return records.callSid;
  }

  List<TurnView> turns() {
    return turns;
  }

  AgentPlayback playback() {
    return playback;
  }

  StreamClock clock() {
    return clock;
  }

  /** Everything the caller said, in order (a speculative turn taken back holds the start of its successor's audio). */
  List<Utterance> utterances() {
    return records.utterances.stream().sorted(Comparator.comparingInt(Utterance::getTurn)).toList();
  }

  /** A simulator warm-up call: its stream carried {@link WarmUpCalls#PARAMETER} = true. */
  boolean warmUp() {
    return records.lifecycle.stream().anyMatch(e -> e.getKind() == CallLifecycleKind.STREAM_STARTED
        && "true".equals(e.getAttributes().get(WarmUpCalls.PARAMETER)));
  }

  Instant startedAt() {
    return records.lifecycle.stream().filter(e -> e.getKind() == CallLifecycleKind.STREAM_STARTED)
        .map(CallLifecycle::getEventTime).min(Comparator.naturalOrder()).orElseGet(this::firstEventTime);
  }

  /** The stream's stop, else the last thing that happened. */
  Instant endedAt() {
    Instant stopped = lastStop() == null ? null : lastStop().getEventTime();
    Instant last = lastEventTime();
    return stopped != null && !stopped.isBefore(last) ? stopped : last;
  }

  long durationMs() {
    return Math.max(0, endedAt().toEpochMilli() - startedAt().toEpochMilli());
  }

  /** caller-hung-up, agent-ended, transferred, failed or in-progress. */
  String ended() {
    boolean failedStatus = records.lifecycle.stream().anyMatch(e -> e.getKind() == CallLifecycleKind.CALL_STATUS
        && e.getCallStatus() != null && FAILED_STATUSES.contains(e.getCallStatus()));
    if (failedStatus) {
      return "failed";
    }
    if (playback.goodbyeHeard()) {
      return "agent-ended";
    }
    CallLifecycle stop = lastStop();
    CallLifecycle start = records.lifecycle.stream().filter(e -> e.getKind() == CallLifecycleKind.STREAM_STARTED)
        .max(Comparator.comparing(CallLifecycle::getEventTime)).orElse(null);
    CallLifecycle handedOver = last(transferEvents());
    if (handedOver != null && (start == null || !start.getEventTime().isAfter(handedOver.getEventTime()))) {
      return "transferred"; // handed to a person, and not back on a stream since
    }
    boolean completed = records.lifecycle.stream().anyMatch(e -> e.getKind() == CallLifecycleKind.CALL_STATUS
        && "completed".equals(e.getCallStatus()));
    if (stop == null || (start != null && start.getEventTime().isAfter(stop.getEventTime()))) {
      return completed ? "caller-hung-up" : "in-progress";
    }
    if (stop.getStreamEndReason() == StreamEndReason.LOST || stop.getStreamEndReason() == StreamEndReason.DRAINED) {
      return completed ? "caller-hung-up" : "failed"; // the stream broke and no other took the call over
    }
    return "caller-hung-up";
  }

  int bargeIns() {
    return (int) turns.stream().filter(TurnView::interrupted).count();
  }

  /** Fallback replies the caller heard (some of their audio played). */
  int fallbacksHeard() {
    return (int) turns.stream().filter(t -> t.fallback() && t.agentStartMs() != null).count();
  }

  long callerTalkMs() {
    return turns.stream().filter(t -> t.callerStartMs() != null).mapToLong(t -> t.callerEndMs() - t.callerStartMs()).sum();
  }

  long agentTalkMs() {
    return playback.played().stream().mapToLong(AgentPlayback.Played::durationMs).sum();
  }

  /** Stretches of the call over {@link #SILENCE_MS} where neither side spoke, from the stream's start to its end. */
  List<CallView.Silence> silences() {
    TreeMap<Long, Long> spoken = new TreeMap<>(); // start -> end, merged below
    for (TurnView t : turns) {
      if (t.callerStartMs() != null) {
        spoken.merge(t.callerStartMs(), t.callerEndMs(), Math::max);
      }
    }
    for (AgentPlayback.Played p : playback.played()) {
      spoken.merge(p.startMs(), p.endMs(), Math::max);
    }
    long end = clock.toStreamMs(endedAt());
    List<CallView.Silence> silences = new ArrayList<>();
    long quietFrom = 0;
    for (Map.Entry<Long, Long> interval : spoken.entrySet()) {
      if (interval.getKey() - quietFrom > SILENCE_MS) {
        silences.add(new CallView.Silence(quietFrom, interval.getKey(), interval.getKey() - quietFrom));
      }
      quietFrom = Math.max(quietFrom, interval.getValue());
    }
    if (end - quietFrom > SILENCE_MS) {
      silences.add(new CallView.Silence(quietFrom, end, end - quietFrom));
    }
    return silences;
  }

  /** Turn latencies of turns the caller spoke, in order. */
  List<Long> latencies() {
    return turns.stream().map(TurnView::latencyMs).filter(java.util.Objects::nonNull).toList();
  }

  CallSummary summary() {
    List<Long> latencies = latencies();
    return new CallSummary(callSid(), startedAt().toString(), durationMs(), turns.size(), bargeIns(), fallbacksHeard(),
        Percentiles.nearestRank(latencies, 50), Percentiles.nearestRank(latencies, 95), ended(), warmUp());
  }

  /** The call as replay shows it; {@code now} tells which of its records the topics' retention has removed. */
  CallView view(Instant now) {
    long caller = callerTalkMs();
    long agent = agentTalkMs();
    Double ratio = caller == 0 ? null : Math.round(agent * 100.0 / caller) / 100.0;
    return new CallView(callSid(), startedAt().toString(), durationMs(), ended(), warmUp(), turns, bargeIns(),
        fallbacksHeard(), silences(), caller, agent, ratio, retentionNotes(now), transfers());
  }

  /** What the topics no longer hold about a call this old: figures built on those records are incomplete. */
  private List<String> retentionNotes(Instant now) {
    List<String> notes = new ArrayList<>();
    java.time.Duration age = java.time.Duration.between(startedAt(), now);
    java.time.Duration control = com.voiceagent.schemas.Topics.CONTROL.retention();
    java.time.Duration audio = com.voiceagent.schemas.Topics.replyAudio("any").retention();
    if (age.compareTo(control) > 0) {
      notes.add("voice.control keeps " + control.toHours() + " h: this call's barge-ins are gone (interrupted and heardText"
          + " show every turn as heard in full)");
    }
    if (age.compareTo(audio) > 0) {
      notes.add("voice.audio.* keeps " + audio.toHours() + " h: the agent's audio of this call is gone (silent in the"
          + " recording, agentTalkMs 0)");
    }
    return List.copyOf(notes);
  }

  private List<TurnView> buildTurns(Set<Integer> takenBack) {
    Set<Integer> numbers = new TreeSet<>();
    records.utterances.forEach(u -> numbers.add(u.getTurn()));
    records.transcripts.forEach(t -> numbers.add(t.getTurn()));
    records.replies.forEach(r -> numbers.add(r.getTurn()));
    records.turns.forEach(t -> numbers.add(t.getTurn()));
    numbers.removeAll(takenBack);
    List<TurnView> views = new ArrayList<>();
    for (int turn : numbers) {
      views.add(turnView(turn));
    }
    return List.copyOf(views);
  }

  private TurnView turnView(int turn) {
    Utterance utterance = last(records.utterances.stream().filter(u -> u.getTurn() == turn).toList());
    Transcript transcript = last(records.transcripts.stream().filter(t -> t.getTurn() == turn).toList());
    TreeMap<Integer, ReplySegment> segments = new TreeMap<>();
    records.replies.stream().filter(r -> r.getTurn() == turn).forEach(r -> segments.putIfAbsent(r.getSeq(), r));
    TurnCompleted completed = last(records.turns.stream().filter(t -> t.getTurn() == turn).toList());
    TurnCancelled cut = records.cancellations.stream().filter(c -> c.getTurn() == turn
        && (c.getReason() == CancelReason.BARGE_IN || c.getReason() == CancelReason.CALL_ENDED)).findFirst().orElse(null);

    String replyText = segments.values().stream().map(ReplySegment::getText).collect(Collectors.joining(" "));
    ReplyKind kind = completed != null ? completed.getKind()
        : segments.isEmpty() ? null : segments.firstEntry().getValue().getKind();
    boolean fallback = kind == ReplyKind.FALLBACK || segments.values().stream().anyMatch(s -> s.getKind() == ReplyKind.FALLBACK);
    boolean interrupted = cut != null && cut.getReason() == CancelReason.BARGE_IN;
    String heard = cut != null ? cut.getHeardText() : completed != null ? replyText : "";

    Long latency = null;
    List<TurnView.StageView> stages = List.of();
    if (completed != null) {
      stages = stages(completed);
      if (utterance != null) {
        latency = completed.getFirstAudioSentAt().toEpochMilli() - completed.getSpeechEndedAt().toEpochMilli();
      }
    }
    Long callerStart = null;
    Long callerEnd = null;
    if (utterance != null) {
      callerStart = clock.toStreamMs(utterance);
      callerEnd = callerStart + (utterance.getStreamEndMs() - utterance.getStreamStartMs());
    }
    List<AgentPlayback.Played> played = playback.played().stream().filter(p -> p.turn() == turn).toList();
    Long agentStart = played.isEmpty() ? null : played.getFirst().startMs();
    Long agentEnd = played.isEmpty() ? null : played.getLast().endMs();
    return new TurnView(turn, transcript == null ? "" : transcript.getText(),
        transcript == null ? null : transcript.getStatus().name(), replyText, kind == null ? null : kind.name(), heard,
        interrupted, latency, stages, fallback, callerStart, callerEnd, agentStart, agentEnd);
  }

  /** The timeline as waits and work: each stage's wait runs from the previous one's output (or the caller's last word). */
  private static List<TurnView.StageView> stages(TurnCompleted completed) {
    List<TurnView.StageView> stages = new ArrayList<>();
    long previous = completed.getSpeechEndedAt().toEpochMilli();
    for (StageTiming s : completed.getTimeline()) {
      long received = s.getReceivedAt().toEpochMilli();
      long published = s.getPublishedAt().toEpochMilli();
      stages.add(new TurnView.StageView(s.getStage(), s.getEngine(), s.getInstance(), received - previous,
          published - received, s.getEngineMs()));
      previous = published;
    }
    return List.copyOf(stages);
  }

  /** The gateway's TRANSFERRED events, oldest first. */
  private List<CallLifecycle> transferEvents() {
    return records.lifecycle.stream().filter(e -> e.getKind() == CallLifecycleKind.TRANSFERRED)
        .sorted(Comparator.comparing(CallLifecycle::getEventTime)).toList();
  }

  /**
   * Each hand-over with what came of it: the first transfer-ended callback after it (before the next hand-over)
   * carries the dial's outcome, and the summary sent to the person is the notice naming that hand-over (the
   * stream it ended, else its turn; see dialog-service's CallEventsStage).
   */
  List<CallView.Transfer> transfers() {
    List<CallLifecycle> events = transferEvents();
    List<CallView.Transfer> transfers = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      CallLifecycle event = events.get(i);
      Instant next = i + 1 < events.size() ? events.get(i + 1).getEventTime() : Instant.MAX;
      String outcome = records.lifecycle.stream()
          .filter(e -> e.getKind() == CallLifecycleKind.CALL_STATUS && TRANSFER_ENDED.equals(e.getAttributes().get("callback"))
              && !e.getEventTime().isBefore(event.getEventTime()) && e.getEventTime().isBefore(next))
          .min(Comparator.comparing(CallLifecycle::getEventTime))
          .map(e -> e.getAttributes().getOrDefault("DialCallStatus", "unknown")).orElse("dialing");
      String transferId = event.getStreamSid() != null ? event.getStreamSid() : "turn-" + event.getTurn();
      var notice = records.transferNotices.stream().filter(n -> n.getTransferId().equals(transferId)).findFirst();
      transfers.add(new CallView.Transfer(event.getEventTime().toString(), event.getTurn(), outcome,
          notice.map(n -> n.getSummary()).orElse(null), notice.map(n -> n.getSummaryEngine()).orElse(null)));
    }
    return List.copyOf(transfers);
  }

  private CallLifecycle lastStop() {
    return records.lifecycle.stream().filter(e -> e.getKind() == CallLifecycleKind.STREAM_STOPPED)
        .max(Comparator.comparing(CallLifecycle::getEventTime)).orElse(null);
  }

  private Instant firstEventTime() {
    return eventTimes().min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
  }

  private Instant lastEventTime() {
    return eventTimes().max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
  }

  private java.util.stream.Stream<Instant> eventTimes() {
    return java.util.stream.Stream.of(
        records.lifecycle.stream().map(CallLifecycle::getEventTime),
        records.utterances.stream().map(Utterance::getEventTime),
        records.transcripts.stream().map(Transcript::getEventTime),
        records.replies.stream().map(ReplySegment::getEventTime),
        records.turns.stream().map(TurnCompleted::getEventTime),
        records.cancellations.stream().map(TurnCancelled::getEventTime),
        records.audio.stream().map(CallRecords.AudioRecord::publishedAt)).flatMap(s -> s);
  }

  private static <T> T last(List<T> items) {
    return items.isEmpty() ? null : items.getLast();
  }
}
