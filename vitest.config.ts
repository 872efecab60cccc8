// Unit and integration tests (real sandboxes, real servers on port 0); e2e tests have their own config in e2e/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'server/**/*.test.ts', 'components/**/*.test.ts', 'test/**/*.test.ts'],
    // The three-node cluster has its own run (npm run test:cluster, test/cluster/vitest.config.ts).
    exclude: ['**/node_modules/**', 'test/cluster/**'],
    // Files run one after another: leak checks compare host-wide counts (processes, cgroups) before and after.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
