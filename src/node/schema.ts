// npm run schema
// Writes public/topology.schema.json, the JSON Schema of the topology file, from the zod schema the app
// loads files with. Editors use it to complete and check topology files by hand; a unit test fails when
// the shipped file no longer matches the code, so run this after changing src/sim/model/schema.ts.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { topologyJsonSchema } from '../sim';

const target = fileURLToPath(new URL('../../public/topology.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
