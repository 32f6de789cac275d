package org.issastream.synthdrive;

/** Surface material codes written by the rasteriser and read by the shader (appearance only). */
final class Mat {
  static final int SKY = 0;
  static final int ROAD = 1;
  static final int MARK = 2;
  static final int MARK_YELLOW = 3;
  static final int SIDEWALK = 4;
  static final int CURB = 5;
  static final int TERRAIN = 6;
  static final int FACADE = 7;
  static final int WINDOW = 8;
  static final int FRAME = 9;
  static final int SHOP = 10;
  static final int DOOR = 11;
  static final int CORNICE = 12;
  static final int FAR = 13;
  static final int LEAF = 14;
  static final int TRUNK = 15;
  static final int HEDGE = 16;
  static final int PAINT = 17;
  static final int GLASS = 18;
  static final int TAIL = 19;
  static final int HEAD = 20;
  static final int TIRE = 21;
  static final int PLATE = 22;
  static final int BUMPER = 23;
  static final int METAL = 24;
  static final int LAMP = 25;
  static final int SIGN_RED = 26;
  static final int SIGN_WHITE = 27;
  static final int SIGN_BLUE = 28;
  static final int SIGN_YELLOW = 29;
  static final int SIGN_BACK = 30;
  static final int TL_BODY = 31;
  static final int TL_RED = 32;
  static final int TL_AMBER = 33;
  static final int TL_GREEN = 34;
  static final int SKIN = 35;
  static final int HAIR = 36;
  static final int CLOTH_TOP = 37;
  static final int CLOTH_BOTTOM = 38;
  static final int SHOE = 39;
  static final int WALL = 40;
  static final int FENCE = 41;
  static final int BIKE = 42;
  static final int AWNING = 43;
  static final int HOOD = 44;
  static final int COUNT = 45;

  private Mat() {}
}
