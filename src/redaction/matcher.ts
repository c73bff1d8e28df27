/**
 * Finding hundreds of spellings of a few secrets in a text in one pass, ignoring case. A regular
 * expression with that many alternatives tries each at every position (tens of times slower on
 * every output line and report), and a full automaton of spellings a thousand characters long
 * costs more to build than a run's output costs to scan. So: an Aho–Corasick automaton of the
 * first {@link PREFIX} units of each spelling finds candidates in time linear in the text, and a
 * candidate is then compared with its whole spelling. Nothing backtracks.
 */
import { canonicalUnit, caseKey } from './case-key';

/** Units of each spelling in the automaton: long enough that only a real spelling starts so. */
const PREFIX = 32;

/** Stretches of a text found so far: disjoint, in order. */
interface Stretches {
  starts: number[];
  ends: number[];
}

/** Replaces every occurrence of any of a fixed set of spellings, ignoring case. */
export class SpellingMatcher {
  /** The spellings, in canonical case. */
  private readonly spellings: string[];
  /** Per state: its edges (`first` … `first + count - 1` in `edgeUnit` / `edgeTarget`). */
  private readonly first: Int32Array;
  private readonly count: Int32Array;
  private readonly edgeUnit: Uint16Array;
  private readonly edgeTarget: Int32Array;
  /** Per state: the state of its longest proper suffix that is in the automaton. */
  private readonly fail: Int32Array;
  /** Per state: how many units it stands for. */
  private readonly depth: Int32Array;
  /** Per state: the nearest state, itself or along `fail`, where spellings' prefixes end (-1: none). */
  private readonly output: Int32Array;
  /** Per state where prefixes end: those spellings, longest first. */
  private readonly ending = new Map<number, number[]>();
  /** The root's transitions by unit: the path almost every character of a text takes. */
  private readonly rootNext = new Int32Array(0x10000);

  /** Empty spellings are ignored. */
  constructor(spellings: Iterable<string>) {
    this.spellings = [...new Set([...spellings].filter((s) => s !== '').map(caseKey))];
    this.spellings.sort((a, b) => b.length - a.length);
    // The trie: every edge in one map (state and unit → state); state t is the target of edge t - 1.
    const edges = new Map<number, number>();
    const from: number[] = [];
    const units: number[] = [];
    const depth: number[] = [0];
    this.spellings.forEach((spelling, index) => {
      let state = 0;
      for (let i = 0; i < Math.min(spelling.length, PREFIX); i++) {
        const unit = spelling.charCodeAt(i);
        const key = state * 0x10000 + unit;
        let next = edges.get(key);
        if (next === undefined) {
          next = depth.length;
          edges.set(key, next);
          from.push(state);
          units.push(unit);
          depth.push(i + 1);
        }
        state = next;
      }
      const list = this.ending.get(state) ?? [];
      list.push(index); // longest first, as the spellings are sorted
      this.ending.set(state, list);
    });
    const n = depth.length;
    this.depth = Int32Array.from(depth);
    this.first = new Int32Array(n);
    this.count = new Int32Array(n);
    this.edgeUnit = new Uint16Array(n);
    this.edgeTarget = new Int32Array(n);
    this.fail = new Int32Array(n);
    this.output = new Int32Array(n).fill(-1);
    for (const s of from) this.count[s]!++;
    for (let s = 1; s < n; s++) this.first[s] = this.first[s - 1]! + this.count[s - 1]!;
    const filled = new Int32Array(n);
    for (let t = 1; t < n; t++) {
      const s = from[t - 1]!;
      const e = this.first[s]! + filled[s]!++;
      this.edgeUnit[e] = units[t - 1]!;
      this.edgeTarget[e] = t;
      if (s === 0) this.rootNext[units[t - 1]!] = t;
    }
    // Breadth first: a state's failure link and output are known before its children's.
    const queue = new Int32Array(n);
    let tail = 0;
    queue[tail++] = 0;
    for (let head = 0; head < tail; head++) {
      const s = queue[head]!;
      for (let e = this.first[s]!; e < this.first[s]! + this.count[s]!; e++) {
        const t = this.edgeTarget[e]!;
        const f = s === 0 ? 0 : this.step(this.fail[s]!, this.edgeUnit[e]!);
        this.fail[t] = f;
        this.output[t] = this.ending.has(t) ? t : this.output[f]!;
        queue[tail++] = t;
      }
    }
  }

  /** The state after `unit` (canonical) from `state`, following failure links. */
  private step(state: number, unit: number): number {
    for (let s = state; s !== 0; s = this.fail[s]!) {
      const end = this.first[s]! + this.count[s]!;
      for (let e = this.first[s]!; e < end; e++) if (this.edgeUnit[e] === unit) return this.edgeTarget[e]!;
    }
    return this.rootNext[unit]!;
  }

  /** The length of the longest spelling among `candidates` that `text` holds at `start`, or 0. */
  private longestAt(text: string, start: number, known: number, candidates: number[]): number {
    for (const index of candidates) {
      const spelling = this.spellings[index]!;
      if (start + spelling.length > text.length) continue;
      let j = known;
      while (j < spelling.length && canonicalUnit(text.charCodeAt(start + j)) === spelling.charCodeAt(j)) j++;
      if (j === spelling.length) return j;
    }
    return 0;
  }

  /** Records in `found` the longest match of each spelling whose prefix ends at `i` in `state`. */
  private matchesEndingAt(text: string, i: number, state: number, found: Stretches): void {
    for (let o = this.output[state]!; o !== -1; o = this.output[this.fail[o]!]!) {
      const start = i + 1 - this.depth[o]!;
      const length = this.longestAt(text, start, this.depth[o]!, this.ending.get(o)!);
      if (length === 0) continue;
      let end = start + length;
      const { starts, ends } = found;
      // A match may reach back over stretches found before, and past them: it swallows them.
      while (starts.length > 0 && start <= starts[starts.length - 1]!) {
        starts.pop();
        end = Math.max(end, ends.pop()!);
      }
      if (ends.length > 0 && start <= ends[ends.length - 1]!) {
        ends[ends.length - 1] = Math.max(ends[ends.length - 1]!, end);
      } else {
        starts.push(start);
        ends.push(end);
      }
    }
  }

  /**
   * `text` with each stretch covered by spellings replaced by `replacement`: overlapping (and
   * touching) matches become one stretch, so no part of a longer spelling survives beside a
   * shorter one.
   */
  replace(text: string, replacement: string): string {
    const found: Stretches = { starts: [], ends: [] };
    const { rootNext, output } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = canonicalUnit(text.charCodeAt(i));
      // Most characters start nothing: the root's table answers them without a search.
      state = state === 0 ? rootNext[unit]! : this.step(state, unit);
      if (output[state] !== -1) this.matchesEndingAt(text, i, state, found);
    }
    const { starts, ends } = found;
    if (starts.length === 0) return text;
    let out = '';
    let at = 0;
    for (let k = 0; k < starts.length; k++) {
      out += text.slice(at, starts[k]) + replacement;
      at = ends[k]!;
    }
    return out + text.slice(at);
  }
}
