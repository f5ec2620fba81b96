package com.voiceagent.gateway.kafka;

import com.voiceagent.edge.health.ReadinessCheck;
import com.voiceagent.edge.health.ReadinessChecks;
import com.voiceagent.events.ReplyAudio;
import com.voiceagent.gateway.GatewayProperties;
import com.voiceagent.gateway.call.CallSessions;
import com.voiceagent.gateway.webhook.WebhookProperties;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.PeriodicTask;
import com.voiceagent.platform.PlatformProperties;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.schemas.Topics;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The gateway's Kafka side: the events its calls and Twilio's callbacks publish, and its return address voice.audio.&lt;instanceId&gt;,
 * created at startup and read only here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplyTopics.class)
public class GatewayKafkaConfiguration {

  @Bean
  TopicSpec<ReplyAudio> replyAudioTopic(InstanceIdentity identity) {
    return Topics.replyAudio(identity.id());
  }

  @Bean
  KafkaAdmin.NewTopics replyAudioNewTopic(TopicSpec<ReplyAudio> replyAudioTopic, PlatformProperties platform) {
    return new KafkaAdmin.NewTopics(replyAudioTopic.newTopic(platform.replicationFactor()));
  }

  @Bean(destroyMethod = "close")
  KafkaCallEvents callEvents(EventPublisher publisher, TopicSpec<ReplyAudio> replyAudioTopic, InstanceIdentity identity,
      Clock clock, GatewayProperties properties, ObjectProvider<ObservationRegistry> observations) {
    return new KafkaCallEvents(publisher, replyAudioTopic.name(), identity.id(), clock,
        properties.publish().maxQueuedPerCall(), new TurnTraces(observations.getIfUnique(() -> ObservationRegistry.NOOP)));
  }

  @Bean(destroyMethod = "close")
  KafkaTwilioCallbacks twilioCallbacks(EventPublisher publisher, InstanceIdentity identity, Clock clock,
      WebhookProperties webhooks) {
    return new KafkaTwilioCallbacks(publisher, identity.id(), clock, webhooks.callbackBuffer());
  }

  /** Every gateway deletes the reply topics of gateways gone for good (docs/gateway.md, "Reply topics"). */
  @Bean
  PeriodicTask replyTopicJanitor(KafkaProperties kafka, TopicSpec<ReplyAudio> replyAudioTopic, ReplyTopics settings,
      Clock clock) {
    ReplyTopicJanitor janitor = new ReplyTopicJanitor(kafka.buildAdminProperties(), kafka.buildConsumerProperties(),
        replyAudioTopic.name(), settings.expiry(), clock);
    return new PeriodicTask("reply-topic-janitor", settings.sweepInterval(), settings.sweepInterval(), janitor::sweep);
  }

  @Bean
  ReplyAudioStage replyAudioStage(CallSessions calls, KafkaPhrases phrases, TopicSpec<ReplyAudio> replyAudioTopic,
      InstanceIdentity identity, Stages stages) {
    return new ReplyAudioStage(calls, phrases, replyAudioTopic, identity, stages);
  }

  /** Which gateway holds each call's stream, shared by all gateways through voice.calls. */
  @Bean(destroyMethod = "close")
  KafkaStreamClaims streamClaims(EventPublisher publisher, InstanceIdentity identity, Clock clock, GatewayProperties properties,
      KafkaProperties kafka, PlatformProperties platform) {
    GatewayProperties.Streams streams = properties.streams();
    return new KafkaStreamClaims(publisher, identity.id(), clock, new KafkaStreamClaims.Limits(streams.claimTimeout(),
        streams.maxResumes(), streams.completedCallMemory(), streams.liveCallMemory()), kafka.buildConsumerProperties(),
        platform.warmUpTimeout());
  }

  /** Ready only once its consumers are in their groups: reply audio for its calls would not reach it before. */
  @Bean
  ReadinessCheck consumingReadiness(Stages stages) {
    return ReadinessChecks.state("consuming", stages::consuming, "the Kafka consumers have not joined their groups yet");
  }

  /** Ready only once it knows every live call: before, it could not refuse a second stream for one. */
  @Bean
  ReadinessCheck callsLedgerReadiness(KafkaStreamClaims claims) {
    return ReadinessChecks.state("voice.calls", claims::loaded, "voice.calls is not loaded yet");
  }

  /** Calls over (or whose gateway vanished) longer than they are remembered leave voice.calls. */
  @Bean
  PeriodicTask forgetIdleCalls(KafkaStreamClaims claims) {
    return new PeriodicTask("voice-calls-expiry", Duration.ofMinutes(1), Duration.ofMinutes(1), claims::forgetIdleCalls);
  }

  @Bean
  KafkaPhrases phrases(EventPublisher publisher, TopicSpec<ReplyAudio> replyAudioTopic, InstanceIdentity identity, Clock clock,
      GatewayProperties properties) {
    return new KafkaPhrases(publisher, replyAudioTopic.name(), identity.id(), clock, properties.phrases());
  }

  /** Until tts-service has spoken them (it may start after this gateway), the phrases are asked for again. */
  @Bean
  PeriodicTask requestPhrases(KafkaPhrases phrases) {
    return new PeriodicTask("gateway-phrases", Duration.ofSeconds(1), Duration.ofSeconds(10), phrases::requestMissing);
  }
}
