import { KAFKA_TOPICS } from "@fleetwire/config";
import type { TRuleUpdate } from "@fleetwire/rules";
import type { Producer } from "kafkajs";

/**
 * Tells every rules worker that a rule changed (rules.updates). Called after the change
 * committed. The workers also re-read the rules every few seconds when nothing was announced,
 * so a lost announcement delays a change instead of losing it.
 */
export type RuleUpdateAnnouncer = (update: TRuleUpdate) => Promise<void>;

export function kafkaRuleUpdateAnnouncer(producer: Producer): RuleUpdateAnnouncer {
  return async (update) => {
    await producer.send({
      topic: KAFKA_TOPICS.rulesUpdates.name,
      acks: -1,
      messages: [{ key: update.ruleId, value: JSON.stringify({ ...update, at: new Date().toISOString() }) }],
    });
  };
}
