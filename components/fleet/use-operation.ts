"use client";

import { useQuery } from "@tanstack/react-query";

import type { OperationView } from "@/lib/fleet/operation-view";

/** Polling interval while an operation runs, in milliseconds. */
export const ACTIVE_POLL_MS = 2_000;
/**
 * Polling interval while an operation waits (for a retry or for the
 * device's notification), in milliseconds.
 */
export const WAITING_POLL_MS = 5_000;

async function fetchOperation(id: string): Promise<OperationView> {
  const response = await fetch(`/api/operations/${encodeURIComponent(id)}`, {
    headers: { Accept: "application/json" },
    cache: "no-store",
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as {
      error?: { message?: string };
    } | null;
    throw new Error(
      body?.error?.message ??
        `Reading the operation failed with HTTP ${response.status}.`,
    );
  }
  return (await response.json()) as OperationView;
}

/**
 * The operation's latest state: starts from the server-rendered `initial`
 * and polls the operation route until the state is final.
 */
export function useOperation(initial: OperationView) {
  return useQuery({
    queryKey: ["operation", initial.id],
    queryFn: () => fetchOperation(initial.id),
    initialData: initial,
    enabled: !initial.final,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (!data || data.final) return false;
      return data.state === "waiting" ? WAITING_POLL_MS : ACTIVE_POLL_MS;
    },
  });
}
