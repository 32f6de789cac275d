package org.issastream.embedded.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.issastream.embedded.junit.IssaClusterExtension;
import org.issastream.embedded.junit.TestCluster;
import org.issastream.schemas.registry.RestSchemaRegistryClient;
import org.issastream.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many clients registering different schemas at once (as a worker, a curator and a producer do at
 * start) must get distinct ids, each resolving to its own schema.
 */
@ExtendWith(IssaClusterExtension.class)
class RegistryConcurrencyIT {

  @Test
  void concurrentRegistrationsGetDistinctIds(TestCluster cluster) throws Exception {
    String base = cluster.uniqueTopic("concurrent");
    int n = 12;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Integer>> ids = new ArrayList<>();
      List<Schema> schemas = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Schema s = SchemaBuilder.record("R" + i).namespace("org.issastream.test." + base.replace('-', '_'))
            .fields().requiredLong("f" + i).endRecord();
        schemas.add(s);
        String subject = base + "-" + i + "-value";
        Callable<Integer> call = () -> {
          try (SchemaRegistryClient client = new RestSchemaRegistryClient(cluster.registryUrl())) {
            return client.register(subject, s);
          }
        };
        ids.add(pool.submit(call));
      }
      Map<Integer, Schema> byId = new HashMap<>();
      for (int i = 0; i < n; i++) {
        byId.put(ids.get(i).get(), schemas.get(i));
      }
      assertEquals(n, byId.size(), "every schema got its own id");
      for (Map.Entry<Integer, Schema> e : byId.entrySet()) {
        assertEquals(e.getValue(), cluster.registryClient().getSchemaById(e.getKey()));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
