// kafkajs's groupMessagesPerPartition without its quadratic copy: it copied the partition's array for
// every message it added. The same groups, in order, in one pass.

export interface Grouping<M> {
  topic: string;
  partitionMetadata: unknown[];
  messages: M[];
  partitioner: (args: { topic: string; partitionMetadata: unknown[]; message: M }) => number;
}

export function groupMessagesPerPartition<M>({
  topic,
  partitionMetadata,
  messages,
  partitioner,
}: Grouping<M>): Record<number, M[]> {
  const result: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    if (result[partition] === undefined) result[partition] = [];
    result[partition].push(message);
  }
  return result;
}
