package org.issastream.trainer.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.issastream.trainer.TrainerException;

/** Saving and loading block parameters (DJL's own parameter format) and sha256 digests. */
public final class NetFiles {
  private NetFiles() {}

  /** Writes the parameters of an initialised block. */
  public static void save(Block block, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream os = Files.newOutputStream(file);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
      block.saveParameters(out);
    }
  }

  /**
   * Initialises {@code block} for {@code inputShape} and overwrites its parameters from
   * {@code in}. Fails when the stored parameters do not fit the block's architecture.
   */
  public static void load(Block block, NDManager manager, Shape inputShape, InputStream in,
      String what) throws TrainerException {
    block.initialize(manager, DataType.FLOAT32, inputShape);
    try (DataInputStream din = new DataInputStream(new BufferedInputStream(in))) {
      block.loadParameters(manager, din);
    } catch (IOException | MalformedModelException | IllegalArgumentException e) {
      throw new TrainerException("cannot load weights of " + what + ": " + e.getMessage(), e);
    }
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  public static String sha256(Path file) throws IOException {
    return sha256(Files.readAllBytes(file));
  }
}
