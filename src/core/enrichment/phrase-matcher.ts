import { normalizeText } from './text-normalize';

interface TrieNode {
  next: Map<string, TrieNode> | null;
  /**
   * Word-prefix edges for phrases ending in "*" ("consult*" matches "consultation"), bucketed by
   * the prefix's first two characters so a word checks only the few prefixes that could match.
   */
  prefixes: Map<number, [string, TrieNode][]> | null;
  tags: number[] | null;
}

/** Bucket key of a word or prefix: its first two character codes (prefixes are ≥ 2 characters). */
function bucketOf(word: string): number {
  return word.charCodeAt(0) * 65536 + (word.length > 1 ? word.charCodeAt(1) : 0);
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
    this.scratch = new Int32Array(this.tagCount);
  }

  private add(phrase: string, tag: number): void {
    const wildcard = phrase.trimEnd().endsWith('*');
    const words = normalizeText(phrase).split(' ').filter((w) => w.length > 0);
    if (words.length === 0) return;
    let node = this.root;
    words.forEach((word, i) => {
      const isPrefix = wildcard && i === words.length - 1 && word.length >= 2;
      node = isPrefix ? childByPrefix(node, word) : childByWord(node, word);
    });
    node.tags = node.tags ?? [];
    if (!node.tags.includes(tag)) node.tags.push(tag);
  }

  /**
   * Counts, per tag, how many phrase occurrences the words contain. The array returned is this
   * matcher's scratch buffer, valid until its next call: read what you need at once. (Allocating a
   * fresh typed array per call showed up as garbage-collection time in the benchmark.)
   */
  count(words: readonly string[]): Int32Array {
    const counts = this.scratch;
    counts.fill(0);
    for (let start = 0; start < words.length; start++) this.walk(words, start, counts);
    return counts;
  }

  private readonly scratch: Int32Array;

  private walk(words: readonly string[], start: number, counts: Int32Array): void {
    let node: TrieNode | undefined = this.root;
    for (let i = start; node !== undefined && i < words.length; i++) {
      const word = words[i] as string;
      const bucket = node.prefixes === null ? undefined : node.prefixes.get(bucketOf(word));
      if (bucket !== undefined) {
        for (const [prefix, child] of bucket) if (word.startsWith(prefix)) addTags(child, counts);
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
  node.prefixes = node.prefixes ?? new Map();
  const key = bucketOf(prefix);
  const bucket = node.prefixes.get(key) ?? [];
  node.prefixes.set(key, bucket);
  const found = bucket.find(([p]) => p === prefix);
  if (found) return found[1];
  const child: TrieNode = { next: null, prefixes: null, tags: null };
  bucket.push([prefix, child]);
  return child;
}
