package org.issastream.codec.mini;

/**
 * Hyper-parameters of {@link MiniCodecTrainer}. Defaults are the recipe of the shipped codec
 * (see docs/codec.md).
 *
 * @param steps optimisation steps in total (a resumed run continues up to this number)
 * @param batch images per step
 * @param lr peak Adam learning rate; after warm-up, cosine decay to {@code lr * finalLrFraction}
 *     over the run's progress, which is the larger of the step fraction and the fraction of
 *     {@code maxMinutes} used, so a run slowed by a busy machine still ends its schedule in time
 * @param warmupSteps linear warm-up steps
 * @param finalLrFraction learning rate at the last step relative to {@code lr}
 * @param maskRatio fraction of noise patches replaced by N(0,1) per sample and map
 * @param maskPatch patch side in noise cells (1 cell = 4x4 image pixels)
 * @param wRec weight of the masked L2 reconstruction loss
 * @param wGrad weight of the masked L1 image-gradient (structure) loss
 * @param wNoiseL1 weight of the L1 penalty on the predicted (normalised) noise
 * @param wAdv weight of the adversarial term that pushes a {@link NoiseCritic}'s condition
 *     predictions from the content noise towards uniform (0 disables the critic)
 * @param photometricProb probability that the noise path sees a photometrically distorted image
 *     (0 disables the distortion branch and its extra encoder pass)
 * @param seed seed of initialisation, masks and distortions
 * @param logEvery steps between CSV log rows and progress updates
 * @param sampleEvery steps between PNG sample grids (0 = only at the end)
 * @param checkpointEvery steps between checkpoints
 * @param maxMinutes wall-clock budget of the whole run (a resumed run counts the time of the
 *     earlier invocations, saved in the checkpoint); training stops cleanly when it is used up
 */
public record MiniTrainingOptions(
    int steps,
    int batch,
    float lr,
    int warmupSteps,
    float finalLrFraction,
    double maskRatio,
    int maskPatch,
    float wRec,
    float wGrad,
    float wNoiseL1,
    float wAdv,
    double photometricProb,
    long seed,
    int logEvery,
    int sampleEvery,
    int checkpointEvery,
    double maxMinutes) {

  public MiniTrainingOptions {
    if (steps < 1 || batch < 1 || lr <= 0 || warmupSteps < 0 || logEvery < 1
        || checkpointEvery < 1 || maxMinutes <= 0) {
      throw new IllegalArgumentException("invalid training options");
    }
  }

  public static MiniTrainingOptions defaults() {
    return new MiniTrainingOptions(4000, 8, 3e-3f, 30, 0.05f, 0.25, 2, 1f, 1f, 0.01f, 0.3f, 0.8, 1L,
        10, 200, 50, 60);
  }

  public MiniTrainingOptions withSteps(int s) {
    return new MiniTrainingOptions(s, batch, lr, warmupSteps, finalLrFraction, maskRatio,
        maskPatch, wRec, wGrad, wNoiseL1, wAdv, photometricProb, seed, logEvery, sampleEvery,
        checkpointEvery, maxMinutes);
  }

  /** Learning rate at 0-based {@code step} with {@code timeFraction} of the budget used. */
  public float lrAt(long step, double timeFraction) {
    if (step < warmupSteps) {
      return lr * (step + 1) / warmupSteps;
    }
    double p = Math.max((double) (step - warmupSteps) / Math.max(1, steps - warmupSteps),
        timeFraction);
    double cos = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, p)));
    return (float) (lr * (finalLrFraction + (1 - finalLrFraction) * cos));
  }
}
