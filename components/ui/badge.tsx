import type { ReactNode } from "react";

import type { StatusTone } from "@/lib/fleet/fleet-statuses";

const TONES: Record<StatusTone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  progress: "bg-brand-50 text-brand-700 ring-brand-100",
  success: "bg-green-50 text-success ring-green-200",
  danger: "bg-red-50 text-danger ring-red-200",
};

export function Badge({
  tone = "neutral",
  children,
}: {
  tone?: StatusTone;
  children: ReactNode;
}) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}
