package org.issastream.streams.testing;

import java.time.Instant;
import java.util.Random;
import org.issastream.schemas.CodeDType;
import org.issastream.schemas.ConditionTags;
import org.issastream.schemas.Origin;
import org.issastream.schemas.StyleCode;
import org.issastream.schemas.TimeOfDay;
import org.issastream.schemas.Weather;
import org.issastream.streams.curator.policy.StyleVectors;

/** Builders of style codes for tests. */
public final class Codes {
  private Codes() {}

  public static ConditionTags tags(Weather w, TimeOfDay t) {
    return ConditionTags.newBuilder().setWeather(w).setTimeOfDay(t).setPlace(null).build();
  }

  /** A random direction in L*D dimensions, reproducible from the seed; near-orthogonal to others. */
  public static float[] randomVector(long seed, int n) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  public static StyleCode code(
      String imageId, String codecId, int l, int d, float[] values, Origin origin,
      ConditionTags tags, long captureMs) {
    return StyleCode.newBuilder()
        .setImageId(imageId)
        .setCodecId(codecId)
        .setCodecVersion("1")
        .setNumStyles(l)
        .setStyleDim(d)
        .setDtype(CodeDType.FLOAT32)
        .setWPlus(StyleVectors.toFloat32Bytes(values))
        .setOrigin(origin)
        .setConditions(tags)
        .setCaptureTimeMs(Instant.ofEpochMilli(captureMs))
        .setCreatedTimeMs(Instant.ofEpochMilli(captureMs))
        .build();
  }
}
