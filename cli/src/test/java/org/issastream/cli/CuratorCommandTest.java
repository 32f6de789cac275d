package org.issastream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.issastream.streams.curator.CuratorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CuratorCommandTest {

  @TempDir Path dir;

  @Test
  void optionsOverrideDashDOverrideTheConfigFile() throws Exception {
    Path file = dir.resolve("curator.properties");
    Files.writeString(file, String.join("\n",
        "curator.codec.id=from-file",
        "curator.codec.num.styles=14",
        "curator.codec.style.dim=512",
        "curator.ttl.ms=1000",
        "streams.bootstrap.servers=file:9092",
        ""));
    CommandLine.ParseResult pr = IssaMain.commandLine().parseArgs("curator", "--config", file.toString(),
        "-D", "curator.ttl.ms=2000", "-D", "curator.codec.id=from-d",
        "--codec-id", "from-option", "--bootstrap-servers", "opt:9092",
        "--registry-url", "http://registry:8081", "--state-dir", "/var/lib/curator");
    CuratorCommand cmd = (CuratorCommand) pr.subcommand().commandSpec().userObject();
    Map<String, Object> m = cmd.configMap();
    CuratorConfig c = new CuratorConfig(m);
    assertEquals("from-option", c.codecId());
    assertEquals(14, c.numStyles());
    assertEquals(2000L, c.policySettings().ttlMs());
    assertEquals("opt:9092", c.streamsProperties().get("bootstrap.servers"));
    assertEquals("/var/lib/curator", c.streamsProperties().get("state.dir"));
    assertEquals("http://registry:8081", c.serdeConfigs().get("schema.registry.url"));
  }
}
