/** An environment variable is missing or has the wrong form. */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";

  constructor(
    readonly variable: string,
    readonly expected: string,
    detail?: string,
  ) {
    super(
      `Environment variable ${variable} is ${detail ?? "invalid"}: expected ${expected}. ` +
        "Set it in the environment or the .env.local file and restart.",
    );
    this.name = "ConfigError";
  }
}
