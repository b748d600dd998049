import { formatDateTime, formatRelative, toDate } from "@/lib/format-time.ts";

/** A time shown relative ("3 min ago") with the exact time on hover; "never" when absent. */
export function TimeAgo({ value, never = "never" }: { value: string | Date | null | undefined; never?: string }) {
  const date = toDate(value);
  if (!date) return <span>{never}</span>;
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {formatRelative(date)}
    </time>
  );
}
