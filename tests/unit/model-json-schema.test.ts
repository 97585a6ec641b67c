// public/topology.schema.json is generated from the zod schema (npm run schema). It must match what the
// code generates now, so it cannot go stale, and it must describe the files we ship: every example
// passes a small checker of the keywords the generated schema uses, and a typo does not.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { topologyJsonSchema } from '../../src/sim';
import { exampleText } from './helpers';

const shipped = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../public/topology.schema.json', import.meta.url)), 'utf8'),
);

interface JsonSchema {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Where the value breaks the schema (type, const, enum, anyOf, objects and arrays); bounds are not checked. */
function problems(schema: JsonSchema, value: unknown, at = '$'): string[] {
  if (schema.anyOf)
    return schema.anyOf.some((s) => problems(s, value, at).length === 0)
      ? []
      : [`${at}: matches no alternative`];
  const type = typeOf(value);
  if (schema.type && schema.type !== type && !(schema.type === 'number' && type === 'integer'))
    return [`${at}: is ${type}, not ${schema.type}`];
  if ('const' in schema && schema.const !== value) return [`${at}: is not ${JSON.stringify(schema.const)}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: is not one of ${schema.enum.join(', ')}`];
  if (type === 'array' && schema.items) {
    const items = schema.items;
    return (value as unknown[]).flatMap((v, i) => problems(items, v, `${at}[${i}]`));
  }
  if (type !== 'object') return [];
  const obj = value as Record<string, unknown>;
  const out = (schema.required ?? []).filter((k) => !(k in obj)).map((k) => `${at}.${k}: is missing`);
  for (const [k, v] of Object.entries(obj)) {
    const sub = schema.properties?.[k];
    if (sub) out.push(...problems(sub, v, `${at}.${k}`));
    else if (schema.additionalProperties === false) out.push(`${at}.${k}: is not allowed`);
  }
  return out;
}

const exampleNames = readdirSync(fileURLToPath(new URL('../../examples', import.meta.url)))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

describe('public/topology.schema.json', () => {
  it('is what the code generates now (run npm run schema after changing the model schema)', () => {
    expect(shipped).toStrictEqual(JSON.parse(JSON.stringify(topologyJsonSchema())));
  });

  it('is a draft 2020-12 schema of an object with the topology sections, closed to unknown keys', () => {
    expect(shipped.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(shipped.type).toBe('object');
    expect(shipped.additionalProperties).toBe(false);
    expect(shipped.required).toEqual(expect.arrayContaining(['format', 'version', 'hosts']));
    for (const section of ['hosts', 'networks', 'subnets', 'routers', 'ports', 'servers', 'floatingips'])
      expect(shipped.properties[section].type).toBe('array');
  });

  it('accepts two-networks-one-router.json, whose top-level keys it all describes', () => {
    const example = JSON.parse(exampleText('two-networks-one-router'));
    for (const key of Object.keys(example)) expect(Object.keys(shipped.properties)).toContain(key);
    expect(problems(shipped, example)).toEqual([]);
  });

  it.each(exampleNames)('accepts the example %s in full', (name) => {
    expect(problems(shipped, JSON.parse(exampleText(name)))).toEqual([]);
  });

  it('refuses what the loader refuses for its shape: a typo, a missing field, a wrong type or version', () => {
    const broken = JSON.parse(exampleText('two-networks-one-router'));
    broken.subnets[1].gatway_ip = '192.168.1.1';
    delete broken.subnets[2].cidr;
    broken.hosts[0].role = 'storage';
    broken.networks[1]['provider:segmentation_id'] = '101';
    broken.version = 2;
    broken.network = [];
    expect(problems(shipped, broken).sort()).toEqual(
      [
        '$.subnets[1].gatway_ip: is not allowed',
        '$.subnets[2].cidr: is missing',
        '$.hosts[0].role: is not one of compute, network',
        '$.networks[1].provider:segmentation_id: matches no alternative',
        '$.version: is not 1',
        '$.network: is not allowed',
      ].sort(),
    );
  });
});
