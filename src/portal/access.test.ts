import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/app.ts';
import { CHIYODA, registerPerson } from '../../test/support/cards.ts';
import type { Actor } from '../kernel/actor.ts';

/**
 * Every portal route × every kind of caller, against the matrix we mean: the guard (and
 * the institution check behind it) lets through exactly these and no one else.
 */
const CHIYODA_NODE = `10${CHIYODA}00000000`;
type Caller =
  | 'anonymous'
  | 'person'
  | 'clerkElsewhere'
  | 'clerkHere'
  | 'operatorElsewhere'
  | 'auditor'
  | 'admin';
const CALLERS: Caller[] = [
  'anonymous',
  'person',
  'clerkElsewhere',
  'clerkHere',
  'operatorElsewhere',
  'auditor',
  'admin',
];
const staff = (id: string, role: Actor['roles'][number]['role'], organisation: string): Actor => ({
  id,
  kind: 'staff',
  displayName: id,
  roles: [{ role, organisation }],
});
let resident = '';
const actors = (): Record<Exclude<Caller, 'anonymous'>, Actor> => ({
  person: { id: resident, kind: 'person', residentId: resident, displayName: 'p', roles: [] },
  clerkElsewhere: staff('c2', 'municipal-clerk', '131041'),
  clerkHere: staff('c1', 'municipal-clerk', CHIYODA),
  operatorElsewhere: staff('o1', 'institution-operator', '3000000000000001'),
  auditor: staff('a1', 'ppc-auditor', '*'),
  admin: staff('root', 'system-administrator', '*'),
});

/** Who may get past access control, by the kind of route. */
const MAY: Record<'public' | 'person' | 'institution', readonly Caller[]> = {
  public: CALLERS,
  person: ['person'],
  institution: ['clerkHere', 'admin'],
};
const kindOf = (path: string) =>
  path === '/api/portal/open-notices'
    ? 'public'
    : path.startsWith('/api/portal/institutions/')
      ? 'institution'
      : 'person';

let app: FastifyInstance;
let close: () => Promise<void>;
beforeAll(async () => {
  let table: ReturnType<typeof actors> | null = null;
  const made = await testApp({
    authenticators: [
      (req) => (table ? (table[req.headers['x-test-as'] as keyof typeof table] ?? null) : null),
    ],
  });
  ({ app, close } = made);
  resident = await registerPerson(made.contexts);
  table = actors();
  await app.ready();
});
afterAll(async () => close());

describe('portal access matrix', () => {
  it('routes × callers: 0 successes outside the matrix, every allowed caller gets past the guard', async () => {
    const spec = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths)
      .filter(([p]) => p.startsWith('/api/portal/'))
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => [m.toUpperCase(), p] as const));
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const wrong: string[] = [];
    for (const [method, path] of routes) {
      const url = path
        .replace('{code}', CHIYODA_NODE)
        .replace('{id}', '0190a1b2-0000-7000-8000-000000000000')
        .replace('/export', '/export?format=json');
      for (const caller of CALLERS) {
        const res = await app.inject({
          method: method as 'GET',
          url,
          headers: {
            ...(caller === 'anonymous' ? {} : { 'x-test-as': caller }),
            'idempotency-key': `matrix-${caller}-${path}`,
          },
          ...(method === 'GET'
            ? {}
            : path.endsWith('/notices')
              ? {
                  payload: {
                    category: 'general',
                    title: '件名',
                    body: '本文',
                    audience: { kind: 'attributes' },
                  },
                }
              : { payload: { audience: { kind: 'attributes' } } }),
        });
        const code =
          res.statusCode >= 400 ? (res.json() as { error?: { code?: string } }).error?.code : undefined;
        const denied = code === 'AUTH_REQUIRED' || code === 'AUTH_FORBIDDEN';
        const allowed = MAY[kindOf(path)].includes(caller);
        if (denied === allowed) wrong.push(`${method} ${path} as ${caller}: ${res.statusCode} ${code ?? ''}`);
        expect(res.statusCode, `${method} ${path} as ${caller}`).toBeLessThan(500);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
