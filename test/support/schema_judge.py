"""Reads a topic with Confluent's own client and deserializers (confluent-kafka's schemaregistry), as
a team's consumer would: every record's key and value decoded with the schema its id names, printed
as one JSON line each. A side that is not schema-encoded prints as its UTF-8 text.

usage: schema_judge.py BOOTSTRAP TOPIC COUNT REGISTRY_URL KEY_FORMAT VALUE_FORMAT [PROTO_FILE]
(format: avro, json-schema, protobuf or bytes). Protobuf is decoded with the classes protoc compiles
from PROTO_FILE (its folder is the import path), the message chosen by the record's message indexes,
which are checked here; Confluent's ProtobufDeserializer needs a class per message. An https registry's
CA and basic auth come from SCHEMA_REGISTRY_CA and SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, as the
client's ssl.ca.location and basic.auth.user.info."""
import base64
import datetime
import importlib
import json
import os
import struct
import sys
import tempfile

from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf.json_format import MessageToDict

bootstrap, topic, count, url, key_format, value_format = sys.argv[1:7]
proto_file = sys.argv[7] if len(sys.argv) > 7 else None
count = int(count)
registry_conf = {"url": url}
if os.environ.get("SCHEMA_REGISTRY_CA"):
    registry_conf["ssl.ca.location"] = os.environ["SCHEMA_REGISTRY_CA"]
if os.environ.get("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO"):
    registry_conf["basic.auth.user.info"] = os.environ["SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO"]
registry = SchemaRegistryClient(registry_conf)


class ProtobufReader:
    """protoc's classes for a .proto file; a record's message found by its indexes."""

    def __init__(self, path):
        from grpc_tools import protoc

        folder, name = os.path.split(os.path.abspath(path))
        out = tempfile.mkdtemp()
        protos = [f for f in os.listdir(folder) if f.endswith(".proto")]
        if protoc.main(["protoc", f"-I{folder}", f"--python_out={out}", *protos]) != 0:
            raise SystemExit("protoc failed")
        sys.path.insert(0, out)
        self.module = importlib.import_module(name[: -len(".proto")] + "_pb2")

    def __call__(self, data, ctx):
        buffer = memoryview(data)
        if buffer[0] != 0:
            raise SystemExit("not the wire format")
        pos = 5

        def varint():
            nonlocal pos
            shift = result = 0
            while True:
                b = buffer[pos]
                pos += 1
                result |= (b & 0x7F) << shift
                shift += 7
                if b < 0x80:
                    return (result >> 1) ^ -(result & 1)

        count = varint()
        path = [0] if count == 0 else [varint() for _ in range(count)]
        messages = self.module.DESCRIPTOR.message_types_by_name
        descriptor = list(messages.values())[path[0]]
        for i in path[1:]:
            descriptor = descriptor.nested_types[i]
        cls = self.module
        for part in descriptor.full_name[len(self.module.DESCRIPTOR.package) + 1:].split("."):
            cls = getattr(cls, part)
        message = cls.FromString(bytes(buffer[pos:]))
        return {"message": descriptor.full_name, "indexes": path,
                "fields": MessageToDict(message, preserving_proto_field_name=True)}


def deserializer(fmt):
    if fmt == "protobuf":
        return ProtobufReader(proto_file)
    if fmt == "avro":
        return AvroDeserializer(registry)
    if fmt == "json-schema":
        return JSONDeserializer(None, schema_registry_client=registry)
    return None


decoders = {MessageField.KEY: deserializer(key_format), MessageField.VALUE: deserializer(value_format)}


def plain(value):
    """What JSON lacks, as the tests compare it: bytes as {"base64": ...}, a timestamp as epoch ms."""
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime.datetime):
        return round(value.timestamp() * 1000)
    raise TypeError(repr(value))


def decode(data, field):
    if data is None:
        return None, None
    decoder = decoders[field]
    if decoder is None:
        return data.decode("utf-8"), None
    schema_id = struct.unpack(">bI", data[:5])[1]
    return decoder(data, SerializationContext(topic, field)), schema_id


consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "schema-judge", "enable.auto.commit": False})
partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
seen = 0
idle = 0
while seen < count and idle < 10:
    message = consumer.poll(1)
    if message is None:
        idle += 1
        continue
    if message.error():
        raise SystemExit(str(message.error()))
    key, key_id = decode(message.key(), MessageField.KEY)
    value, value_id = decode(message.value(), MessageField.VALUE)
    print(json.dumps({"partition": message.partition(), "offset": message.offset(), "key": key,
                      "value": value, "keyId": key_id, "valueId": value_id}, default=plain))
    seen += 1
consumer.close()
