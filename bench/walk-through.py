#!/usr/bin/env python3
"""The Python SimpleProducer walk-through's producer, on confluent-kafka (librdkafka), for the bench.

It does what the walk-through's script does: message n has the key "n" and the value
"hello world: n", produce() then poll(0) after each, a delivery report per message, and a flush()
before exit. What a side-by-side comparison needs is configurable: the brokers, the topic, how many
messages, the pause between them, whether reports are printed, and librdkafka properties (-X).
Where the walk-through drops a message on BufferError (the local queue is full), this script
polls and tries the same message again, so a full-speed run sends every message.

    python3 bench/walk-through.py --brokers localhost:9092 --topic pcy.simple.producer --count 60
    python3 bench/walk-through.py --topic bench --count 500000 --interval 0 --quiet -X acks=all
"""
import argparse
import sys
import time

from confluent_kafka import Producer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--brokers', default='localhost:9092')
    parser.add_argument('--topic', default='pcy.simple.producer')
    parser.add_argument('--count', type=int, default=60, help='messages to send')
    parser.add_argument('--interval', type=float, default=1.0, help='seconds between messages')
    parser.add_argument('--quiet', action='store_true', help='no line per delivered message')
    parser.add_argument('-X', action='append', default=[], metavar='KEY=VALUE', help='a librdkafka property')
    args = parser.parse_args()

    conf = {'bootstrap.servers': args.brokers}
    conf.update(kv.split('=', 1) for kv in args.X)
    producer = Producer(conf)
    outcome = {'delivered': 0, 'failed': 0}

    def delivery_callback(err, msg):
        if err:
            outcome['failed'] += 1
            sys.stderr.write('%% Message failed delivery: %s\n' % err)
            return
        outcome['delivered'] += 1
        if not args.quiet:
            sys.stderr.write('%% Message delivered to %s [%d] @ %d\n' % (msg.topic(), msg.partition(), msg.offset()))

    start = time.time()
    n = 0
    while n < args.count:
        try:
            producer.produce(args.topic, key=str(n), value='hello world: %d' % n, on_delivery=delivery_callback)
        except BufferError:
            producer.poll(0.05)
            continue
        producer.poll(0)
        n += 1
        if args.interval > 0:
            time.sleep(args.interval)

    sys.stderr.write('%% Waiting for %d deliveries\n' % len(producer))
    producer.flush()
    sys.stderr.write('%% done: %d delivered, %d failed in %.3f s\n'
                     % (outcome['delivered'], outcome['failed'], time.time() - start))
    sys.exit(0 if outcome['failed'] == 0 and outcome['delivered'] == args.count else 1)


if __name__ == '__main__':
    main()
