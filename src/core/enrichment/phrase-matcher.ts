import { normalizeText } from './text-normalize';

interface TrieNode {
  next: Map<string, TrieNode> | null;
  /** Word-prefix edges for phrases ending in "*" ("consult*" matches "consultation"). */
  prefixes: [string, TrieNode][] | null;
  tags: number[] | null;
}

/** A phrase and the tag reported when it appears. */
export interface TaggedPhrase {
  readonly phrase: string;
  readonly tag: number;
}

/**
 * Finds many phrases in a text in one pass over its words: a word-level trie built once per
 * criteria version. Per contact this costs a Map lookup or two per word, instead of a regex or an
 * `includes` per phrase, which is what keeps text enrichment cheap with hundreds of phrases.
 * Matching is on whole normalized words, so "book" does not fire inside "facebook".
 */
export class PhraseMatcher {
  private readonly root: TrieNode = { next: null, prefixes: null, tags: null };
  /** Number of distinct tags; `count` returns an array this long. */
  readonly tagCount: number;

  constructor(phrases: readonly TaggedPhrase[]) {
    let maxTag = -1;
    for (const { phrase, tag } of phrases) {
      this.add(phrase, tag);
      if (tag > maxTag) maxTag = tag;
    }
    this.tagCount = maxTag + 1;
  }

  private add(phrase: string, tag: number): void {
    const wildcard = phrase.trimEnd().endsWith('*');
    const words = normalizeText(phrase).split(' ').filter((w) => w.length > 0);
    if (words.length === 0) return;
    let node = this.root;
    words.forEach((word, i) => {
      const isPrefix = wildcard && i === words.length - 1;
      node = isPrefix ? childByPrefix(node, word) : childByWord(node, word);
    });
    node.tags = node.tags ?? [];
    if (!node.tags.includes(tag)) node.tags.push(tag);
  }

  /** Counts, per tag, how many phrase occurrences the words contain. */
  count(words: readonly string[]): Int32Array {
    const counts = new Int32Array(this.tagCount);
    for (let start = 0; start < words.length; start++) this.walk(words, start, counts);
    return counts;
  }

  private walk(words: readonly string[], start: number, counts: Int32Array): void {
    let node: TrieNode | undefined = this.root;
    for (let i = start; node !== undefined && i < words.length; i++) {
      const word = words[i] as string;
      if (node.prefixes !== null) {
        for (const [prefix, child] of node.prefixes) if (word.startsWith(prefix)) addTags(child, counts);
      }
      node = node.next === null ? undefined : node.next.get(word);
      if (node !== undefined) addTags(node, counts);
    }
  }
}

function addTags(node: TrieNode, counts: Int32Array): void {
  if (node.tags === null) return;
  for (const tag of node.tags) counts[tag] = (counts[tag] ?? 0) + 1;
}

function childByWord(node: TrieNode, word: string): TrieNode {
  node.next = node.next ?? new Map();
  let child = node.next.get(word);
  if (!child) {
    child = { next: null, prefixes: null, tags: null };
    node.next.set(word, child);
  }
  return child;
}

function childByPrefix(node: TrieNode, prefix: string): TrieNode {
  node.prefixes = node.prefixes ?? [];
  const found = node.prefixes.find(([p]) => p === prefix);
  if (found) return found[1];
  const child: TrieNode = { next: null, prefixes: null, tags: null };
  node.prefixes.push([prefix, child]);
  return child;
}
