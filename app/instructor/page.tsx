// The instructor route: the live workshop dashboard (the server lets only the instructor's cookie through to it).
import type { Metadata } from 'next';
import { WorkshopDashboard } from '../../components/instructor/workshop-dashboard';

export const metadata: Metadata = { title: 'Workshop dashboard' };

// Nothing to prerender: the dashboard is live data over the socket, behind the instructor's cookie.
export const dynamic = 'force-dynamic';

export default function InstructorPage() {
  return <WorkshopDashboard />;
}
