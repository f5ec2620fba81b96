package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AotPlanTest {
  private static final Path REPO = Path.of("/repo");
  private static final List<String> MODULES = List.of("gateway", "stt-service", "dialog-service");
  private static final Runtime.Version JDK_25 = Runtime.Version.parse("25.0.3");
  private static final Map<String, String> PAID = Map.of("OPENAI_API_KEY", "sk-test");

  private static LauncherSettings settings(Map<String, String> env) {
    return LauncherSettings.fromEnvironment(env, REPO);
  }

  @Test
  void withBilledEnginesAndNoCacheATrainingRunMakesThemBeforeTheServicesStart() {
    AotPlan plan = AotPlan.decide(settings(PAID), JDK_25, MODULES, module -> false);

    assertThat(plan.train()).isTrue();
    assertThat(plan.use()).containsExactlyInAnyOrderElementsOf(MODULES);
    assertThat(plan.reason()).contains("OPENAI_API_KEY is set").contains("training run").contains("VOICE_AOT_CACHE=off");
  }

  @Test
  void everyServiceMapsTheCacheOfItsCurrentBuildWithoutTraining() {
    AotPlan plan = AotPlan.decide(settings(PAID), JDK_25, MODULES, module -> true);

    assertThat(plan.train()).isFalse();
    assertThat(plan.use()).containsExactlyInAnyOrderElementsOf(MODULES);
  }

  @Test
  void withTheOfflineEnginesTheWarmUpCallsWarmTheServicesAndAStartNeverWaitsForTraining() {
    AotPlan plan = AotPlan.decide(settings(Map.of()), JDK_25, MODULES, module -> module.equals("gateway"));

    assertThat(plan.train()).isFalse();
    assertThat(plan.use()).containsExactly("gateway");
    assertThat(plan.reason()).contains("stt-service, dialog-service").contains("warm-up calls");
  }

  @Test
  void offMeansNoCacheAtAllEvenWhenOneExists() {
    AotPlan plan = AotPlan.decide(settings(Map.of("VOICE_AOT_CACHE", "off", "OPENAI_API_KEY", "sk")), JDK_25, MODULES,
        module -> true);

    assertThat(plan).isEqualTo(new AotPlan(false, Set.of(), "VOICE_AOT_CACHE=off"));
  }

  @Test
  void aJdkOlderThan25NeitherTrainsNorMapsACache() {
    AotPlan plan = AotPlan.decide(settings(PAID), Runtime.Version.parse("21.0.5"), MODULES, module -> true);

    assertThat(plan.train()).isFalse();
    assertThat(plan.use()).isEmpty();
    assertThat(plan.reason()).contains("JDK 21").contains("need JDK 25");
  }
}
