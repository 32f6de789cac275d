package org.issastream.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/** Small, valid instances of the project's records for tests. */
public final class Samples {
  private Samples() {}

  public static Payload png(int bytes) {
    byte[] data = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      data[i] = (byte) (i * 31);
    }
    return Payload.newBuilder().setMediaType("image/png").setData(ByteBuffer.wrap(data)).setSizeBytes(bytes)
        .setWidth(8).setHeight(4).build();
  }

  public static ConditionTags conditions() {
    return ConditionTags.newBuilder().setWeather(Weather.RAIN).setTimeOfDay(TimeOfDay.NIGHT).setPlace("zurich").build();
  }

  public static FleetImage fleetImage(String id) {
    return FleetImage.newBuilder()
        .setImageId(id)
        .setSource("vehicle-7")
        .setCaptureTimeMs(Instant.ofEpochMilli(1_700_000_000_123L))
        .setRole(ImageRole.CONTENT)
        .setSplit(Split.TRAIN)
        .setImage(png(64))
        .setLabel(png(16))
        .setConditions(conditions())
        .setAttributes(Map.of("camera", "front"))
        .build();
  }
}
