import type { CommitRequest } from "./types";

/** Rejects a commit whose records name another organization than the commit. */
export function assertSingleOrganization(request: CommitRequest): void {
  const organizations = [
    request.operation && "create" in request.operation
      ? request.operation.create.organizationId
      : request.organizationId,
    request.profile && "create" in request.profile
      ? request.profile.create.organizationId
      : request.organizationId,
    ...(request.audit ?? []).map((entry) => entry.organizationId),
    ...(request.rollups ?? []).map((rollup) => rollup.organizationId),
  ];
  const other = organizations.find((id) => id !== request.organizationId);
  if (other !== undefined) {
    throw new RangeError(
      `A commit for organization "${request.organizationId}" contains a record of "${other}"; ` +
        "split it into one commit per organization.",
    );
  }
}
