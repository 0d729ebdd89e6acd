import { matchValue } from './replay';

describe('wire fixture matching', () => {
  it('captures values and then requires them', () => {
    const vars = new Map<string, unknown>();
    expect(matchValue({ id: '{{$capture:id}}' }, { id: 'r1', extra: true }, vars)).toEqual([]);
    expect(vars.get('id')).toBe('r1');
    expect(matchValue({ id: '{{id}}' }, { id: 'r1' }, vars)).toEqual([]);
    expect(matchValue({ id: '{{id}}' }, { id: 'r2' }, vars)).toEqual(['$.id: expected "r1" ({{id}}), got "r2"']);
    expect(matchValue('runs:/{{id}}/model', 'runs:/r1/model', vars)).toEqual([]);
    expect(matchValue('runs:/{{id}}/model', 'runs:/r2/model', vars)).toHaveLength(1);
  });

  it('checks types, regexes, arrays and exact objects', () => {
    const vars = new Map<string, unknown>();
    expect(matchValue('{{$number}}', '1733356800000', vars)).toEqual([]);
    expect(matchValue('{{$number}}', 'soon', vars)).toHaveLength(1);
    expect(matchValue('{{$string}}', 3, vars)).toHaveLength(1);
    expect(matchValue('{{$regex:^mlflow-artifacts:/}}', 'file:///srv/a', vars)).toHaveLength(1);
    expect(matchValue([1, 2], [1, 2, 3], vars)).toHaveLength(1);
    expect(matchValue({ a: 1, $exact: true }, { a: 1, b: 2 }, vars)).toEqual(['$.b: not expected (exact object)']);
    expect(matchValue({ a: '{{$any}}' }, {}, vars)).toEqual(['$.a: missing']);
  });
});
