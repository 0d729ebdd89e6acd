/** NLTK's PorterStemmer in its default NLTK_EXTENSIONS mode (what rouge_score uses). */
export function porterStem(word: string): string {
  return word; // TODO(implemented next commit)
}
