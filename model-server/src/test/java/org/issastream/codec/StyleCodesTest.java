package org.issastream.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StyleCodesTest {
  static StyleCodes filled(int l, int d, float v) {
    float[] a = new float[l * d];
    java.util.Arrays.fill(a, v);
    return StyleCodes.of(l, d, a);
  }

  @Test
  void mixTakesChosenSlotsAndInterpolates() {
    StyleCodes content = filled(3, 2, 0f);
    StyleCodes style = filled(3, 2, 1f);
    assertArrayEquals(new float[] {1, 1, 0, 0, 1, 1}, content.mixedWith(style, new int[] {0, 2}, 1f).toArray());
    assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f},
        content.mixedWith(style, new int[] {0, 1, 2}, 0.25f).toArray());
    assertThrows(IllegalArgumentException.class, () -> content.mixedWith(style, new int[] {3}, 1f));
    assertThrows(IllegalArgumentException.class, () -> content.mixedWith(filled(2, 2, 0), new int[] {0}, 1f));
  }

  @Test
  void policyStrengthIsSeededAndDeterministic() {
    MixPolicy p = MixPolicy.defaults().withStrengthRange(0.2f, 0.8f).withSeed(42);
    float s0 = p.strengthFor(0);
    assertEquals(s0, MixPolicy.defaults().withStrengthRange(0.2f, 0.8f).withSeed(42).strengthFor(0));
    assertNotEquals(s0, p.strengthFor(1));
    assertNotEquals(s0, p.withSeed(43).strengthFor(0));
    for (int i = 0; i < 100; i++) {
      float s = p.strengthFor(i);
      assertEquals(true, s >= 0.2f && s <= 0.8f, "strength " + s);
    }
    assertEquals(1f, MixPolicy.defaults().strengthFor(7));
    assertThrows(IllegalArgumentException.class, () -> MixPolicy.defaults().withStrength(1.5f));
  }

  @Test
  void latentsMixKeepsNoiseAndUsesPolicySlots() {
    NoiseMaps n0 = NoiseMaps.of(List.of(new int[] {1, 1, 2}), List.of(new float[] {5, 6}));
    Latents content = Latents.of(List.of(filled(2, 1, 0f)), List.of(n0));
    Latents mixed = content.mixedWith(List.of(filled(2, 1, 1f)), MixPolicy.defaults().withSlots(1), new int[] {0, 1});
    assertArrayEquals(new float[] {0, 1}, mixed.styles(0).toArray());
    assertEquals(n0, mixed.noise(0));
    Latents all = content.mixedWith(List.of(filled(2, 1, 1f)), MixPolicy.defaults(), new int[] {0, 1});
    assertArrayEquals(new float[] {1, 1}, all.styles(0).toArray());
    assertThrows(IllegalArgumentException.class, () -> content.mixedWith(List.of(), MixPolicy.defaults(), new int[] {0}));
  }
}
