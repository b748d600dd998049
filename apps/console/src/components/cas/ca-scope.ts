/** Whom a manufacturer CA is trusted for: exactly one device model or one fleet. */
export type CaScope = { modelId: string; fleetId?: undefined } | { fleetId: string; modelId?: undefined };
