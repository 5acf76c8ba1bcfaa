import { NextResponse } from "next/server";

// Liveness only: it reads no data, so it needs no session.
export function GET() {
  return NextResponse.json(
    { status: "ok" },
    { headers: { "Cache-Control": "no-store" } },
  );
}
