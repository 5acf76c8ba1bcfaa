/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Keeps `next dev` from writing agent instruction files into the tree.
  agentRules: false,
  experimental: { agentUpgrade: false },
  serverExternalPackages: ["better-sqlite3", "pino", "oidc-provider"],
};

export default nextConfig;
