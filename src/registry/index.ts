/** The registry context's public face: other contexts import from here only. */
import type { Clock } from '../kernel/clock.ts';
import type { Db } from '../kernel/db.ts';
import { EventBus } from '../kernel/events.ts';
import type { Random } from '../kernel/random.ts';
import type { NumberIssuer } from '../numbers/index.ts';
import { NationalIndex } from './national-index.ts';
import { type RegistryEvent, RegistryService } from './service.ts';

export { RegistryErrors } from './errors.ts';
export { type Filing, parseFiling } from './filings.ts';
export { daysBetween, japanDate, LIFE_EVENTS, type LifeEventKind, TRANSITIONS } from './model.ts';
export { allMunicipalities, ensureMunicipalities, residentialUnits } from './municipalities.ts';
export {
  type CardHolder,
  type PersonFacts,
  REGISTRY_ROLES,
  type RegistryEvent,
  RegistryService,
  type ResidentView,
} from './service.ts';

export interface Registry {
  service: RegistryService;
  index: NationalIndex;
  events: EventBus<RegistryEvent>;
}

export function createRegistry(deps: {
  db: Db;
  clock: Clock;
  random: Random;
  issuer: NumberIssuer;
}): Registry {
  const events = new EventBus<RegistryEvent>();
  const index = new NationalIndex(deps.issuer, deps.clock, deps.random);
  return { service: new RegistryService(deps.db, deps.clock, index, events), index, events };
}
