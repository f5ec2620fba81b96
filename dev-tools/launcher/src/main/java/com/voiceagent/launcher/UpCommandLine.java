package com.voiceagent.launcher;

import java.util.List;

/**
 * The arguments of {@code ./voice up}. Anything it does not know is refused: an option silently ignored
 * (a typo in {@code --scale}) would start a system other than the one asked for.
 *
 * @param scale the value of {@code --scale}, null when not given (VOICE_SCALE then applies)
 * @param brokers the value of {@code --brokers}, null when not given (VOICE_BROKERS then applies)
 * @param noRestart {@code --no-restart}: an instance that dies stays down
 * @param help {@code --help} or {@code -h}
 */
record UpCommandLine(String scale, String brokers, boolean noRestart, boolean help) {

  static final String USAGE = """
      Usage: ./voice up [--scale SERVICE=N,...] [--brokers 1|3] [--no-restart]

        --scale SERVICE=N,...  instances of each service, e.g. gateway=2,stt-service=3 (default 1 each; also
                               VOICE_SCALE). Services: gateway, stt-service, dialog-service, tts-service,
                               whatsapp-service (the console runs once). Several gateways or whatsapp-services
                               get nginx in front.
        --brokers N            Kafka brokers: 1 (default) or 3, a KRaft cluster that survives losing one
                               (also VOICE_BROKERS)
        --no-restart           an instance that dies stays down (also VOICE_RESTART=false); by default it is
                               restarted after 1 s, doubling up to 30 s
        -h, --help             this text

      Other settings come from environment variables: KAFKA_PORT, KAFKA_CONTROLLER_PORT, PG_PORT, GATEWAY_PORT,
      WHATSAPP_PORT, CONSOLE_PORT, CONSOLE_API_TOKEN, PUBLIC_HOST, TWILIO_AUTH_TOKEN, VOICE_HOME, VOICE_JAVA_OPTS, VOICE_STARTUP_TIMEOUT,
      VOICE_WARM_UP_CALLS (docs/running.md). ./voice ps lists what runs.""";

  static final UpCommandLine NONE = new UpCommandLine(null, null, false, false);

  /** @throws UsageException for an unknown argument, a missing value or an option given twice */
  static UpCommandLine parse(List<String> args) {
    String scale = null;
    String brokers = null;
    boolean noRestart = false;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
      String inlineValue = name.equals(arg) ? null : arg.substring(name.length() + 1);
      switch (name) {
        case "--scale", "--brokers" -> {
          String value = inlineValue;
          if (value == null) {
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
              throw new UsageException(name + " needs a value, e.g. " + example(name));
            }
            value = args.get(++i);
          }
          if (name.equals("--scale")) {
            once(name, scale);
            scale = value;
          } else {
            once(name, brokers);
            brokers = value;
          }
        }
        case "--no-restart" -> {
          if (inlineValue != null) {
            throw new UsageException("--no-restart takes no value, was '" + arg + "'");
          }
          noRestart = true;
        }
        case "-h", "--help" -> help = true;
        default -> throw new UsageException("unknown argument '" + arg + "'");
      }
    }
    return new UpCommandLine(scale, brokers, noRestart, help);
  }

  private static void once(String option, String earlier) {
    if (earlier != null) {
      throw new UsageException(option + " is given twice");
    }
  }

  private static String example(String option) {
    return option.equals("--scale") ? "--scale gateway=2,stt-service=3" : "--brokers 3";
  }
}
