import { StoreUnavailableError } from "../errors";

function statusCode(error: unknown): number | null {
  if (error && typeof error === "object" && "code" in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === "number") return code;
  }
  if (error && typeof error === "object" && "statusCode" in error) {
    const code = (error as { statusCode: unknown }).statusCode;
    if (typeof code === "number") return code;
  }
  return null;
}

export const isConflict = (error: unknown) => statusCode(error) === 409;
export const isPreconditionFailed = (error: unknown) =>
  statusCode(error) === 412;
export const isNotFound = (error: unknown) => statusCode(error) === 404;

/** Maps throttling, timeouts and network failures to StoreUnavailableError. */
export function mapCosmosError(error: unknown): unknown {
  const code = statusCode(error);
  if (
    code === 429 ||
    code === 408 ||
    code === 503 ||
    (code !== null && code >= 500)
  ) {
    return new StoreUnavailableError("cosmos", `HTTP ${code}`, {
      cause: error,
    });
  }
  const systemCode =
    error && typeof error === "object" && "code" in error
      ? (error as { code: unknown }).code
      : null;
  if (
    typeof systemCode === "string" &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE|EAI_AGAIN)$/.test(
      systemCode,
    )
  ) {
    return new StoreUnavailableError("cosmos", systemCode, { cause: error });
  }
  return error;
}

/** Runs `work`, rethrowing transport failures as StoreUnavailableError. */
export async function cosmosCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw mapCosmosError(error);
  }
}
