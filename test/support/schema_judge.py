"""Reads a topic with Confluent's own client and deserializers (confluent-kafka's schemaregistry), as
a team's consumer would: every record's key and value decoded with the schema its id names, printed
as one JSON line each. A side that is not schema-encoded prints as its UTF-8 text.

usage: schema_judge.py BOOTSTRAP TOPIC COUNT REGISTRY_URL KEY_FORMAT VALUE_FORMAT
(format: avro, json-schema or bytes)"""
import base64
import datetime
import json
import struct
import sys

from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext

bootstrap, topic, count, url, key_format, value_format = sys.argv[1:7]
count = int(count)
registry = SchemaRegistryClient({"url": url})


def deserializer(fmt):
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
