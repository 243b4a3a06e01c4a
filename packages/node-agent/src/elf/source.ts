import * as fs from 'node:fs';
import type { IoStats } from '../proc/bounded';

/** Random-access bytes of an ELF file. Every read is bounded by the source's budget. */
export interface ByteSource {
  readonly size: number;
  /** Reads up to `length` bytes at `offset`; short at end of file. Throws ElfError past budget. */
  read(offset: number, length: number): Buffer;
}

export class ElfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ElfError';
  }
}

/** Stops a hostile file from making the parser read without end. */
class Budget {
  private used = 0;
  constructor(private readonly limit: number) {}
  take(n: number) {
    this.used += n;
    if (this.used > this.limit)
      throw new ElfError(`read budget of ${this.limit} bytes exhausted`);
  }
}

function checkRange(size: number, offset: number, length: number) {
  if (
    !Number.isSafeInteger(offset) ||
    !Number.isSafeInteger(length) ||
    offset < 0 ||
    length < 0
  ) {
    throw new ElfError(`invalid read at ${offset}+${length}`);
  }
  if (offset > size)
    throw new ElfError(`read at ${offset} beyond end of file (${size})`);
}

export class FdSource implements ByteSource {
  private readonly budget: Budget;
  constructor(
    private readonly fd: number,
    readonly size: number,
    maxBytes: number,
    private readonly stats?: IoStats,
  ) {
    this.budget = new Budget(maxBytes);
  }

  read(offset: number, length: number): Buffer {
    checkRange(this.size, offset, length);
    const want = Math.min(length, this.size - offset);
    this.budget.take(want);
    const buf = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const n = fs.readSync(this.fd, buf, got, want - got, offset + got);
      if (n <= 0) break;
      got += n;
    }
    if (this.stats) this.stats.bytesRead += got;
    return got === want ? buf : buf.subarray(0, got);
  }
}

export class BufferSource implements ByteSource {
  private readonly budget: Budget;
  readonly size: number;
  constructor(
    private readonly buf: Buffer,
    maxBytes = Number.MAX_SAFE_INTEGER,
  ) {
    this.size = buf.length;
    this.budget = new Budget(maxBytes);
  }

  read(offset: number, length: number): Buffer {
    checkRange(this.size, offset, length);
    const end = Math.min(this.size, offset + length);
    this.budget.take(end - offset);
    return this.buf.subarray(offset, end);
  }
}

/** Reads exactly `length` bytes or throws: for fixed-size structures. */
export function readExact(
  src: ByteSource,
  offset: number,
  length: number,
): Buffer {
  const b = src.read(offset, length);
  if (b.length !== length)
    throw new ElfError(`truncated: wanted ${length} bytes at ${offset}`);
  return b;
}
