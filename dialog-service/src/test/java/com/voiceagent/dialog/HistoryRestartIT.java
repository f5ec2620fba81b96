package com.voiceagent.dialog;

import com.voiceagent.dialog.engine.Message;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.dialog.history.ConversationHistory;
import com.voiceagent.dialog.support.Events;
import com.voiceagent.dialog.support.TopicReader;
import com.voiceagent.events.ConversationState;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import com.voiceagent.platform.stage.Stages;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;

/**
 * A call's history outlives the instance answering it: instance A answers a turn and stops; a new
 * instance B loads dialog.history at startup and the model hears the earlier turn on the next one.
 */
// The broker allows the platform's group timeouts: instance B takes over A's partitions within seconds, not the
// broker default's 45 s (A is a static member: its partitions wait for its session to expire).
@EmbeddedKafka(partitions = 1, brokerProperties = {
    "group.consumer.min.session.timeout.ms=1000",
    "group.consumer.min.heartbeat.interval.ms=500"})
class HistoryRestartIT {

  private static ConfigurableApplicationContext start(EmbeddedKafkaBroker broker, OpenAiFixture fixture, String instance) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(DialogApplication.class).run(
        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
        "--voice.platform.instance-id=" + instance,
        "--voice.dialog.engine=openai",
        "--voice.dialog.openai.api-key=sk-test-not-a-secret",
        "--voice.dialog.openai.base-url=" + fixture.baseUrl(),
        "--voice.dialog.first-sentence-timeout=6s");
    Events.awaitListenersAssigned(context.getBean(Stages.class));
    return context;
  }

  @Test
  void historySurvivesARestartThroughTheCompactedTopic(EmbeddedKafkaBroker broker) throws Exception {
    try (OpenAiFixture fixture = OpenAiFixture.start(LatencyModel.instant())) {
      fixture.onChat("MARK-R1", ex -> ex.stream("אנחנו פתוחים עד שבע בערב."));
      fixture.onChat("MARK-R2", ex -> ex.stream("כן, גם ביום שישי בבוקר."));
      ConfigurableApplicationContext first = start(broker, fixture, "dialog-a"); // creates the topics
      try (first;
          TopicReader<ReplySegment> replies = TopicReader.avro(broker.getBrokersAsString(), Topics.REPLIES.name(), ReplySegment.class);
          TopicReader<ConversationState> states = TopicReader.avro(broker.getBrokersAsString(), Topics.HISTORY.name(), ConversationState.class)) {
        first.getBean(EventPublisher.class).publish(Topics.TRANSCRIPTS, Events.transcript("CA-restart", 1, "MARK-R1 עד מתי אתם פתוחים?"));
        replies.awaitValue(s -> s.getCallSid().toString().equals("CA-restart") && s.getTurn() == 1 && s.getLast());
        states.awaitValue(s -> s.getConversationId().toString().equals("CA-restart") && s.getMessages().size() == 2);
        first.close();

        try (ConfigurableApplicationContext second = start(broker, fixture, "dialog-b")) {
        ConversationHistory history = second.getBean(ConversationHistory.class);
        assertThat(history.messages("CA-restart")).extracting(Message::role).containsExactly(Message.Role.CALLER, Message.Role.AGENT);

        second.getBean(EventPublisher.class).publish(Topics.TRANSCRIPTS, Events.transcript("CA-restart", 2, "MARK-R2 וגם בשישי?"));
        replies.awaitValue(s -> s.getCallSid().toString().equals("CA-restart") && s.getTurn() == 2 && s.getLast());
        }
      }

      JsonNode request = fixture.chatRequestContaining("MARK-R2");
      assertThat(request.path("messages").valueStream().map(m -> m.path("content").asString()))
          .contains("MARK-R1 עד מתי אתם פתוחים?", "אנחנו פתוחים עד שבע בערב.", "MARK-R2 וגם בשישי?");
    }
  }
}
