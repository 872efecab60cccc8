// How long a learner spent in a lesson, in words short enough for a card: "under a minute", "12 min", "1 h 5 min".

const SECONDS_PER_MINUTE = 60;
const MINUTES_PER_HOUR = 60;

export function formatTimeSpent(seconds: number): string {
  const minutes = Math.floor(seconds / SECONDS_PER_MINUTE);
  if (minutes < 1) return 'under a minute';
  if (minutes < MINUTES_PER_HOUR) return `${minutes} min`;
  const hours = Math.floor(minutes / MINUTES_PER_HOUR);
  const rest = minutes % MINUTES_PER_HOUR;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
