/** Clock time for chart axes and tooltips (hh:mm:ss). */
export const formatClock = (t: number) =>
  new Date(t).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** Distinct colours for chart series, in a stable order. */
export const SERIES_COLORS = ["#2563eb", "#16a34a", "#dc2626", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];
