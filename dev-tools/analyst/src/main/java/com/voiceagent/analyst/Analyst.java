package com.voiceagent.analyst;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The analyst's commands of {@code ./voice}: {@code calls}, {@code replay}, {@code export}, {@code sql}, {@code rerun}. Each
 * reads the topics of any broker and prints for a person (or {@code --json} for a program). Exit codes: 0 done,
 * 1 failed (the broker unreachable, no such call), 2 bad arguments.
 */
public final class Analyst {
  static final String USAGE = """
      Usage: ./voice <command> [options]     (each command has --help)
        calls  [--since 2h] [--json] [--all]            one line per call
        replay CALLSID [--json] [--wav FILE]            one call turn by turn; --wav writes a stereo recording
        export [--out DIR] [--since 7d] [--format parquet|jsonl]   tables calls, turns, whatsapp_messages
        sql    [--in DIR] [--json] "SELECT ..."         DuckDB SQL over an export
        rerun  (--calls SID,... | --since D) (--stt ENGINE[:MODEL] | --prompt FILE | --dialog-model M | --voice V) [--json]
                                                        past calls through another engine, prompt, model or voice, A/B
      calls, replay, export and rerun read the broker of KAFKA_BOOTSTRAP_SERVERS (or --kafka HOST:PORT; default the
      running ./voice up's, else localhost:9092); sql reads an export's files.
      """;

  private Analyst() {}

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs one command; returns its exit code. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    Command command = switch (args[0]) {
      case "calls" -> new CallsCommand(env, out);
      case "replay" -> new ReplayCommand(env, out);
      case "export" -> new ExportCommand(env, out);
      case "sql" -> new SqlCommand(out);
      case "rerun" -> new RerunCommand(env, out);
      default -> null;
    };
    if (command == null) {
      err.print("unknown command '" + args[0] + "'\n" + USAGE);
      return 2;
    }
    if (rest.contains("--help") || rest.contains("-h")) {
      out.print(command.usage());
      return 0;
    }
    try {
      return command.run(rest);
    } catch (IllegalArgumentException e) {
      err.println(args[0] + ": " + e.getMessage());
      err.print(command.usage());
      return 2;
    } catch (CommandFailed e) {
      err.println(args[0] + ": " + e.getMessage());
      return 1;
    } catch (org.apache.kafka.common.KafkaException e) {
      err.println(args[0] + ": could not read the topics (" + e.getMessage() + ") -- is the broker up? (KAFKA_BOOTSTRAP_SERVERS, --kafka)");
      return 1;
    }
  }

  /** One command of the tool. */
  interface Command {
    String usage();

    int run(List<String> args);
  }

  /** The command could not do its work for a reason the user should read (no exception trace). */
  static final class CommandFailed extends RuntimeException {
    CommandFailed(String message) {
      super(message);
    }

    CommandFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
