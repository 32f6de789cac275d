package org.issastream.embedded.junit;

import org.issastream.embedded.EmbeddedException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects the shared {@link TestCluster} into test and lifecycle methods.
 * The cluster starts on first use and lives in the root extension store, so every test class of the
 * JVM (one surefire/failsafe fork) reuses it and JUnit closes it when the run ends.
 *
 * <pre>{@code
 * @ExtendWith(IssaClusterExtension.class)
 * class PoolCuratorIT {
 *   @Test void curates(TestCluster cluster) { String topic = cluster.uniqueTopic("style.codes"); ... }
 * }
 * }</pre>
 */
public final class IssaClusterExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(IssaClusterExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context);
  }

  /** The JVM's shared cluster, started on first call. */
  public static TestCluster shared(ExtensionContext context) {
    return context.getRoot().getStore(NS).getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class).cluster;
  }

  /**
   * Store entry; JUnit closes it at the end of the run (as AutoCloseable from JUnit 5.13, as
   * CloseableResource before). Closing twice is harmless.
   */
  @SuppressWarnings("deprecation")
  static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final TestCluster cluster;

    Holder() {
      try {
        cluster = TestCluster.start();
      } catch (EmbeddedException e) {
        throw new ParameterResolutionException("Cannot start the shared test cluster: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      cluster.close();
    }
  }
}
