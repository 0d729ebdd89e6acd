import { splitSentences } from './sentence-splitter';

describe('splitSentences (news)', () => {
  it.each([
    [
      'plain sentences',
      'The vote passed. Markets rose! Why now? Nobody knows.',
      ['The vote passed.', 'Markets rose!', 'Why now?', 'Nobody knows.'],
    ],
    [
      'titles never end a sentence',
      'Mr. Smith met Dr. Jones and Sen. Warren. They spoke.',
      ['Mr. Smith met Dr. Jones and Sen. Warren.', 'They spoke.'],
    ],
    [
      'decimals and money',
      'Shares fell 3.5% to $12.75 on Monday. Volume was light.',
      ['Shares fell 3.5% to $12.75 on Monday.', 'Volume was light.'],
    ],
    [
      'U.S. inside a sentence, then at its end',
      'The U.S. Senate voted. Aid went to the U.S. The bill now goes to the House.',
      ['The U.S. Senate voted.', 'Aid went to the U.S.', 'The bill now goes to the House.'],
    ],
    [
      'initials',
      'President George W. Bush spoke in Washington D.C. on Friday.',
      ['President George W. Bush spoke in Washington D.C. on Friday.'],
    ],
    [
      'company suffixes',
      'Apple Inc. said profit rose. Shares of Ford Motor Co. fell. The index was flat.',
      ['Apple Inc. said profit rose.', 'Shares of Ford Motor Co. fell.', 'The index was flat.'],
    ],
    [
      'quotes close the sentence they end',
      '"We will win," he said. "It is over." The crowd cheered.',
      ['"We will win," he said.', '"It is over."', 'The crowd cheered.'],
    ],
    [
      'a question inside a quote followed by lower case',
      '"Why?" she asked. He left.',
      ['"Why?" she asked.', 'He left.'],
    ],
    [
      'No. before a number',
      'It became the No. 1 seller. Sales doubled.',
      ['It became the No. 1 seller.', 'Sales doubled.'],
    ],
    [
      'months before a date',
      'The plan starts Jan. 5 in most states. It ends in May.',
      ['The plan starts Jan. 5 in most states.', 'It ends in May.'],
    ],
    [
      'line breaks are hard boundaries',
      'Headline without a period\nBody starts here. And ends.',
      ['Headline without a period', 'Body starts here.', 'And ends.'],
    ],
    [
      'lower case after a period does not split',
      'Use e.g. apples and i.e. fruit. Done.',
      ['Use e.g. apples and i.e. fruit.', 'Done.'],
    ],
    ['ellipsis', 'He paused... Then he spoke.', ['He paused...', 'Then he spoke.']],
    ['curly quotes', '“It is done.” The minister smiled.', ['“It is done.”', 'The minister smiled.']],
  ])('%s', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('  \n ')).toEqual([]);
  });
});
