package org.issastream.codec.torchscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the python checks of the export tool (tools/torchscript/test_export.py: flat-tuple wrappers,
 * scale folding, shape checks, refusal of traces with a device baked in, the stand-in with the
 * published ISSA shapes) with Debian's python-torch. Skipped where /usr/bin/python3 has no torch.
 */
class ExportToolsPythonTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @Test
  void exportToolChecksPass() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import torch"), 60).exit == 0,
        "no python-torch at /usr/bin/python3 (apt-get install python3-torch)");
    Path script = Path.of("..", "tools", "torchscript", "test_export.py").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(script), script.toString());
    Result r = run(List.of(PYTHON.toString(), script.toString()), 600);
    assertEquals(0, r.exit, r.output);
    assertTrue(r.output.contains("device-pinned traces refused, contract networks device-free: ok"), r.output);
    assertTrue(r.output.contains("all export checks passed"), r.output);
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "timed out: " + new String(out, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
