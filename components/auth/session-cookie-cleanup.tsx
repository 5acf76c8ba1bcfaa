"use client";

import { useEffect } from "react";
import { deleteSession } from "@/lib/auth/session-client";

/** Clears a session cookie left behind when sign-out started elsewhere. */
export function SessionCookieCleanup() {
  useEffect(() => {
    void deleteSession();
  }, []);
  return null;
}
