/**
 * The unit conversions `enrich.convert` supports. Every unit is a linear map to its dimension's
 * base unit (base = value * scale + offset), so any two units of one dimension convert through
 * the base. Client-safe: the console lists these units for completion.
 */
const UNIT_TABLE = {
  // temperature, base kelvin
  celsius: { dimension: "temperature", scale: 1, offset: 273.15 },
  fahrenheit: { dimension: "temperature", scale: 5 / 9, offset: 273.15 - (32 * 5) / 9 },
  kelvin: { dimension: "temperature", scale: 1, offset: 0 },
  // pressure, base pascal
  pa: { dimension: "pressure", scale: 1, offset: 0 },
  hpa: { dimension: "pressure", scale: 100, offset: 0 },
  kpa: { dimension: "pressure", scale: 1000, offset: 0 },
  mbar: { dimension: "pressure", scale: 100, offset: 0 },
  bar: { dimension: "pressure", scale: 100_000, offset: 0 },
  psi: { dimension: "pressure", scale: 6894.757293168, offset: 0 },
  atm: { dimension: "pressure", scale: 101_325, offset: 0 },
  // speed, base metre per second
  m_s: { dimension: "speed", scale: 1, offset: 0 },
  km_h: { dimension: "speed", scale: 1000 / 3600, offset: 0 },
  mph: { dimension: "speed", scale: 0.44704, offset: 0 },
  knot: { dimension: "speed", scale: 1852 / 3600, offset: 0 },
  // length, base metre
  mm: { dimension: "length", scale: 0.001, offset: 0 },
  cm: { dimension: "length", scale: 0.01, offset: 0 },
  m: { dimension: "length", scale: 1, offset: 0 },
  km: { dimension: "length", scale: 1000, offset: 0 },
  in: { dimension: "length", scale: 0.0254, offset: 0 },
  ft: { dimension: "length", scale: 0.3048, offset: 0 },
  mi: { dimension: "length", scale: 1609.344, offset: 0 },
  // mass, base kilogram
  g: { dimension: "mass", scale: 0.001, offset: 0 },
  kg: { dimension: "mass", scale: 1, offset: 0 },
  lb: { dimension: "mass", scale: 0.45359237, offset: 0 },
  oz: { dimension: "mass", scale: 0.028349523125, offset: 0 },
  // energy, base joule
  j: { dimension: "energy", scale: 1, offset: 0 },
  kj: { dimension: "energy", scale: 1000, offset: 0 },
  wh: { dimension: "energy", scale: 3600, offset: 0 },
  kwh: { dimension: "energy", scale: 3_600_000, offset: 0 },
  // volume, base litre
  ml: { dimension: "volume", scale: 0.001, offset: 0 },
  l: { dimension: "volume", scale: 1, offset: 0 },
  m3: { dimension: "volume", scale: 1000, offset: 0 },
  gal_us: { dimension: "volume", scale: 3.785411784, offset: 0 },
} as const;

export type Unit = keyof typeof UNIT_TABLE;
export const UNITS = Object.keys(UNIT_TABLE) as [Unit, ...Unit[]];

export function unitDimension(unit: Unit): string {
  return UNIT_TABLE[unit].dimension;
}

export function canConvertUnits(from: Unit, to: Unit): boolean {
  return UNIT_TABLE[from].dimension === UNIT_TABLE[to].dimension;
}

/**
 * Converts between two units of one dimension. The result is rounded to 12 significant digits so
 * that 85 °C gives 185 °F rather than 185.00000000000003; `decimals` rounds further.
 */
export function convertUnit(value: number, from: Unit, to: Unit, decimals?: number): number {
  if (!canConvertUnits(from, to)) throw new RangeError(`cannot convert ${from} to ${to}`);
  const a = UNIT_TABLE[from];
  const b = UNIT_TABLE[to];
  const base = value * a.scale + a.offset;
  const converted = Number(((base - b.offset) / b.scale).toPrecision(12));
  if (decimals === undefined) return converted;
  const factor = 10 ** decimals;
  return Math.round(converted * factor) / factor;
}
