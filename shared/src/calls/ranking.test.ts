import { describe, expect, it } from 'vitest';
import { rankApplications, spreadOf, weightedMean } from './ranking.ts';

const criteria = [
  { id: 'idea', weight: 2 },
  { id: 'place', weight: 1 },
];
const sheet = (applicationId: string, jurorId: string, idea: number, place: number) => [
  { applicationId, jurorId, criterionId: 'idea', score: idea },
  { applicationId, jurorId, criterionId: 'place', score: place },
];

describe('jury ranking', () => {
  it('weights the criteria: (2·5 + 1·2) / 3 = 4', () => {
    expect(
      weightedMean(
        criteria,
        new Map([
          ['idea', 5],
          ['place', 2],
        ]),
      ),
    ).toBe(4);
  });

  it('ignores a sheet with a criterion unscored', () => {
    expect(weightedMean(criteria, new Map([['idea', 5]]))).toBeNull();
  });

  it('gives the spread: mean, min, max and population standard deviation', () => {
    expect(spreadOf([4, 2])).toEqual({ mean: 3, min: 2, max: 4, stddev: 1 });
    expect(spreadOf([])).toEqual({ mean: null, min: null, max: null, stddev: null });
  });

  it('averages the jurors’ weighted means, excludes conflicts, ranks ties together', () => {
    const ranked = rankApplications({
      applicationIds: ['a', 'b', 'c', 'd'],
      criteria,
      scores: [
        // a: juror 1 → (10 + 2)/3 = 4; juror 2 → (6 + 3)/3 = 3; mean 3.5, stddev 0.5
        ...sheet('a', 'j1', 5, 2),
        ...sheet('a', 'j2', 3, 3),
        // b: juror 1 → (8 + 5)/3 = 13/3; juror 2 declared a conflict: their 0s do not count
        ...sheet('b', 'j1', 4, 5),
        ...sheet('b', 'j2', 0, 0),
        // c: juror 2 → (6 + 5)/3 = 11/3
        ...sheet('c', 'j2', 3, 5),
        // half a sheet of juror 1: not counted
        { applicationId: 'c', jurorId: 'j1', criterionId: 'idea', score: 0 },
      ],
      conflicts: [{ applicationId: 'b', jurorId: 'j2' }],
    });
    expect(ranked.map((r) => r.applicationId)).toEqual(['b', 'c', 'a', 'd']);
    const [b, c, a, d] = ranked;
    expect(b!.mean).toBeCloseTo(13 / 3, 12);
    expect(b!.jurorCount).toBe(1);
    expect(b!.byJuror).toEqual({ j1: 13 / 3 });
    expect(b!.stddev).toBe(0);
    expect(c!.mean).toBeCloseTo(11 / 3, 12);
    expect(c!.jurorCount).toBe(1);
    expect(a!.mean).toBeCloseTo(3.5, 12);
    expect(a!.min).toBeCloseTo(3, 12);
    expect(a!.max).toBeCloseTo(4, 12);
    expect(a!.stddev).toBeCloseTo(0.5, 12);
    expect(a!.byCriterion).toEqual({ idea: 4, place: 2.5 });
    expect([b!.rank, c!.rank, a!.rank, d!.rank]).toEqual([1, 2, 3, null]);
    expect(d!.mean).toBeNull();
  });

  it('gives equal marks the same rank', () => {
    const ranked = rankApplications({
      applicationIds: ['x', 'y', 'z'],
      criteria,
      scores: [...sheet('x', 'j1', 5, 5), ...sheet('y', 'j1', 5, 5), ...sheet('z', 'j1', 1, 1)],
      conflicts: [],
    });
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 3]);
  });
});
