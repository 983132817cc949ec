import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print } from 'graphql';

/** A registered partner operation. */
export interface RegisteredOperation {
  /** The file it came from (e.g. `ProductPage.graphql`). */
  name: string;
  /** Hex SHA-256 of the document text exactly as registered: what partners send as `persistedQuery.sha256Hash`. */
  sha256: string;
  query: string;
}

/** Hex SHA-256 of a text (what APQ and the safelist identify documents by). */
export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
/** The document in graphql-js's canonical print, so whitespace and comments do not change what is registered. */
const canonical = (text: string, maxTokens?: number) => print(parse(text, { noLocation: true, ...(maxTokens ? { maxTokens } : {}) }));

/**
 * The safelist of partner operations: registered documents by the SHA-256 of their text, and by their canonical form
 * so a partner may also send the full text (reformatted or not). Built from `schema/partner-operations/*.graphql`
 * (one operation per file; CI validates each against the public contract).
 */
export class OperationSafelist {
  private readonly byHash = new Map<string, RegisteredOperation>();
  private readonly byCanonical = new Map<string, RegisteredOperation>();

  constructor(operations: Iterable<{ name: string; query: string }> = []) {
    for (const op of operations) this.register(op.name, op.query);
  }

  /** Reads every `*.graphql` file of `dir` (missing directory: empty safelist). */
  static fromDirectory(dir: string): OperationSafelist {
    if (!existsSync(dir)) return new OperationSafelist();
    const files = readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort();
    return new OperationSafelist(files.map((f) => ({ name: f, query: readFileSync(join(dir, f), 'utf8') })));
  }

  /** Adds an operation; returns its registration (hash of the exact text). */
  register(name: string, query: string): RegisteredOperation {
    const op = { name, sha256: sha256Hex(query), query };
    this.byHash.set(op.sha256, op);
    this.byCanonical.set(canonical(query), op);
    return op;
  }

  get size(): number {
    return this.byHash.size;
  }

  byId(hash: string): RegisteredOperation | undefined {
    return this.byHash.get(hash.toLowerCase());
  }

  /** The registered operation this document text is (ignoring formatting), if any; unparsable text is none. */
  match(query: string, maxTokens = 10_000): RegisteredOperation | undefined {
    const exact = this.byHash.get(sha256Hex(query));
    if (exact) return exact;
    try {
      return this.byCanonical.get(canonical(query, maxTokens));
    } catch {
      return undefined;
    }
  }
}
