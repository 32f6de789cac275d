package org.issastream.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Image files named on the command line: a file, or the PNG/JPEG files of a directory (sorted). */
final class ImageFiles {
  private ImageFiles() {}

  static List<Path> list(Path fileOrDir) throws IOException {
    if (Files.isRegularFile(fileOrDir)) {
      return List.of(fileOrDir);
    }
    if (!Files.isDirectory(fileOrDir)) {
      throw new IOException(fileOrDir + " is neither an image file nor a directory");
    }
    try (Stream<Path> s = Files.list(fileOrDir)) {
      List<Path> files = s.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
      if (files.isEmpty()) {
        throw new IOException("no .png/.jpg/.jpeg files in " + fileOrDir);
      }
      return files;
    }
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  /** File name without its extension. */
  static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
