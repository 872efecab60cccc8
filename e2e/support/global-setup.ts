// Builds the web app once before the e2e files run (skipped when the build is already fresh).
import { ensureBuild } from '../../server/web/ensure-build';

export default function setup(): void {
  if (!ensureBuild(process.cwd(), (m) => console.log(m))) throw new Error('next build failed');
}
