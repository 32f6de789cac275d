package org.issastream.synthdrive;

import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;

/** The 19 Cityscapes evaluation classes (trainIds), their names and official colours. */
public final class TrainId {
  public static final int ROAD = 0;
  public static final int SIDEWALK = 1;
  public static final int BUILDING = 2;
  public static final int WALL = 3;
  public static final int FENCE = 4;
  public static final int POLE = 5;
  public static final int TRAFFIC_LIGHT = 6;
  public static final int TRAFFIC_SIGN = 7;
  public static final int VEGETATION = 8;
  public static final int TERRAIN = 9;
  public static final int SKY = 10;
  public static final int PERSON = 11;
  public static final int RIDER = 12;
  public static final int CAR = 13;
  public static final int TRUCK = 14;
  public static final int BUS = 15;
  public static final int TRAIN = 16;
  public static final int MOTORCYCLE = 17;
  public static final int BICYCLE = 18;
  /** Pixels excluded from training and evaluation. */
  public static final int IGNORE = LabelMap.IGNORE;
  /** Number of evaluated classes. */
  public static final int COUNT = 19;

  private static final String[] NAMES = {
    "road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign",
    "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle",
    "bicycle"
  };

  private static final int[] COLORS = {
    0x804080, 0xf423e8, 0x464646, 0x66669c, 0xbe9999, 0x999999, 0xfaaa1e, 0xdcdc00,
    0x6b8e23, 0x98fb98, 0x4682b4, 0xdc143c, 0xff0000, 0x00008e, 0x000046, 0x003c64, 0x005064,
    0x0000e6, 0x770b20
  };

  private TrainId() {}

  /** The class name ("traffic light"), or "ignore" for 255, or "id N" for unused values. */
  public static String name(int id) {
    if (id >= 0 && id < COUNT) {
      return NAMES[id];
    }
    return id == IGNORE ? "ignore" : "id " + id;
  }

  /** The Cityscapes colour as 0xRRGGBB; black for ignore and unused values. */
  public static int color(int id) {
    return id >= 0 && id < COUNT ? COLORS[id] : 0;
  }

  /** The trainId with this name (as in {@link #name}), or -1. */
  public static int byName(String name) {
    for (int i = 0; i < COUNT; i++) {
      if (NAMES[i].equalsIgnoreCase(name.trim())) {
        return i;
      }
    }
    return -1;
  }

  /** The Cityscapes colour visualisation of a label ({@code *_gtFine_color.png}). */
  public static RgbImage colorize(LabelMap label) {
    byte[] ids = label.data();
    byte[] out = new byte[ids.length * 3];
    for (int i = 0; i < ids.length; i++) {
      int c = color(ids[i] & 0xff);
      out[i * 3] = (byte) (c >> 16);
      out[i * 3 + 1] = (byte) (c >> 8);
      out[i * 3 + 2] = (byte) c;
    }
    return RgbImage.wrap(label.width(), label.height(), out);
  }
}
