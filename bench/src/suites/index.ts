import { baselineKafka } from "./baseline-kafka.ts";
import { baselineMosquitto } from "./baseline-mosquitto.ts";
import { bridgeSessions } from "./bridge-sessions.ts";
import { connections } from "./connections.ts";
import { endToEnd } from "./end-to-end.ts";
import { httpCoapIngest } from "./http-coap-ingest.ts";
import { kafkaClients } from "./kafka-clients.ts";
import { mqttIngest } from "./mqtt-ingest.ts";
import { profile } from "./profile.ts";
import { rules } from "./rules.ts";
import type { Suite } from "./suite.ts";

/** In run order: baselines first, the connection flood last (it leaves the broker busiest). */
export const SUITES: Suite[] = [
  baselineKafka,
  baselineMosquitto,
  kafkaClients,
  mqttIngest,
  endToEnd,
  profile,
  httpCoapIngest,
  rules,
  bridgeSessions,
  connections,
];
