package org.issastream.trainer.nn;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.issastream.trainer.TrainerException;

/**
 * Common part of the trainer's image networks for one fixed image size (the segmenter, the
 * condition classifier): the DJL model that owns the block's native memory, the size check of
 * inputs, the trained-or-loaded state, and parameter I/O. Not thread-safe; close it.
 */
public abstract class ImageModel implements AutoCloseable {
  protected final Model model;
  protected final int height;
  protected final int width;
  private final String what;
  private boolean ready;

  /** @param what a name for messages and the model, e.g. "segmenter" */
  protected ImageModel(String what, Block block, int height, int width) {
    this.what = what;
    this.height = height;
    this.width = width;
    this.model = Model.newInstance(what.replace(' ', '-'));
    this.model.setBlock(block);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /**
   * Reads parameters written by {@link #save} into {@code m}'s block and marks it ready; closes
   * {@code m} if that fails.
   */
  protected static <T extends ImageModel> T withParameters(T m, InputStream params)
      throws TrainerException {
    ImageModel im = m;
    try {
      NetFiles.load(im.model.getBlock(), im.model.getNDManager(),
          new Shape(1, 3, im.height, im.width), params, im.what);
    } catch (TrainerException | RuntimeException e) {
      im.close();
      throw e;
    }
    im.ready = true;
    return m;
  }

  /** After training: predictions and {@link #save} are allowed from now on. */
  protected final void markReady() {
    ready = true;
  }

  public void save(Path file) throws IOException {
    checkReady();
    NetFiles.save(model.getBlock(), file);
  }

  protected final void checkSize(ImageSet data) {
    if (data.height() != height || data.width() != width) {
      throw new IllegalArgumentException("images are " + data.height() + "x" + data.width()
          + ", " + what + " is " + height + "x" + width);
    }
  }

  /** Training is allowed once, on a fresh model. */
  protected final void checkUntrained() {
    if (ready) {
      throw new IllegalStateException("already trained or loaded");
    }
  }

  protected final void checkReady() {
    if (!ready) {
      throw new IllegalStateException(what + " is not trained or loaded");
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
