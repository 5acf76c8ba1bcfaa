import { Badge } from "@/components/ui/badge";
import { portalStatusTone, smdpStateTone } from "@/lib/fleet/fleet-statuses";
import type { PortalStatus, SmdpState } from "@/lib/store/types";

export function SmdpStateBadge({ state }: { state: SmdpState }) {
  return <Badge tone={smdpStateTone(state)}>{state}</Badge>;
}

export function PortalStatusBadge({ status }: { status: PortalStatus }) {
  return <Badge tone={portalStatusTone(status)}>{status}</Badge>;
}
