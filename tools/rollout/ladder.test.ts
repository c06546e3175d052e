import { describe, expect, it } from 'vitest';
import { capacityRefusal } from './capacity.ts';
import { describePosition, nextStep } from './ladder.ts';

describe('the ladder', () => {
  it('climbs off -> shadow -> 1 % -> 5 % -> 25 % -> live, then stops', () => {
    const seen: string[] = [];
    for (let p = nextStep({ stage: 'off', weight: 0 }); p; p = nextStep(p)) seen.push(describePosition(p));
    expect(seen).toEqual(['shadow', 'canary 1 % (10/1000)', 'canary 5 % (50/1000)', 'canary 25 % (250/1000)', 'live']);
  });

  it('moves a hand-set canary weight to the next larger step', () => {
    expect(nextStep({ stage: 'canary', weight: 100 })).toEqual({ stage: 'canary', weight: 250 });
    expect(nextStep({ stage: 'canary', weight: 500 })).toEqual({ stage: 'live', weight: 1000 });
  });
});

describe('the capacity rule', () => {
  const live = { stage: 'live' as const, weight: 1000 };

  it('does not apply up to 25 %', () => {
    expect(capacityRefusal('r', 1e6, { stage: 'canary', weight: 250 }, undefined)).toBeNull();
  });

  it('refuses past 25 % when the spare capacity is unknown or too small, naming what to do', () => {
    expect(capacityRefusal('r', 10, live, undefined)).toContain('--monolith-spare-rps');
    expect(capacityRefusal('r', 40, live, 30)).toBe('r: a rollback from live would send 40.0 req/s back to the monolith at once, more than its 30 req/s to spare; add monolith capacity first (and raise --monolith-spare-rps)');
    expect(capacityRefusal('r', 25, live, 30)).toBeNull();
  });
});
