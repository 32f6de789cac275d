#!/usr/bin/python3
"""Cross-check of the embedded registry with Confluent's own Python client (Debian python3-confluent-kafka).

Usage: /usr/bin/python3 confluent_client_crosscheck.py http://localhost:8081
Exits non-zero on the first mismatch. Uses unique subject names, so it can run against a live registry.
"""
import sys
import time

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

url = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8081"
client = SchemaRegistryClient({"url": url})
suffix = str(int(time.time() * 1000))
subject = "crosscheck-" + suffix + "-value"
other = "crosscheck-" + suffix + "-other"

v1 = Schema('{"type":"record","name":"Ping","namespace":"x","fields":[{"name":"a","type":"string"}]}', "AVRO")
v2 = Schema('{"type":"record","name":"Ping","namespace":"x","fields":[{"name":"a","type":"string"},'
            '{"name":"b","type":"int","default":0}]}', "AVRO")
bad = Schema('{"type":"record","name":"Ping","namespace":"x","fields":[{"name":"a","type":"int"}]}', "AVRO")


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:", what)


id1 = client.register_schema(subject, v1)
check(client.register_schema(subject, v1) == id1, "re-register returns the same id")
check(client.register_schema(other, v1) == id1, "same schema under another subject has the same id")
check(client.get_schema(id1).schema_str.replace(" ", "") == v1.schema_str.replace(" ", ""), "get_schema by id")
check(subject in client.get_subjects(), "get_subjects lists the subject")
reg = client.lookup_schema(subject, v1)
check(reg.schema_id == id1 and reg.version == 1, "lookup_schema gives id and version")
check(client.test_compatibility(subject, v2), "compatible evolution (new field with default) tests compatible")
check(not client.test_compatibility(subject, bad), "type change tests incompatible under BACKWARD")
try:
    client.register_schema(subject, bad)
    check(False, "incompatible schema rejected")
except SchemaRegistryError as e:
    check(e.http_status_code == 409 and e.error_code == 409, "incompatible schema rejected with 409")
id2 = client.register_schema(subject, v2)
check(client.get_latest_version(subject).version == 2 and client.get_latest_version(subject).schema_id == id2, "latest version")
check(client.get_versions(subject) == [1, 2], "get_versions")
check(client.get_version(subject, 1).schema_id == id1, "get_version(1)")
client.set_compatibility(subject_name=subject, level="NONE")
check(client.get_compatibility(subject) == "NONE", "per-subject compatibility NONE")
check(client.register_schema(subject, bad) > 0, "incompatible schema accepted under NONE")
try:
    client.get_schema(987654321)
    check(False, "unknown id")
except SchemaRegistryError as e:
    check(e.error_code == 40403, "unknown id gives 40403")
# this client version soft-deletes, then deletes permanently, in one call
check(client.delete_subject(other, permanent=True) == [1], "soft then permanent delete")
check(other not in client.get_subjects(), "deleted subject is gone")
check(client.get_schema(id1) is not None, "id still resolves while another subject uses it")
print("all checks passed against", url)
