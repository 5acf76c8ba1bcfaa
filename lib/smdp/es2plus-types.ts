// ES2+ (operator to SM-DP+) message shapes, with the field names of GSMA
// SGP.22 v2.2. Request schemas are strict (what the portal sends); response
// schemas are loose objects so that vendor extensions pass through.
import { z } from "zod";

/** Version sent in `X-Admin-Protocol`: the highest one the portal speaks. */
export const ADMIN_PROTOCOL = "gsma/rsp/v2.2.0";

/** Any 2.x.y version of the protocol, which the portal accepts back. */
export const ACCEPTED_ADMIN_PROTOCOL = /^gsma\/rsp\/v2\.\d+\.\d+$/;

/** The four ES2+ functions the portal calls. */
export const ES2_FUNCTIONS = [
  "downloadOrder",
  "confirmOrder",
  "cancelOrder",
  "releaseProfile",
] as const;

export type Es2Function = (typeof ES2_FUNCTIONS)[number];

/** Path of each function below the carrier's base URL. */
export const ES2_PATHS: Record<Es2Function, string> = {
  downloadOrder: "/gsma/rsp2/es2plus/downloadOrder",
  confirmOrder: "/gsma/rsp2/es2plus/confirmOrder",
  cancelOrder: "/gsma/rsp2/es2plus/cancelOrder",
  releaseProfile: "/gsma/rsp2/es2plus/releaseProfile",
};

/** Path of the notification the SM-DP+ sends to the portal. */
export const HANDLE_DOWNLOAD_PROGRESS_INFO_PATH =
  "/gsma/rsp2/es2plus/handleDownloadProgressInfo";

export const EXECUTION_STATUSES = [
  "Executed-Success",
  "Executed-WithWarning",
  "Failed",
  "Expired",
] as const;

export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Dotted status codes stay strings: "3.10" is not "3.1". */
export const statusCodeDataSchema = z.object({
  subjectCode: z.string().min(1),
  reasonCode: z.string().min(1),
  subjectIdentifier: z.string().optional(),
  message: z.string().optional(),
});

export type StatusCodeData = z.infer<typeof statusCodeDataSchema>;

export const requestHeaderSchema = z.strictObject({
  functionRequesterIdentifier: z.string().min(1).max(255),
  functionCallIdentifier: z.string().min(1).max(255),
});

export type RequestHeader = z.infer<typeof requestHeaderSchema>;

export const functionExecutionStatusSchema = z.looseObject({
  status: z.enum(EXECUTION_STATUSES),
  statusCodeData: z.unknown().optional(),
});

export const responseHeaderSchema = z.looseObject({
  functionExecutionStatus: functionExecutionStatusSchema,
});

// Matching IDs end up in activation codes, where `$` is the field delimiter.
// SGP.22 restricts them to 0-9 A-Z and "-", but SM-DP+s generate lowercase
// tokens too and the portal sends those back in CancelOrder.
const matchingId = z
  .string()
  .max(255)
  .regex(/^[\x21-\x23\x25-\x7e]*$/, "printable ASCII without $ or spaces");

// A fully qualified domain name, optionally with a port.
const fqdn = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, "a host name, optionally with :port");

/** Fields of DownloadOrder as the caller passes them, before validation. */
export interface DownloadOrderFields {
  eid?: string;
  iccid?: string;
  profileType?: string;
}

export interface ConfirmOrderFields {
  iccid: string;
  eid?: string;
  matchingId?: string;
  /** Secret: never logged. */
  confirmationCode?: string;
  smdsAddress?: string;
  releaseFlag: boolean;
}

export const FINAL_PROFILE_STATUS_INDICATORS = [
  "Available",
  "Unavailable",
] as const;

export type FinalProfileStatusIndicator =
  (typeof FINAL_PROFILE_STATUS_INDICATORS)[number];

export interface CancelOrderFields {
  iccid: string;
  eid?: string;
  matchingId?: string;
  finalProfileStatusIndicator: FinalProfileStatusIndicator;
}

export interface ReleaseProfileFields {
  iccid: string;
}

/** Request body fields per function, without `header`. */
export interface Es2RequestFields {
  downloadOrder: DownloadOrderFields;
  confirmOrder: ConfirmOrderFields;
  cancelOrder: CancelOrderFields;
  releaseProfile: ReleaseProfileFields;
}

// Shape checks for outgoing fields. ICCIDs and EIDs are checked and
// normalised separately with lib/esim, which gives the precise reason.
export const requestFieldSchemas = {
  downloadOrder: z
    .strictObject({
      eid: z.string().optional(),
      iccid: z.string().optional(),
      profileType: z.string().min(1).max(255).optional(),
    })
    .refine((fields) => fields.iccid !== undefined || fields.profileType, {
      message: "DownloadOrder needs an iccid or a profileType",
      path: ["iccid"],
    }),
  confirmOrder: z.strictObject({
    iccid: z.string(),
    eid: z.string().optional(),
    matchingId: matchingId.optional(),
    confirmationCode: z.string().min(1).max(255).optional(),
    smdsAddress: fqdn.optional(),
    releaseFlag: z.boolean(),
  }),
  cancelOrder: z.strictObject({
    iccid: z.string(),
    eid: z.string().optional(),
    matchingId: matchingId.optional(),
    finalProfileStatusIndicator: z.enum(FINAL_PROFILE_STATUS_INDICATORS),
  }),
  releaseProfile: z.strictObject({ iccid: z.string() }),
} satisfies Record<Es2Function, z.ZodType>;

/** Successful response data per function, without `header`. */
export interface Es2ResponseData {
  downloadOrder: { iccid: string };
  confirmOrder: { matchingId: string; eid?: string; smdpAddress?: string };
  cancelOrder: Record<string, never>;
  releaseProfile: Record<string, never>;
}

export const responseDataSchemas = {
  downloadOrder: z.looseObject({ iccid: z.string() }),
  confirmOrder: z.looseObject({
    // Empty is valid: the default SM-DP+ flow has no matching ID.
    matchingId: z.string(),
    eid: z.string().optional(),
    smdpAddress: z.string().optional(),
  }),
  cancelOrder: z.looseObject({}),
  releaseProfile: z.looseObject({}),
} satisfies Record<Es2Function, z.ZodType>;

/** HandleDownloadProgressInfo as SGP.22 defines it (before tolerance). */
export interface HandleDownloadProgressInfoRequest {
  header: RequestHeader;
  eid?: string;
  iccid: string;
  profileType: string;
  timestamp: string;
  notificationPointId: number;
  notificationPointStatus: {
    status: ExecutionStatus;
    statusCodeData?: StatusCodeData;
  };
  resultData?: string;
}
