// `npm run test:cluster`: a lab of three nodes behind nginx on PostgreSQL (and Redis), each node started as `npm start` runs it; one file at a time, generous timeouts (the first node may build the web app).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 420_000,
  },
});
