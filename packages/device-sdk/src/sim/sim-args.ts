import { parseArgs } from "node:util";

export const SIM_USAGE =
  "pnpm sim --devices N --rate R [--duration S] [--count M] [--model NAME] [--prefix P] [--psk]\n" +
  "  N devices, each publishing R telemetry messages per second (QoS 1) for S seconds (default 10)\n" +
  "  or M messages (whichever comes first); --model uses an existing model (default: the simulator's own);\n" +
  "  --psk connects with TLS-PSK instead of certificates.";

export interface SimArgs {
  devices: number;
  rate: number;
  durationSeconds: number;
  countPerDevice: number;
  model?: string;
  prefix: string;
  psk: boolean;
}

export class UsageError extends Error {}

function positive(name: string, raw: string | undefined, fallback: number | undefined, max: number): number {
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new UsageError(`--${name}: a number in (0, ${max}]`);
  return value;
}

export function parseSimArgs(argv: string[]): SimArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      devices: { type: "string" },
      rate: { type: "string" },
      duration: { type: "string" },
      count: { type: "string" },
      model: { type: "string" },
      prefix: { type: "string" },
      psk: { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) throw new UsageError("");
  const devices = Math.floor(positive("devices", values.devices, undefined, 100_000));
  const rate = positive("rate", values.rate, undefined, 10_000);
  const durationSeconds = positive("duration", values.duration, 10, 86_400);
  const count = Math.floor(positive("count", values.count, Math.ceil(rate * durationSeconds), 100_000_000));
  const prefix = values.prefix ?? "sim";
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$/.test(prefix)) throw new UsageError("--prefix: letters, digits, - and _");
  return {
    devices,
    rate,
    durationSeconds,
    countPerDevice: Math.min(count, Math.ceil(rate * durationSeconds)),
    ...(values.model ? { model: values.model } : {}),
    prefix,
    psk: Boolean(values.psk),
  };
}
