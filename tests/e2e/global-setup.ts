// Serves the built app (npm test builds it first) for every end-to-end test file.
import type { TestProject } from 'vitest/node';
import { startPreview } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startPreview(Number(process.env.E2E_PORT ?? 4173));
  project.provide('baseUrl', server.url);
  return () => server.stop();
}
