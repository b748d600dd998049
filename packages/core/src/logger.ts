import { pino } from "pino";

/** One structured logger per service. Secrets are redacted wherever they appear in log objects. */
export function createLogger(service: string) {
  return pino({
    name: service,
    level: process.env.LOG_LEVEL ?? "info",
    redact: {
      paths: [
        "password",
        "*.password",
        "secret",
        "*.secret",
        "token",
        "*.token",
        "privateKey",
        "*.privateKey",
        "psk",
        "*.psk",
      ],
      censor: "[redacted]",
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
