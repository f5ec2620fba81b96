package com.voiceagent.whatsapp.inbound;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The archiver's consumer: unlike the voice stages (no retries, a late record is useless), an archive
 * write must eventually succeed, so a database outage is retried with exponential backoff and no limit. Unreadable
 * records are still dead-lettered at once (the error handler never retries deserialization errors).
 */
@Configuration(proxyBeanMethods = false)
class ArchiveConsumerConfiguration {
  static final String FACTORY = "archiveListenerContainerFactory";

  @Bean(FACTORY)
  ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> archiveListenerContainerFactory(
      ConsumerFactory<String, SpecificRecord> consumerFactory, DeadLetterPublishingRecoverer recoverer) {
    ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    backOff.setMaxInterval(15_000);
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> factory = new ConcurrentKafkaListenerContainerFactory<>();
    factory.setConsumerFactory(consumerFactory);
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
    // Only an unreachable database is worth waiting for; a record the database refuses for good (a
    // constraint, a bug) is dead-lettered so it does not block every record behind it.
    handler.defaultFalse();
    handler.addRetryableExceptions(DataAccessResourceFailureException.class, TransientDataAccessException.class,
        RecoverableDataAccessException.class, CannotCreateTransactionException.class);
    factory.setCommonErrorHandler(handler);
    return factory;
  }
}
