import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** PEM files of one certificate and its private key. */
export interface CertificateFiles {
  certPath: string;
  keyPath: string;
}

/** Purpose of an issued certificate, written into its extended key usage. */
export type CertificateUsage = "server" | "client" | "server-and-client";

export interface CertificateRequest {
  /** File name stem: `<name>.crt` and `<name>.key` in the CA's folder. */
  name: string;
  commonName: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  usage: CertificateUsage;
  /** Validity in days; 397 is the longest browsers accept for servers. */
  days?: number;
}

const EXTENDED_KEY_USAGE: Record<CertificateUsage, string> = {
  server: "serverAuth",
  client: "clientAuth",
  "server-and-client": "serverAuth,clientAuth",
};

async function openssl(args: string[]): Promise<void> {
  try {
    await run("openssl", args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(
      `openssl ${args[0]} failed: ${stderr.trim() || String(error)}. ` +
        "Check that the openssl command is installed.",
    );
  }
}

/**
 * Creates a private certificate authority in `dir` unless one is there.
 * Uses the openssl command, so no certificate encoding is hand-written.
 *
 * @example const ca = await ensureCertificateAuthority(".local/certs");
 */
export async function ensureCertificateAuthority(
  dir: string,
  commonName = "NexoraSIM Local Development CA",
): Promise<CertificateFiles> {
  const certPath = path.join(dir, "ca.crt");
  const keyPath = path.join(dir, "ca.key");
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { certPath, keyPath };
  }

  await mkdir(dir, { recursive: true });
  await openssl([
    "req", "-x509", "-new", "-nodes",
    "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
    "-keyout", keyPath, "-out", certPath,
    "-days", "3650", "-subj", `/CN=${commonName}`,
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  return { certPath, keyPath };
}

/**
 * Issues a certificate signed by the CA in `dir` unless `<name>.crt` exists.
 * Server certificates carry the DNS names and IP addresses as
 * subjectAltName, which TLS clients check instead of the common name.
 */
export async function ensureCertificate(
  dir: string,
  request: CertificateRequest,
): Promise<CertificateFiles> {
  const certPath = path.join(dir, `${request.name}.crt`);
  const keyPath = path.join(dir, `${request.name}.key`);
  if (existsSync(certPath) && existsSync(keyPath)) {
    return { certPath, keyPath };
  }

  const ca = await ensureCertificateAuthority(dir);
  const csrPath = path.join(dir, `${request.name}.csr`);
  const extPath = path.join(dir, `${request.name}.ext`);
  const altNames = [
    ...(request.dnsNames ?? []).map((name) => `DNS:${name}`),
    ...(request.ipAddresses ?? []).map((address) => `IP:${address}`),
  ];
  const extensions = [
    "basicConstraints=critical,CA:FALSE",
    "keyUsage=critical,digitalSignature,keyEncipherment",
    `extendedKeyUsage=${EXTENDED_KEY_USAGE[request.usage]}`,
    ...(altNames.length > 0 ? [`subjectAltName=${altNames.join(",")}`] : []),
  ];

  await writeFile(extPath, extensions.join("\n") + "\n");
  await openssl([
    "req", "-new", "-nodes",
    "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
    "-keyout", keyPath, "-out", csrPath,
    "-subj", `/CN=${request.commonName}`,
  ]);
  await openssl([
    "x509", "-req", "-in", csrPath,
    "-CA", ca.certPath, "-CAkey", ca.keyPath, "-CAcreateserial",
    "-out", certPath, "-days", String(request.days ?? 397),
    "-extfile", extPath,
  ]);
  await rm(csrPath, { force: true });
  await rm(extPath, { force: true });
  return { certPath, keyPath };
}

/** The certificates the local stack uses, all signed by one local CA. */
export interface LocalCertificates {
  ca: CertificateFiles;
  /** Server certificate for localhost: sign-in provider and simulators. */
  localhost: CertificateFiles;
  /** Client certificate the portal presents to each SM-DP+ simulator. */
  portalClient: CertificateFiles;
  /** Client certificate a simulated carrier presents to the portal. */
  carrierClient(carrierId: string): Promise<CertificateFiles>;
}

/**
 * Creates (once) the local CA and the certificates of the local stack.
 *
 * @param dir folder that keeps the PEM files between runs
 */
export async function ensureLocalCertificates(
  dir: string,
): Promise<LocalCertificates> {
  const ca = await ensureCertificateAuthority(dir);
  const localhost = await ensureCertificate(dir, {
    name: "localhost",
    commonName: "localhost",
    dnsNames: ["localhost"],
    ipAddresses: ["127.0.0.1", "::1"],
    usage: "server-and-client",
  });
  const portalClient = await ensureCertificate(dir, {
    name: "portal-client",
    commonName: "nexorasim-portal",
    usage: "client",
  });

  return {
    ca,
    localhost,
    portalClient,
    carrierClient: (carrierId) =>
      ensureCertificate(dir, {
        name: `carrier-${carrierId}-client`,
        commonName: `carrier-${carrierId}`,
        usage: "client",
      }),
  };
}
