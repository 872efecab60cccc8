// The page a learner lands on once their join code was right: it asks for the name the instructor will see.
import type { Metadata } from 'next';
import { JoinNameForm } from '../../../components/join/join-name-form';

export const metadata: Metadata = { title: 'Your name' };

export default function JoinNamePage() {
  return <JoinNameForm />;
}
