import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The contracts package ships TypeScript sources, so Next compiles it like our own code.
  transpilePackages: ["@harbor/contracts"],
  reactStrictMode: true,
  poweredByHeader: false,
  // bench/web-lighthouse.ts builds its own copy (its API on another port is baked into the client
  // code) next to the usual .next, so a bench run never replaces the build the e2e suite uses.
  distDir: process.env.HARBOR_NEXT_DIST_DIR || ".next",
};

export default nextConfig;
