// The lab as `npm start` runs it, for end-to-end tests: one implementation, shared with the benchmarks and the crash test.
export { startLabProcess, type LabProcess } from '../../test/support/lab-process';
