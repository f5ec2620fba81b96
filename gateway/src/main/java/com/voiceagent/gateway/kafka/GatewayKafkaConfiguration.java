package com.voiceagent.gateway.reply;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.PlatformProperties;
import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.schemas.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** This instance's return address: voice.audio.&lt;instanceId&gt;, created at startup, read only here. */
@Configuration(proxyBeanMethods = false)
class ReplyTopicConfiguration {

  @Bean
  TopicSpec<ReplyAudio> replyAudioTopic(InstanceIdentity identity) {
    return Topics.replyAudio(identity.id());
  }

  @Bean
  KafkaAdmin.NewTopics replyAudioNewTopic(TopicSpec<ReplyAudio> replyAudioTopic, PlatformProperties platform) {
    return new KafkaAdmin.NewTopics(replyAudioTopic.newTopic(platform.replicationFactor()));
  }
}
