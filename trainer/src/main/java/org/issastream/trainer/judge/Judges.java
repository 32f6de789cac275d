package org.issastream.trainer.judge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.issastream.trainer.TrainerException;
import org.issastream.trainer.nn.NetFiles;
import org.issastream.trainer.seg.SegNet;
import org.issastream.trainer.seg.Segmenter;

/**
 * The two judges of a codec: an oracle {@link Segmenter} (all conditions, Cityscapes trainIds)
 * and a {@link ConditionClassifier} (the 7 SynthDrive conditions), with their manifest.
 *
 * <p>Loading checks every weight file against the manifest's sha256. Holds native memory: close
 * it. Not thread-safe.
 */
public final class Judges implements AutoCloseable {
  /** Classpath folder of the judges shipped with the project. */
  public static final String BUNDLED = "/org/issastream/trainer/judge/default/";

  private final JudgeManifest manifest;
  private final Segmenter segmenter;
  private final ConditionClassifier classifier;

  /** Takes ownership of both networks. */
  public Judges(JudgeManifest manifest, Segmenter segmenter, ConditionClassifier classifier) {
    this.manifest = manifest;
    this.segmenter = segmenter;
    this.classifier = classifier;
  }

  public JudgeManifest manifest() {
    return manifest;
  }

  public Segmenter segmenter() {
    return segmenter;
  }

  public ConditionClassifier classifier() {
    return classifier;
  }

  public int height() {
    return manifest.height();
  }

  public int width() {
    return manifest.width();
  }

  /** Loads judges from a directory holding {@code manifest.json} and the weight files. */
  public static Judges load(Path dir) throws TrainerException {
    try {
      JudgeManifest m = JudgeManifest.parse(
          Files.readString(dir.resolve(JudgeManifest.FILE_NAME), StandardCharsets.UTF_8));
      return open(m, Files.readAllBytes(dir.resolve(m.segmenter().file())),
          Files.readAllBytes(dir.resolve(m.classifier().file())), dir.toString());
    } catch (IOException e) {
      throw new TrainerException("cannot read judges in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Whether the project's shipped judges are on the classpath. */
  public static boolean bundledAvailable() {
    return Judges.class.getResource(BUNDLED + JudgeManifest.FILE_NAME) != null;
  }

  /** Loads the judges shipped in this module's resources. */
  public static Judges loadBundled() throws TrainerException {
    try {
      JudgeManifest m = JudgeManifest.parse(new String(resource(JudgeManifest.FILE_NAME),
          StandardCharsets.UTF_8));
      return open(m, resource(m.segmenter().file()), resource(m.classifier().file()),
          "classpath:" + BUNDLED);
    } catch (IOException e) {
      throw new TrainerException("cannot read the bundled judges: " + e.getMessage(), e);
    }
  }

  /** Writes the manifest (with fresh sha256 values) and both weight files into {@code dir}. */
  public JudgeManifest save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path seg = dir.resolve("segmenter.params");
    Path cls = dir.resolve("classifier.params");
    segmenter.save(seg);
    classifier.save(cls);
    JudgeManifest m = new JudgeManifest(manifest.format(), manifest.version(), manifest.height(),
        manifest.width(),
        new JudgeManifest.Net(seg.getFileName().toString(), NetFiles.sha256(seg),
            manifest.segmenter().numClasses(), manifest.segmenter().baseWidth()),
        new JudgeManifest.Net(cls.getFileName().toString(), NetFiles.sha256(cls),
            manifest.classifier().numClasses(), manifest.classifier().baseWidth()),
        manifest.conditions(), manifest.training(), manifest.heldOut());
    // manifest last: a directory with a manifest is complete
    Path tmp = dir.resolve(JudgeManifest.FILE_NAME + ".tmp");
    Files.writeString(tmp, m.toJson(), StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(JudgeManifest.FILE_NAME),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return m;
  }

  private static Judges open(JudgeManifest m, byte[] seg, byte[] cls, String where)
      throws TrainerException {
    if (m.format() != JudgeManifest.FORMAT) {
      throw new TrainerException("judges in " + where + " have manifest format " + m.format()
          + ", expected " + JudgeManifest.FORMAT);
    }
    check(seg, m.segmenter(), where);
    check(cls, m.classifier(), where);
    Segmenter s = Segmenter.load(
        new SegNet.Spec(m.segmenter().numClasses(), m.segmenter().baseWidth()), m.height(),
        m.width(), new ByteArrayInputStream(seg));
    try {
      ConditionClassifier c = ConditionClassifier.load(
          new ConditionNet.Spec(m.classifier().numClasses(), m.classifier().baseWidth()),
          m.height(), m.width(), new ByteArrayInputStream(cls));
      return new Judges(m, s, c);
    } catch (TrainerException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private static void check(byte[] data, JudgeManifest.Net net, String where)
      throws TrainerException {
    String actual = NetFiles.sha256(data);
    if (!actual.equalsIgnoreCase(net.sha256())) {
      throw new TrainerException("sha256 of " + net.file() + " in " + where + " is " + actual
          + ", the manifest pins " + net.sha256());
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = Judges.class.getResourceAsStream(BUNDLED + name)) {
      if (in == null) {
        throw new IOException("missing resource " + BUNDLED + name);
      }
      return in.readAllBytes();
    }
  }

  @Override
  public void close() {
    try {
      segmenter.close();
    } finally {
      classifier.close();
    }
  }
}
