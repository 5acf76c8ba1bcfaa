const format = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

/** An ISO 8601 time shown in UTC, so server and browser render the same. */
export function Timestamp({ iso }: { iso: string | null }) {
  if (!iso) return <span>—</span>;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return <span>{iso}</span>;
  return <time dateTime={iso}>{format.format(date)} UTC</time>;
}
