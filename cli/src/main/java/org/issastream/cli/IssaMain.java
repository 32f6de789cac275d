package org.issastream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code issa} command. Thin: each subcommand parses its options, builds its object graph from
 * library modules, starts it and waits. Only this layer reads the environment.
 */
@Command(
    name = "issa",
    mixinStandardHelpOptions = true,
    versionProvider = IssaMain.Version.class,
    description = "ISSA Stream: streaming ISSA style augmentation on Apache Kafka.",
    subcommands = {
        CommandLine.HelpCommand.class,
        LocalCommand.class,
        TopicsCommand.class,
        BrokerCommand.class,
        RegistryCommand.class,
        CuratorCommand.class,
        SynthCommand.class,
        ContactSheetCommand.class,
        ProduceCommand.class,
        ConsumeCommand.class,
        MixCommand.class,
        InvertCommand.class,
        BenchCommand.class,
        WorkerCommand.class,
        DemoCommand.class,
        TrainCodecCommand.class,
        TrainJudgesCommand.class,
        EvalCodecCommand.class,
    })
public final class IssaMain implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests execute it in-process. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new IssaMain());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = IssaMain.class.getPackage().getImplementationVersion();
      return new String[] {"issa " + (v == null ? "dev" : v)};
    }
  }
}
