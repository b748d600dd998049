import { KAFKA_TOPICS } from "@fleetwire/config";
import type { RouteTarget } from "./compile-rule-document.ts";
import type { BuiltInRouteTarget } from "./rule-document.schema.ts";

const BUILT_IN_TOPICS: Record<BuiltInRouteTarget, string> = {
  timeseries: KAFKA_TOPICS.routeTimeseries.name,
  stream: KAFKA_TOPICS.routeStream.name,
  alerts: KAFKA_TOPICS.routeAlerts.name,
  archive: KAFKA_TOPICS.routeArchive.name,
};

/** The Kafka topic a route target writes to; operator topics (`ext.*`) keep their name. */
export function routeTopicFor(target: RouteTarget): string {
  return Object.hasOwn(BUILT_IN_TOPICS, target) ? BUILT_IN_TOPICS[target as BuiltInRouteTarget] : target;
}
