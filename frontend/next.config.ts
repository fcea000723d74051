import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The contracts package ships TypeScript sources, so Next compiles it like our own code.
  transpilePackages: ["@harbor/contracts"],
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
