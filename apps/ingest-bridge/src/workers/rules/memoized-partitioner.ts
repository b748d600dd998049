import { type ICustomPartitioner, type PartitionerArgs, Partitioners } from "kafkajs";

/** Keys remembered per topic; beyond this the memo starts over (device ids are bounded, but not by us). */
const MAX_KEYS = 200_000;

/**
 * kafkajs's default partitioner with its answer per key remembered. For a keyed record the default
 * partitioner is a pure function of the key and the topic's partition count (murmur2 % count, as
 * the Java client), but it computes murmur2 with Long arithmetic on a fresh Buffer for every record;
 * the rules worker writes every device's records again and again. Same partitions as before: a
 * miss asks the default partitioner, and records without a key or with an explicit partition go
 * straight to it.
 */
export const memoizedDefaultPartitioner: ICustomPartitioner = () => {
  const partitioner = Partitioners.DefaultPartitioner();
  const byTopic = new Map<string, { partitionCount: number; byKey: Map<string, number> }>();
  return (args: PartitionerArgs) => {
    const { topic, partitionMetadata, message } = args;
    if ((message.partition !== undefined && message.partition !== null) || typeof message.key !== "string") {
      return partitioner(args);
    }
    let memo = byTopic.get(topic);
    if (!memo || memo.partitionCount !== partitionMetadata.length || memo.byKey.size >= MAX_KEYS) {
      memo = { partitionCount: partitionMetadata.length, byKey: new Map() };
      byTopic.set(topic, memo);
    }
    let partition = memo.byKey.get(message.key);
    if (partition === undefined) {
      partition = partitioner(args);
      memo.byKey.set(message.key, partition);
    }
    return partition;
  };
};
