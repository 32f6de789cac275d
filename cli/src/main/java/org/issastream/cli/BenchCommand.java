package org.issastream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code issa bench ...}: benchmarks; each target is its own subcommand class (add yours here). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks; results are meant for docs/results/*.md with the command and machine.",
    subcommands = {
        BenchCodecCommand.class,
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
