import { ButtonLink, buttonClassName } from "@/components/ui/button";
import {
  fleetViewHref,
  nextPageView,
  previousPageView,
  type FleetView,
} from "@/lib/fleet/fleet-search-params";

function DisabledLink({ label }: { label: string }) {
  return (
    <span aria-disabled="true" className={buttonClassName("secondary")}>
      {label}
    </span>
  );
}

/** "Previous" and "Next" links carrying the keyset cursors in the URL. */
export function FleetPagination({
  view,
  nextCursor,
}: {
  view: FleetView;
  nextCursor: string | null;
}) {
  const previous = previousPageView(view);
  return (
    <nav aria-label="Fleet pages" className="flex gap-2">
      {previous ? (
        <ButtonLink href={fleetViewHref("/fleet", previous)} rel="prev">
          Previous
        </ButtonLink>
      ) : (
        <DisabledLink label="Previous" />
      )}
      {nextCursor ? (
        <ButtonLink
          href={fleetViewHref("/fleet", nextPageView(view, nextCursor))}
          rel="next"
        >
          Next
        </ButtonLink>
      ) : (
        <DisabledLink label="Next" />
      )}
    </nav>
  );
}
