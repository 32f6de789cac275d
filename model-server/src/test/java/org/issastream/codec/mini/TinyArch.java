package org.issastream.codec.mini;

/** A 32x64 architecture small enough for fast tests. */
final class TinyArch {
  private TinyArch() {}

  static MiniArch get() {
    return new MiniArch(32, 64, 16, new int[] {16, 8, 8, 4}, new int[] {4, 4, 8, 8, 8}, 8, 1, 2);
  }
}
