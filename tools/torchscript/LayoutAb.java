import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * DJL side of layout_ab.py: times DIR_A/synthesis.pt and DIR_B/synthesis.pt alternately in one
 * process (10 s warm-up, median of 40 calls each), inputs shaped like the bench codec.
 *
 * <pre>java -cp cli/target/issa.jar tools/torchscript/LayoutAb.java DIR_A DIR_B [4,16]</pre>
 */
public final class LayoutAb {
  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("threads", "2"));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    List<Predictor<NDList, NDList>> predictors = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Model m = Model.newInstance("synthesis" + i, Device.cpu(), "PyTorch");
      m.load(Path.of(args[i]), "synthesis", Map.of("mapLocation", "true"));
      predictors.add(m.newPredictor(new NoopTranslator()));
    }
    for (String bs : (args.length > 2 ? args[2] : "4,16").split(",")) {
      int b = Integer.parseInt(bs);
      try (NDManager mgr = NDManager.newBaseManager("PyTorch")) {
        NDList in = new NDList(mgr.randomNormal(new Shape(b, 10, 128)), mgr.randomNormal(new Shape(b, 64, 16, 32)),
            mgr.randomNormal(new Shape(b, 64, 16, 32)));
        double[][] t = new double[2][40];
        long warmEnd = System.nanoTime() + 10_000_000_000L;
        for (int i = -1; i < 40; i++) {
          if (i < 0 && System.nanoTime() < warmEnd) {
            i = -2; // still warming up
          }
          for (int k = 0; k < 2; k++) {
            long t0 = System.nanoTime();
            try (NDManager call = mgr.newSubManager()) {
              NDList out = predictors.get(k).predict(in);
              out.attach(call);
            }
            if (i >= 0) {
              t[k][i] = (System.nanoTime() - t0) / 1e6;
            }
          }
        }
        for (int k = 0; k < 2; k++) {
          double[] s = t[k].clone();
          Arrays.sort(s);
          System.out.printf("DJL %s B%d: median %.1f ms, min %.1f ms%n", Path.of(args[k]).getFileName(), b, s[20], s[0]);
        }
      }
    }
  }
}
