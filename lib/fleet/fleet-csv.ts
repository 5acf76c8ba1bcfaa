// Columns of the fleet CSV export: the columns of the fleet table, one row
// per profile. Activation codes, owner e-mail addresses and IMEIs are left
// out, so an export carries no more personal data than the table shows.

import type { Profile } from "@/lib/store/types";

export interface FleetCsvColumn {
  key: string;
  header: string;
  value(profile: Profile): string | null;
}

export const FLEET_CSV_COLUMNS: readonly FleetCsvColumn[] = [
  { key: "iccid", header: "ICCID", value: (p) => p.iccid },
  { key: "eid", header: "EID", value: (p) => p.eid },
  { key: "carrier", header: "Carrier", value: (p) => p.carrierId },
  { key: "profileType", header: "Profile type", value: (p) => p.profileType },
  { key: "smdpState", header: "SM-DP+ state", value: (p) => p.smdpState },
  { key: "portalStatus", header: "Portal status", value: (p) => p.portalStatus },
  { key: "deviceName", header: "Device name", value: (p) => p.deviceName },
  { key: "owner", header: "Owner", value: (p) => p.owner },
  { key: "group", header: "Group", value: (p) => p.group },
  { key: "updatedAt", header: "Last change", value: (p) => p.updatedAt },
];

// Spreadsheet programs run a cell that starts with one of these as a
// formula (OWASP "CSV injection"), so such cells get a leading apostrophe.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Makes a free-text cell safe to open in a spreadsheet program. */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Maps a profile to one CSV record keyed by column key. Missing values are
 * empty strings and text that a spreadsheet would run as a formula is
 * neutralised.
 */
export function fleetCsvRecord(profile: Profile): Record<string, string> {
  const record: Record<string, string> = {};
  for (const column of FLEET_CSV_COLUMNS) {
    record[column.key] = neutralizeFormula(column.value(profile) ?? "");
  }
  return record;
}

/** Column definitions in the shape csv-stringify's `columns` option takes. */
export function fleetCsvStringifyColumns(): { key: string; header: string }[] {
  return FLEET_CSV_COLUMNS.map(({ key, header }) => ({ key, header }));
}

/** File name of an export made at `now`, for Content-Disposition. */
export function fleetCsvFileName(now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return `fleet-${stamp}.csv`;
}
