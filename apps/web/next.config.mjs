/**
 * The web app is a static export served by the gateway (ARCHITECTURE §1): no Next server at run
 * time, every page a client page talking to /api on the same origin.
 */
const nextConfig = {
  output: 'export',
  // /documents → documents/index.html, which the gateway serves as a folder's index.
  trailingSlash: true,
  distDir: '../../dist/apps/web',
  images: { unoptimized: true },
  // `npm run typecheck` checks this app with the rest; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
