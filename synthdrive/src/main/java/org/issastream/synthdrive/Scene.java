package org.issastream.synthdrive;

import org.issastream.synthdrive.image.LabelMap;
import org.issastream.synthdrive.image.RgbImage;

/**
 * One rendered scene: the camera image, its pixel-aligned label of Cityscapes trainIds, and what
 * produced it.
 */
public record Scene(RgbImage image, LabelMap label, SceneInfo info) {}
