import { InvalidParameterError, ModelStage } from '@llmops/contract';
import { ModelVersion } from './registry.model';
import { latestPerStage, parseStage, planTransition } from './stage-rules';

const v = (version: number, stage: ModelStage) => ({ version, stage }) as ModelVersion;

describe('stage rules', () => {
  it('parses stages case-insensitively and refuses others', () => {
    expect(parseStage('production')).toBe('Production');
    expect(parseStage('STAGING')).toBe('Staging');
    expect(parseStage('none')).toBe('None');
    for (const bad of ['Prod', '', 'Deleted', 'latest']) expect(() => parseStage(bad)).toThrow(InvalidParameterError);
  });

  it('moves one version, leaving others alone without archive_existing_versions', () => {
    expect(planTransition([v(1, 'Production'), v(2, 'None')], 2, 'Production', false)).toEqual([
      { version: 2, fromStage: 'None', toStage: 'Production', archivedBy: null },
    ]);
  });

  it('archives the versions that held the target stage', () => {
    const plan = planTransition(
      [v(1, 'Production'), v(2, 'Staging'), v(3, 'Production'), v(4, 'None')],
      2,
      'Production',
      true,
    );
    expect(plan).toEqual([
      { version: 2, fromStage: 'Staging', toStage: 'Production', archivedBy: null },
      { version: 1, fromStage: 'Production', toStage: 'Archived', archivedBy: 2 },
      { version: 3, fromStage: 'Production', toStage: 'Archived', archivedBy: 2 },
    ]);
  });

  it('allows archive_existing_versions only towards Staging or Production', () => {
    expect(() => planTransition([v(1, 'Production')], 1, 'Archived', true)).toThrow(InvalidParameterError);
    expect(() => planTransition([v(1, 'Production')], 1, 'None', true)).toThrow(InvalidParameterError);
  });

  it('finds the latest version per stage', () => {
    const versions = [v(1, 'Production'), v(2, 'Staging'), v(3, 'Production'), v(4, 'None')];
    expect(latestPerStage(versions).map((x) => x.version)).toEqual([2, 3, 4]);
    expect(latestPerStage(versions, ['Production']).map((x) => x.version)).toEqual([3]);
  });
});
