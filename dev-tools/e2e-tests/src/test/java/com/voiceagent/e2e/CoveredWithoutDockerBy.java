package com.voiceagent.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * On a test that needs Docker: the tests that cover the same behaviour without it. Where no Docker engine runs,
 * the test is skipped with that said in the report ("no Docker engine here; covered without Docker by ...").
 * Put it before {@code @Testcontainers(disabledWithoutDocker = true)}, which then never has to skip it itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CoveredWithoutDockerBy.Condition.class)
@interface CoveredWithoutDockerBy {
  String[] value();

  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      CoveredWithoutDockerBy covered = context.getRequiredTestClass().getAnnotation(CoveredWithoutDockerBy.class);
      if (covered == null || DockerClientFactory.instance().isDockerAvailable()) {
        return ConditionEvaluationResult.enabled("Docker is available");
      }
      return ConditionEvaluationResult.disabled("no Docker engine here; covered without Docker by "
          + String.join(", ", covered.value()));
    }
  }
}
