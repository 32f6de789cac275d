package org.issastream.embedded;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.issastream.schemas.AugmentedSample;
import org.issastream.schemas.CodeDType;
import org.issastream.schemas.ConditionTags;
import org.issastream.schemas.FleetImage;
import org.issastream.schemas.ImageRole;
import org.issastream.schemas.MixParams;
import org.issastream.schemas.Origin;
import org.issastream.schemas.Payload;
import org.issastream.schemas.PoolEntry;
import org.issastream.schemas.Split;
import org.issastream.schemas.StyleCode;
import org.issastream.schemas.TimeOfDay;
import org.issastream.schemas.TrainingReport;
import org.issastream.schemas.Weather;

/** One valid, fully populated instance of every record type. */
final class Records {
  private Records() {}

  static Payload payload(int bytes) {
    byte[] data = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      data[i] = (byte) (i * 17 + 3);
    }
    return Payload.newBuilder().setMediaType("image/png").setData(ByteBuffer.wrap(data)).setSizeBytes(bytes)
        .setSha256("ab".repeat(32)).setWidth(32).setHeight(16).build();
  }

  static ConditionTags conditions() {
    return ConditionTags.newBuilder().setWeather(Weather.FOG).setTimeOfDay(TimeOfDay.DUSK).setPlace("aachen").build();
  }

  static FleetImage fleetImage() {
    return FleetImage.newBuilder().setImageId("img-1").setSource("car-3").setCaptureTimeMs(Instant.ofEpochMilli(1_000L))
        .setRole(ImageRole.CONTENT).setSplit(Split.VAL).setImage(payload(300)).setLabel(payload(40))
        .setConditions(conditions()).setAttributes(Map.of("seq", "s1")).build();
  }

  static StyleCode styleCode() {
    return StyleCode.newBuilder().setImageId("img-1").setCodecId("mini").setCodecVersion("1").setNumStyles(4)
        .setStyleDim(8).setDtype(CodeDType.FLOAT32).setWPlus(ByteBuffer.wrap(new byte[4 * 8 * 4]))
        .setOrigin(Origin.EXTERNAL).setConditions(conditions()).setCaptureTimeMs(Instant.ofEpochMilli(2_000L))
        .setCreatedTimeMs(Instant.ofEpochMilli(3_000L)).build();
  }

  static PoolEntry poolEntry() {
    return PoolEntry.newBuilder().setSlotId("FOG|DUSK#3").setBucket("FOG|DUSK").setStyle(styleCode())
        .setAdmittedTimeMs(Instant.ofEpochMilli(4_000L)).setNovelty(0.25).build();
  }

  static AugmentedSample augmentedSample() {
    return AugmentedSample.newBuilder().setSampleId("img-1~img-2~0").setContentId("img-1").setStyleId("img-2")
        .setVariant(0).setSplit(Split.TRAIN).setImage(payload(200)).setLabel(payload(20))
        .setContentConditions(conditions()).setStyleConditions(ConditionTags.newBuilder().build())
        .setStyleOrigin(Origin.FLEET).setCodecId("mini").setCodecVersion("1")
        .setMix(MixParams.newBuilder().setStyleSlots(List.of(2, 3)).setStrength(0.5f).setSeed(9L).setPolicy("uniform").build())
        .setCreatedTimeMs(Instant.ofEpochMilli(5_000L)).build();
  }

  static TrainingReport trainingReport() {
    return TrainingReport.newBuilder().setRunId("run-1").setStep(100).setSamplesSeen(1600).setLoss(0.7)
        .setMiou(Map.of("source-val", 0.41, "proxy-val", 0.37)).setCheckpointId("ckpt-100")
        .setTimestampMs(Instant.ofEpochMilli(6_000L)).build();
  }

  /** Every record type, top-level and nested. */
  static List<SpecificRecord> all() {
    return List.of(fleetImage(), styleCode(), poolEntry(), augmentedSample(), trainingReport(), payload(10), conditions(),
        augmentedSample().getMix());
  }
}
