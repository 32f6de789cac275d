package org.issastream.synthdrive;

import java.util.Map;

/**
 * How a scene was made and what is in it.
 *
 * @param seed the layout seed (layout and label depend on it alone)
 * @param condition the weather / illumination
 * @param place the regional look
 * @param width image width
 * @param height image height
 * @param objects number of placed objects per kind ("car", "person", "tree", "building", ...),
 *     including those out of view or hidden
 */
public record SceneInfo(long seed, Condition condition, Place place, int width, int height, Map<String, Integer> objects) {
  public SceneInfo {
    objects = Map.copyOf(objects);
  }

  /** A file-name friendly id: {@code <place>_<seed as 6+ digits>_<condition>}. */
  public String name() {
    return String.format("%s_%06d_%s", place.id(), seed, condition.id());
  }
}
