// Next.js settings for the lab's web app (served by the custom server in server/).
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and server-only modules stay outside the bundle; the custom server loads them.
  serverExternalPackages: ['node-pty', 'better-sqlite3', 'socket.io'],
  // The lab is self-hosted and offline: never phone home.
  productionBrowserSourceMaps: false,
  devIndicators: false,
};

export default nextConfig;
