// The second pass of the end-to-end tests: the files that judge timing, one at a time (see
// vitest.e2e.config.ts).
import { e2eConfig } from './vitest.e2e.config';

export default e2eConfig('alone');
