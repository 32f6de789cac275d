package org.issastream.codec.spi;

import java.nio.file.Path;
import org.issastream.codec.Codec;
import org.issastream.codec.CodecException;
import org.issastream.codec.CodecManifest;

/**
 * A codec implementation, found with {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/org.issastream.codec.spi.CodecBackend}) and chosen by {@link
 * CodecManifest#backend()}. Implementations need a public no-argument constructor.
 *
 * <p>{@link org.issastream.codec.CodecLoader} has verified every pinned file's sha256 before {@link
 * #open} is called; a backend must read only files the manifest pins (resolve them with {@link
 * org.issastream.codec.CodecLoader#pinnedFile}).
 */
public interface CodecBackend {

  /** The manifest {@code backend} value this implementation serves, e.g. {@code torchscript}. */
  String name();

  /**
   * Loads the codec.
   *
   * @param device {@code cpu}, {@code gpu} or {@code gpu:N}
   * @throws CodecException if the files do not load or their shapes disagree with the manifest
   */
  Codec open(CodecManifest manifest, Path dir, String device) throws CodecException;
}
